// Benchmark: one GraphSAGE-style layer training step (forward + backward + SGD) and its forward pass alone (inference)
// at 1k/10k/100k nodes, beside PyTorch.
// Usage: npx tsx test/bench/gnn-step.ts [--sizes 1000,10000] [--rounds 5] [--backend wasm|cpu]
//          [--torch-python /tmp/torchvenv/bin/python --torch-script ../shared/anchors/tfjs/torch_bench.py]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendKind } from '../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../gnn/graph-tensors.js';
import { SageConv } from '../../gnn/layers/sage-conv.js';
import { createRng } from '../../gnn/random.js';
import { writeBenchResult } from './measure.js';

const FEATURES = 64;
const EDGES_PER_NODE = 4;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** E = 4N directed edges with uniform random ends (the anchors' graph family), seeded by N. */
function randomEdges(numNodes: number): { source: Int32Array; target: Int32Array } {
  const rng = createRng(numNodes);
  const numEdges = numNodes * EDGES_PER_NODE;
  const source = new Int32Array(numEdges);
  const target = new Int32Array(numEdges);
  for (let e = 0; e < numEdges; e++) {
    source[e] = Math.floor(rng() * numNodes);
    target[e] = Math.floor(rng() * numNodes);
  }
  return { source, target };
}

/** The measured step, built once per size: h' = relu(h·W_root + mean_j h_j·W_node), loss = mean((h' − y)²), SGD on h and W. */
interface Case {
  numNodes: number;
  graph: GraphTensors;
  step: () => number;
  /** The same loss without a tape: what scoring a network costs. */
  forward: () => number;
  dispose: () => void;
}

function makeCase(numNodes: number, edges: { source: Int32Array; target: Int32Array }): Case {
  const graph = buildGraphTensors({ numNodes, x: new Float32Array(0), numNodeFeatures: 0, ...edges });
  // h is trainable, so the backward pass runs through the aggregation, as in every layer after the first.
  const h = tf.variable(tf.randomUniform([numNodes, FEATURES], -1, 1, 'float32', 1)) as tf.Variable<tf.Rank.R2>;
  const y = tf.randomUniform([numNodes, FEATURES], -1, 1, 'float32', 2);
  const layer = new SageConv({ inChannels: FEATURES, edgeChannels: 0, units: FEATURES, aggr: 'mean', useBias: false, seed: 3 });
  const optimizer = tf.train.sgd(0.01);
  const loss = () => tf.mean(tf.squaredDifference(tf.relu(layer.apply(graph, h)), y)) as tf.Scalar;
  const step = () => {
    const cost = optimizer.minimize(
      () => tf.tidy(loss),
      true,
      [h, ...layer.trainableWeights],
    )!;
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  };
  const forward = () => {
    const cost = tf.tidy(loss);
    const value = cost.dataSync()[0]!;
    cost.dispose();
    return value;
  };
  return {
    numNodes,
    graph,
    step,
    forward,
    dispose: () => {
      layer.dispose();
      optimizer.dispose();
      h.dispose();
      y.dispose();
      graph.dispose();
    },
  };
}

function timeSteps(run: () => number, steps: number): Timing & { leaked: number } {
  run(); // warm-up: first-call kernel setup and CSR weight caches
  const before = tf.memory().numTensors;
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < steps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu), leaked: tf.memory().numTensors - before };
}

/** Wall and process-CPU ms per step, medians; CPU time is the steadier figure when other work shares the cores. */
interface Timing {
  ms: number;
  cpuMs: number;
}

function runTorch(python: string, dir: string, numNodes: number, steps: number): { train: Timing; forward: Timing } | undefined {
  const r = spawnSync(python, [join(dir, 'torch_bench.py'), '1', 'index', String(numNodes), String(steps)], {
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  const line = r.stdout.trim().split('\n').pop();
  if (r.status !== 0 || line === undefined) {
    console.error(`torch failed at N=${numNodes}: ${r.stderr.slice(-400)}`);
    return undefined;
  }
  const parsed = JSON.parse(line) as { train_ms_median: number; train_cpu_ms_median: number; fwd_ms_median: number; fwd_cpu_ms_median: number };
  return {
    train: { ms: parsed.train_ms_median, cpuMs: parsed.train_cpu_ms_median },
    forward: { ms: parsed.fwd_ms_median, cpuMs: parsed.fwd_cpu_ms_median },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1000,10000,100000' },
      rounds: { type: 'string', default: '5' },
      backend: { type: 'string' },
      'torch-python': { type: 'string' },
      'torch-script': { type: 'string' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const rounds = Number(values.rounds);
  const choice = await initBackend(values.backend === undefined ? {} : { prefer: [values.backend as BackendKind] });
  console.log(`machine: ${availableParallelism()} cores, ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}`);
  console.log(`backend: ${choice.kind} (tfjs '${choice.name}'), skipped: ${choice.skipped.map((s) => s.kind).join(', ') || 'none'}`);
  console.log(`step: SageConv mean, F=${FEATURES}, E=${EDGES_PER_NODE}N, forward + backward + SGD on h and W; rounds interleaved, median of rounds`);

  const torchPython = values['torch-python'];
  let torchDir: string | undefined;
  const casesEdges = new Map(sizes.map((n) => [n, randomEdges(n)]));
  if (torchPython !== undefined && values['torch-script'] !== undefined) {
    // torch_bench.py reads graphs/g{N}.bin (int32 sources, then targets) beside itself: give it ours.
    torchDir = mkdtempSync(join(tmpdir(), 'topolens-torch-'));
    mkdirSync(join(torchDir, 'graphs'));
    copyFileSync(values['torch-script'], join(torchDir, 'torch_bench.py'));
    for (const [n, e] of casesEdges) {
      writeFileSync(join(torchDir, 'graphs', `g${n}.bin`), Buffer.concat([Buffer.from(e.source.buffer), Buffer.from(e.target.buffer)]));
    }
  }

  const cases = sizes.map((n) => makeCase(n, casesEdges.get(n)!));
  const stepsFor = (n: number) => (n >= 100_000 ? 3 : n >= 10_000 ? 10 : 20);
  const PHASES = ['train', 'forward'] as const;
  type Phase = (typeof PHASES)[number];
  const newRow = () => ({ tfjs: [] as Timing[], torch: [] as Timing[], wallRatio: [] as number[], cpuRatio: [] as number[] });
  const rows = new Map(sizes.map((n) => [n, { train: newRow(), forward: newRow() } satisfies Record<Phase, ReturnType<typeof newRow>>]));
  for (let round = 1; round <= rounds; round++) {
    for (const c of cases) {
      const row = rows.get(c.numNodes)!;
      const tfjs: Record<Phase, Timing & { leaked: number }> = {
        train: timeSteps(c.step, stepsFor(c.numNodes)),
        forward: timeSteps(c.forward, stepsFor(c.numNodes)),
      };
      // Run right after the tfjs rounds of the same size, so both see about the same load.
      const torch = torchDir === undefined ? undefined : runTorch(torchPython!, torchDir, c.numNodes, stepsFor(c.numNodes) + 5);
      const parts = PHASES.map((phase) => {
        const t = tfjs[phase];
        const r = row[phase];
        r.tfjs.push(t);
        let text = `${phase} tfjs ${t.ms.toFixed(1)} ms (cpu ${t.cpuMs.toFixed(1)}, leaked tensors ${t.leaked})`;
        const p = torch?.[phase];
        if (p !== undefined) {
          r.torch.push(p);
          r.wallRatio.push(t.ms / p.ms);
          r.cpuRatio.push(t.cpuMs / p.cpuMs);
          text += ` vs torch-1t ${p.ms.toFixed(1)} (cpu ${p.cpuMs.toFixed(1)}) = ${(t.ms / p.ms).toFixed(2)}× wall, ${(t.cpuMs / p.cpuMs).toFixed(2)}× cpu`;
        }
        return text;
      });
      console.log(`round ${round} N=${c.numNodes}: ${parts.join('; ')}`);
    }
  }
  const fmt = (xs: number[], digits = 1, unit = '') => (xs.length > 0 ? `${median(xs).toFixed(digits)}${unit}` : '–');
  console.log(`\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('| N | phase | tfjs wall ms | tfjs cpu ms | torch-1t wall ms | torch-1t cpu ms | × torch wall | × torch cpu |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|');
  for (const n of sizes) {
    for (const phase of PHASES) {
      const r = rows.get(n)![phase];
      console.log(
        `| ${n} | ${phase} | ${fmt(r.tfjs.map((t) => t.ms))} | ${fmt(r.tfjs.map((t) => t.cpuMs))} | ${fmt(r.torch.map((t) => t.ms))} | ` +
          `${fmt(r.torch.map((t) => t.cpuMs))} | ${fmt(r.wallRatio, 2, '×')} | ${fmt(r.cpuRatio, 2, '×')} |`,
      );
    }
  }
  console.log('(medians over rounds; ratios are per round, tfjs and torch adjacent in time, then the median; forward = the same loss without a tape)');
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model ?? '?', node: process.version, loadAfter: loadavg() },
    backend: choice.kind,
    rounds,
    sizes: sizes.map((n) => ({
      numNodes: n,
      ...Object.fromEntries(PHASES.map((phase) => {
        const r = rows.get(n)![phase];
        const med = (xs: number[]) => (xs.length > 0 ? median(xs) : null);
        return [phase, {
          tfjsMs: med(r.tfjs.map((t) => t.ms)), tfjsCpuMs: med(r.tfjs.map((t) => t.cpuMs)),
          torchMs: med(r.torch.map((t) => t.ms)), torchCpuMs: med(r.torch.map((t) => t.cpuMs)),
          ratioWall: med(r.wallRatio), ratioCpu: med(r.cpuRatio), perRound: r,
        }];
      })),
    })),
  };
  writeBenchResult('gnn-step', result);
  for (const c of cases) c.dispose();
}

await main();
