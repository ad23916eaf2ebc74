// Benchmark: all-devices-and-links N-1 (incremental) against the full-SPF-per-failure baseline, on Kdl and generated ISP topologies.
import { cpus, availableParallelism, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generateIspTopology } from '../../src/graph/generate-isp-topology.js';
import { rankFailures } from '../../src/graph/n-minus-1.js';
import { computeAllPairCosts, rankFailuresBaseline } from '../../src/graph/n-minus-1-baseline.js';
import { buildSnapshot, type Snapshot } from '../../src/graph/snapshot.js';
import { readZooTopology } from '../unit/graph/zoo-topology.js';
import { timeCpu } from './measure.js';

export interface BenchCase {
  name: string;
  load: () => Snapshot;
  /** Incremental runs (median reported). */
  runs: number;
  /** 'full' runs the whole baseline; a number times that many sampled failures and extrapolates. */
  baseline: 'full' | number;
}

export interface BenchResult {
  name: string;
  devices: number;
  links: number;
  failures: number;
  buildMs: number;
  incrementalMs: number[];
  incrementalCpuMs: number[];
  medianMs: number;
  rssMiB: number;
  maxRssMiB: number;
  baselineMode: string;
  baselineMs: number;
  ratio: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

const time = timeCpu;

/** Seeded pick of `k` distinct element indices out of `total`. */
function sample(total: number, k: number, seed: number): number[] {
  let state = seed >>> 0;
  const next = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 4294967296; };
  const chosen = new Set<number>();
  while (chosen.size < Math.min(k, total)) chosen.add(Math.floor(next() * total));
  return [...chosen];
}

export function runCase(c: BenchCase, log: (line: string) => void = console.log): BenchResult {
  (globalThis as { gc?: () => void }).gc?.();
  const built = time(c.load);
  const snap = built.value;
  const failures = snap.devices.length + snap.links.length;
  const runs = Array.from({ length: c.runs }, () => time(() => rankFailures(snap)));
  const fast = runs[0]!.value;
  const mem = process.memoryUsage();
  const maxRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const medianMs = median(runs.map((r) => r.ms));
  log(`${c.name}: ${snap.devices.length} devices, ${snap.links.length} links, ${failures} failures; incremental ${runs.map((r) => `${(r.ms / 1000).toFixed(2)} s (cpu ${(r.cpuMs / 1000).toFixed(2)} s)`).join(', ')}`);

  let baselineMs: number;
  let baselineMode: string;
  const byKey = new Map(fast.ranking.map((r) => [`${r.kind}:${r.id}`, r]));
  if (c.baseline === 'full') {
    const slow = time(() => rankFailuresBaseline(snap));
    if (JSON.stringify(slow.value) !== JSON.stringify(fast)) throw new Error(`${c.name}: incremental and baseline differ`);
    baselineMs = slow.ms;
    baselineMode = 'full (measured)';
  } else {
    // One all-pairs pass, then each sampled failure timed alone: total ≈ pass + median per failure × failures.
    const pass = time(() => computeAllPairCosts(snap));
    const elements = sample(failures, c.baseline, 7);
    const per = elements.map((e) => {
      const r = time(() => rankFailuresBaseline(snap, { elements: [e], base: pass.value }));
      const got = r.value.ranking[0]!;
      if (JSON.stringify(got) !== JSON.stringify(byKey.get(`${got.kind}:${got.id}`))) throw new Error(`${c.name}: element ${e} differs from baseline`);
      return r.ms;
    });
    baselineMs = pass.ms + median(per) * failures;
    baselineMode = `estimated: all-pairs pass ${(pass.ms / 1000).toFixed(1)} s + median ${(median(per) / 1000).toFixed(3)} s/failure over ${elements.length} sampled failures × ${failures}`;
  }
  const ratio = baselineMs / medianMs;
  log(`  baseline ${(baselineMs / 1000).toFixed(1)} s (${baselineMode}); ratio ${ratio.toFixed(1)}×; rss ${mib(mem.rss)} MiB, max rss ${maxRssMiB} MiB`);
  return {
    name: c.name, devices: snap.devices.length, links: snap.links.length, failures,
    buildMs: built.ms, incrementalMs: runs.map((r) => r.ms), incrementalCpuMs: runs.map((r) => r.cpuMs), medianMs,
    rssMiB: mib(mem.rss), maxRssMiB, baselineMode, baselineMs, ratio,
  };
}

export const defaultCases: BenchCase[] = [
  { name: 'isp-500 (check: full baseline)', load: () => buildSnapshot(generateIspTopology({ nodes: 500, seed: 1 })), runs: 3, baseline: 'full' },
  { name: 'zoo Kdl (hop count)', load: () => buildSnapshot(readZooTopology('Kdl'), { defaultCost: 1 }), runs: 3, baseline: 40 },
  { name: 'zoo Kdl (distance costs)', load: () => buildSnapshot(readZooTopology('Kdl', { geoCosts: true })), runs: 3, baseline: 40 },
  { name: 'isp-1000', load: () => buildSnapshot(generateIspTopology({ nodes: 1000, seed: 1 })), runs: 3, baseline: 30 },
  { name: 'isp-2000', load: () => buildSnapshot(generateIspTopology({ nodes: 2000, seed: 1 })), runs: 3, baseline: 20 },
  { name: 'isp-10000', load: () => buildSnapshot(generateIspTopology({ nodes: 10000, seed: 1 })), runs: 1, baseline: 4 },
];

export function runBenchmark(cases: BenchCase[] = defaultCases, log: (line: string) => void = console.log): BenchResult[] {
  log(`machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), ${mib(totalmem())} MiB, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}; single-threaded`);
  const results = cases.map((c) => runCase(c, log));
  log('\n| topology | devices | links | failures | incremental median (cpu) | baseline | ratio | max RSS |');
  log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    log(`| ${r.name} | ${r.devices} | ${r.links} | ${r.failures} | ${(r.medianMs / 1000).toFixed(2)} s (${(median(r.incrementalCpuMs) / 1000).toFixed(2)} s) | ${(r.baselineMs / 1000).toFixed(0)} s${r.baselineMode.startsWith('full') ? '' : ' (est.)'} | ${r.ratio.toFixed(0)}× | ${r.maxRssMiB} MiB |`);
  }
  const isp = results.filter((r) => r.name.startsWith('isp-'));
  for (let i = 1; i < isp.length; i++) {
    const [a, b] = [isp[i - 1]!, isp[i]!];
    log(`growth ${a.devices}→${b.devices} devices: time ×${(b.medianMs / a.medianMs).toFixed(1)}, exponent ${(Math.log(b.medianMs / a.medianMs) / Math.log(b.devices / a.devices)).toFixed(2)}`);
  }
  log(`load average at end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  return results;
}

// `node dist/test/bench/n-minus-1.js [case-name-substring…]` runs the matching cases (all by default).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const filters = process.argv.slice(2);
  runBenchmark(filters.length > 0 ? defaultCases.filter((c) => filters.some((f) => c.name.includes(f))) : defaultCases);
}
