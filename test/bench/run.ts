// `npm run bench`: every benchmark in turn on this machine, each against its baseline measured in the
// same run; the combined report goes to bench-results/latest.md (quoted in the README).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Bench {
  name: string;
  what: string;
  args: string[];
}

/** `--full` adds the slow cases (N-1 at 10,000 nodes); `--only a,b` picks benchmarks by name. */
const full = process.argv.includes('--full');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');

const BENCHES: Bench[] = [
  { name: 'mrt-parse', what: 'MRT parse throughput vs `bgpdump -m > /dev/null` (prefix records/s)', args: ['--import', 'tsx', 'test/bench/mrt-parse.ts'] },
  { name: 'bgp-import', what: 'RIB dump of ≥ 1M routes into Neo4j (routes/s, peak RSS) vs parse-only', args: ['--import', 'tsx', 'test/bench/bgp-import.ts'] },
  {
    name: 'n-minus-1',
    what: 'all-devices-and-links N-1, incremental vs full Dijkstra per failure',
    args: ['--expose-gc', '--import', 'tsx', 'test/bench/n-minus-1.ts', ...(full ? [] : ['isp-500', 'Kdl', 'isp-1000', 'isp-2000'])],
  },
  { name: 'gnn-step', what: 'one GraphSAGE-style training step (wasm backend) vs PyTorch when a torch venv is given', args: ['--import', 'tsx', 'test/bench/gnn-step.ts'] },
  { name: 'gnn-impact', what: 'learned failure impact on held-out Topology Zoo networks (Spearman, top-10) and its speed vs exact N-1', args: ['--import', 'tsx', 'test/bench/gnn-impact.ts', ...(full ? ['--full'] : [])] },
  { name: 'gnn-anomaly', what: 'anomaly AUC (BOND protocol, 5 seeds) vs the two-feature heuristic in the same run', args: ['--import', 'tsx', 'test/bench/gnn-anomaly.ts', ...(full ? [] : ['--quick'])] },
];

function run(bench: Bench): Promise<{ code: number; output: string; seconds: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, bench.args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (b: Buffer) => {
      process.stdout.write(b);
      output += b.toString();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ code: code ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average at start ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`;
const sections: string[] = [`# topolens benchmarks\n\nRun ${new Date().toISOString()} on ${machine}.\nEach benchmark measures its baseline in the same run; ratios are the figures to compare.\n`];
let failed = 0;
for (const bench of BENCHES.filter((b) => !only || only.includes(b.name))) {
  process.stdout.write(`\n== ${bench.name}: ${bench.what}\n`);
  const r = await run(bench);
  if (r.code !== 0) failed++;
  sections.push(`## ${bench.name}\n\n${bench.what}. ${r.code === 0 ? '' : `**exited with ${r.code}.** `}${r.seconds.toFixed(0)} s.\n\n\`\`\`\n${r.output.trim()}\n\`\`\`\n`);
}
mkdirSync(path.join(ROOT, 'bench-results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench-results', 'latest.md'), sections.join('\n'));
process.stdout.write(`\nreport: bench-results/latest.md${failed ? ` (${failed} benchmark(s) failed)` : ''}\n`);
process.exitCode = failed ? 1 : 0;
