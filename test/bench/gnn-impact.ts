// Benchmark: learned failure impact (exact disconnection + GNN stretch) against exact N-1 on unseen Topology Zoo networks, and its speed.
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { initBackend } from '../../gnn/backend.js';
import { spearman, topKPrecision } from '../../gnn/rank-metrics.js';
import * as tf from '@tensorflow/tfjs';
import { ImpactModel } from '../../gnn/models/impact-head.js';
import { predictImpact, prepareImpactGraph, trainImpactModel } from '../../gnn/train-impact.js';
import { generateIspTopology } from '../../src/graph/generate-isp-topology.js';
import { rankFailures } from '../../src/graph/n-minus-1.js';
import { labelTopology, perturbTopology as perturb, type LabelledTopology, type Topology } from '../../src/learning/impact-corpus.js';
import { buildImpactPrior, composeImpact, EDGE_FEATURES, extractSnapshotFeatures, NODE_FEATURES } from '../../src/graph/snapshot-features.js';
import { buildSnapshot } from '../../src/graph/snapshot.js';
import { timeCpu, writeBenchResult, type Timed } from './measure.js';
import { readZooTopology, zooDir } from '../unit/graph/zoo-topology.js';

const SEED = 7;
const args = new Set(process.argv.slice(2));
/** `--full` measures exact N-1 at 10,000 devices (≈ 250 s CPU on a fast idle core, ≈ 680 s on the 2-core VM) instead of extrapolating it. */
const full = args.has('--full');
/** `--speed-only` skips training and times an untrained model of the same shape (forward cost does not depend on weights). */
const speedOnly = args.has('--speed-only');
/** `--quick` trains on fewer graphs and epochs (a smoke run, not the reported figures). */
const quick = args.has('--quick');

const label = (name: string, t: Topology): LabelledTopology => labelTopology(name, t, SEED);

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
function time<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

async function main(): Promise<void> {
  const backend = await initBackend();
  if (speedOnly) {
    const f = NODE_FEATURES.length;
    const e = EDGE_FEATURES.length;
    const untrained = new ImpactModel({ inChannels: f, edgeChannels: e, linkChannels: e, hiddenChannels: 32, numLayers: 3, priorMode: 'scale', seed: SEED });
    console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; tfjs backend ${backend.kind}`);
    measureSpeed(untrained, backend.kind);
    untrained.dispose();
    console.log(`load at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    return;
  }
  console.log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? '?'}), ${Math.round(totalmem() / 2 ** 20)} MiB, node ${process.version}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; tfjs backend ${backend.kind}`);

  // Topology Zoo networks of 20..400 devices, split by name order: every 4th is held out (never trained on, not even perturbed).
  const names = readdirSync(zooDir).filter((f) => f.endsWith('.graphml')).map((f) => f.slice(0, -8)).sort();
  const zoo: { name: string; topology: Topology }[] = [];
  for (const name of names) {
    try {
      const topology = readZooTopology(name, { geoCosts: true });
      if (topology.devices.length >= 20 && topology.devices.length <= 400) zoo.push({ name, topology });
    } catch { /* a file the importer rejects is not part of the corpus */ }
  }
  const testZoo = zoo.filter((_, i) => i % 4 === 0 && zoo[i]!.topology.devices.length >= 30);
  const restZoo = zoo.filter((_, i) => i % 4 !== 0).slice(0, quick ? 25 : undefined);
  // Every 5th of the rest picks the epoch (validation); the held-out graphs play no part in any choice.
  const validationZoo = restZoo.filter((_, i) => i % 5 === 4);
  const trainZoo = restZoo.filter((_, i) => i % 5 !== 4);

  const t0 = performance.now();
  const train: LabelledTopology[] = [];
  const ispSizes = quick ? [80, 150] : [80, 120, 160, 200, 250, 300];
  ispSizes.forEach((n, i) => {
    for (const s of [1, 2]) {
      const isp = generateIspTopology({ nodes: n, seed: 100 + 10 * i + s });
      train.push(label(`isp${n}-s${s}`, isp));
      train.push(label(`isp${n}-s${s}-perturbed`, perturb(isp, 500 + i * 10 + s, 0.05)));
    }
  });
  trainZoo.forEach((z, i) => {
    train.push(label(z.name, z.topology));
    if (i % 3 === 0) train.push(label(`${z.name}-perturbed`, perturb(z.topology, 900 + i, 0.05)));
  });
  const validation = validationZoo.map((z) => label(z.name, z.topology));
  const test = testZoo.map((z) => label(z.name, z.topology));
  console.log(`labels: ${train.length} training graphs (${trainZoo.length} Zoo + ${ispSizes.length * 2} ISP, with perturbed copies), ${validation.length} validation and ${test.length} held-out Zoo graphs, exact N-1 + features in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const epochsArg = process.argv.find((x) => x.startsWith('--epochs='));
  const epochs = epochsArg ? Number(epochsArg.slice('--epochs='.length)) : quick ? 3 : 8;
  // The model scales the stretch estimate per element (priorMode 'scale'); it starts as the estimate itself
  // (epoch 0) and keeps the weights of the epoch with the best validation Spearman.
  const validationScore = (m: ImpactModel | undefined): number => mean(validation.map((v) => {
    const impact = composeImpact(v.features, m === undefined ? v.sample.prior! : predictImpact(m, v.sample));
    return (spearman(impact.device, v.exact.device) + spearman(impact.link, v.exact.link)) / 2;
  }).filter((x) => Number.isFinite(x)));
  let best: { epoch: number; score: number; weights: tf.Tensor[] } | undefined;
  const trained = time(() => trainImpactModel(train.map((l) => l.sample), {
    epochs, seed: SEED, hiddenChannels: 32, numLayers: 3, priorMode: 'scale',
    onEpoch: ({ epoch, loss, model: m }) => {
      if (best === undefined) {
        best = { epoch: 0, score: validationScore(undefined), weights: [] };
        console.log(`  epoch 0 (the prior alone) validation Spearman (devices + links) / 2 ${best.score.toFixed(3)}`);
      }
      const score = validationScore(m);
      console.log(`  epoch ${epoch} loss ${loss.toFixed(4)} validation Spearman (devices + links) / 2 ${score.toFixed(3)}`);
      if (score > best.score) {
        tf.dispose(best.weights);
        best = { epoch, score, weights: m.trainableWeights.map((w) => w.clone()) };
      }
    },
  }));
  const { model } = trained.value;
  if (best !== undefined && best.weights.length > 0) model.trainableWeights.forEach((w, i) => w.assign(best!.weights[i]!));
  else if (best !== undefined) model.trainableWeights.forEach((w, i) => { if (i >= model.encoder.trainableWeights.length) w.assign(tf.zerosLike(w)); });
  console.log(`training: ${epochs} epochs in ${(trained.ms / 1000).toFixed(1)} s; kept epoch ${best?.epoch ?? epochs} (validation ${best?.score.toFixed(3) ?? '?'})`);
  if (best !== undefined) tf.dispose(best.weights);

  // Scores on the held-out graphs: the learned model, and the prior it corrects (exact disconnection + pivot stretch estimate).
  const rows: { name: string; n: number; m: number; dev: number; lnk: number; devP: number; lnkP: number; hDev: number; hLnk: number; sDev: number; sLnk: number }[] = [];
  for (const t of test) {
    const pred = predictImpact(model, t.sample);
    const impact = composeImpact(t.features, pred);
    const n = t.snapshot.devices.length;
    const heuristic = composeImpact(t.features, t.sample.prior!);
    rows.push({
      name: t.name, n, m: t.snapshot.links.length,
      dev: spearman(impact.device, t.exact.device), lnk: spearman(impact.link, t.exact.link),
      devP: topKPrecision(impact.device, t.exact.device, 10), lnkP: topKPrecision(impact.link, t.exact.link, 10),
      hDev: spearman(heuristic.device, t.exact.device), hLnk: spearman(heuristic.link, t.exact.link),
      sDev: spearman(pred.device, t.sample.deviceTarget), sLnk: spearman(pred.link, t.sample.linkTarget),
    });
  }
  const ok = (xs: number[]) => xs.filter((v) => Number.isFinite(v));
  console.log('\nheld-out Zoo graph | n | links | rho devices | rho links | P@10 devices | P@10 links | stretch-part rho dev / link');
  for (const r of rows) console.log(`${r.name} | ${r.n} | ${r.m} | ${f3(r.dev)} | ${f3(r.lnk)} | ${f2(r.devP)} | ${f2(r.lnkP)} | ${f3(r.sDev)} / ${f3(r.sLnk)}`);
  console.log(`\nmean (median) over ${rows.length} held-out graphs:`);
  console.log(`  Spearman devices ${f3(mean(ok(rows.map((r) => r.dev))))} (${f3(med(ok(rows.map((r) => r.dev))))}), links ${f3(mean(ok(rows.map((r) => r.lnk))))} (${f3(med(ok(rows.map((r) => r.lnk))))})   goal ≥ 0.9; PyG 0.88–0.94 / 0.85`);
  console.log(`  top-10 precision devices ${f2(mean(rows.map((r) => r.devP)))}, links ${f2(mean(rows.map((r) => r.lnkP)))}   goal ≥ 0.8; PyG 0.67–0.77 / 0.62–0.69`);
  console.log(`  stretch part alone (what is learned), Spearman devices ${f3(mean(ok(rows.map((r) => r.sDev))))}, links ${f3(mean(ok(rows.map((r) => r.sLnk))))}`);
  console.log(`  prior alone (exact disconnection + pivot stretch estimate, no GNN) Spearman devices ${f3(mean(ok(rows.map((r) => r.hDev))))}, links ${f3(mean(ok(rows.map((r) => r.hLnk))))}`);

  measureSpeed(model, backend.kind);
  console.log(`load at end ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  model.dispose();
}

/** One network size of the speed table: medians of the GNN path and the exact N-1 time (measured or extrapolated). */
interface SpeedRow {
  devices: number;
  links: number;
  gnn: { featuresCpuMs: number; tensorsCpuMs: number; forwardCpuMs: number; cpuMs: number; wallMs: number; cpuMsPerRun: number[] };
  exact: { cpuMs: number; wallMs: number | null; measured: boolean; loadBefore?: number; loadAfter?: number };
  ratioCpu: number;
  ratioWall: number | null;
}

/**
 * Speed: every device and link of generated ISP networks, the GNN path (features incl. exact disconnection and
 * the pivot sample, tensors, forward, composition) against exact N-1 (`rankFailures`, what `topolens` runs) on the
 * same snapshot in the same process. Exact N-1 at 10,000 devices takes 4–12 min, so by default it is timed at 1,000
 * and 2,000 devices and extrapolated with the growth exponent measured between them (printed as such); `--full`
 * measures it and writes bench-results/gnn-impact-speed.json.
 */
function measureSpeed(model: ImpactModel, backendKind: string): void {
  const repeats = 3;
  const loadAtStart = loadavg();
  console.log(`\nspeed: process CPU time (wall clock in brackets; CPU time is the steadier figure while other work shares the cores), GNN median of ${repeats} runs before exact N-1 and ${repeats} after it where it is measured`);
  console.log('network | devices | links | features | tensors | forward | GNN total | exact N-1 | ratio');
  const exactCpu = new Map<number, number>();
  const rows: SpeedRow[] = [];
  for (const n of quick ? [1000, 2000] : [1000, 2000, 10000]) {
    const snapshot = buildSnapshot(generateIspTopology({ nodes: n, seed: 3 }));
    const runs: { feats: Timed; prep: Timed; fwd: Timed }[] = [];
    const timeGnn = (count: number) => {
      for (let r = 0; r < count; r++) {
        const feats = timeCpu(() => extractSnapshotFeatures(snapshot, { seed: SEED }));
        const prep = timeCpu(() => prepareImpactGraph({ arrays: feats.value.arrays, linkEnds: feats.value.linkEnds, linkAttr: feats.value.linkAttr, prior: buildImpactPrior(feats.value) }));
        if (runs.length === 0) predictImpact(model, prep.value); // warm-up: kernels and CSR plans
        const fwd = timeCpu(() => composeImpact(feats.value, predictImpact(model, prep.value)));
        prep.value.dispose();
        runs.push({ feats, prep, fwd });
      }
    };
    if (rows.length === 0) extractSnapshotFeatures(snapshot, { seed: SEED }); // JIT warm-up, untimed
    timeGnn(repeats);
    const measureExact = n <= 2000 || full;
    let timedExact: (Timed & { loadBefore: number; loadAfter: number }) | undefined;
    if (measureExact) {
      const loadBefore = loadavg()[0]!;
      timedExact = { ...timeCpu(() => rankFailures(snapshot)), loadBefore, loadAfter: loadavg()[0]! };
      // The exact side runs for minutes while the load moves: time the GNN again after it, and take the median of both.
      timeGnn(repeats);
    }
    const cpuOf = (f: (r: (typeof runs)[number]) => number) => med(runs.map(f));
    const totalCpu = (r: (typeof runs)[number]) => r.feats.cpuMs + r.prep.cpuMs + r.fwd.cpuMs;
    const gnnCpu = cpuOf(totalCpu);
    const gnnWall = cpuOf((r) => r.feats.ms + r.prep.ms + r.fwd.ms);
    const gnn = {
      featuresCpuMs: cpuOf((r) => r.feats.cpuMs), tensorsCpuMs: cpuOf((r) => r.prep.cpuMs), forwardCpuMs: cpuOf((r) => r.fwd.cpuMs), cpuMs: gnnCpu, wallMs: gnnWall,
      cpuMsPerRun: runs.map(totalCpu),
    };
    let exact: string;
    let ratio: string;
    if (timedExact !== undefined) {
      const t = timedExact;
      exactCpu.set(n, t.cpuMs);
      exact = `${(t.cpuMs / 1000).toFixed(1)} s (${(t.ms / 1000).toFixed(1)} s) measured, load ${t.loadBefore.toFixed(1)} → ${t.loadAfter.toFixed(1)}`;
      ratio = `${Math.round(t.cpuMs / gnnCpu)}× (${Math.round(t.ms / gnnWall)}×)`;
      rows.push({
        devices: snapshot.devices.length, links: snapshot.links.length, gnn,
        exact: { cpuMs: t.cpuMs, wallMs: t.ms, measured: true, loadBefore: t.loadBefore, loadAfter: t.loadAfter },
        ratioCpu: t.cpuMs / gnnCpu, ratioWall: t.ms / gnnWall,
      });
    } else {
      const a = exactCpu.get(1000)!;
      const b = exactCpu.get(2000)!;
      const exponent = Math.log(b / a) / Math.log(2);
      const cpuMs = b * (n / 2000) ** exponent;
      exact = `≈ ${(cpuMs / 1000).toFixed(0)} s CPU, extrapolated (n^${exponent.toFixed(2)}, CPU times at 1k and 2k in this run)`;
      ratio = `≈ ${Math.round(cpuMs / gnnCpu)}× (extrapolated)`;
      rows.push({ devices: snapshot.devices.length, links: snapshot.links.length, gnn, exact: { cpuMs, wallMs: null, measured: false }, ratioCpu: cpuMs / gnnCpu, ratioWall: null });
    }
    console.log(`ISP ${n} | ${snapshot.devices.length} | ${snapshot.links.length} | ${gnn.featuresCpuMs.toFixed(0)} ms | ${gnn.tensorsCpuMs.toFixed(0)} ms | ${gnn.forwardCpuMs.toFixed(0)} ms | ${gnnCpu.toFixed(0)} ms (${gnnWall.toFixed(0)} ms) | ${exact} | ${ratio}   goal ≥ 100× at 10,000`);
  }
  if (!full) return;
  const result = {
    benchmark: 'gnn-impact speed',
    runAt: new Date().toISOString(),
    machine: { cpus: availableParallelism(), model: cpus()[0]?.model ?? '?', memoryMiB: Math.round(totalmem() / 2 ** 20), node: process.version, tfjsBackend: backendKind },
    loadAverage: { start: loadAtStart, end: loadavg() },
    model: speedOnly ? 'untrained, same shape (forward cost does not depend on weights)' : 'trained in this run',
    repeatsGnn: repeats,
    rows,
    goal: { ratioAt10000: 100 },
  };
  writeBenchResult('gnn-impact-speed', result);
}

await main();
