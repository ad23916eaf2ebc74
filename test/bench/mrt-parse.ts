// Benchmark: MRT parse throughput (prefix records/s) of topolens against `bgpdump -m > /dev/null`, same files, same run.
import { spawn } from 'node:child_process';
import { openSync, closeSync, existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readMrt } from '../../import/bgp/mrt.js';

export interface MrtBenchResult {
  file: string;
  prefixRecords: number;
  repeats: number;
  topolensMedianS: number;
  bgpdumpMedianS: number | null;
  topolensPerS: number;
  bgpdumpPerS: number | null;
  /** topolens records/s divided by bgpdump records/s. */
  ratio: number | null;
}

export const DEFAULT_FILES = [
  '../shared/data/bgp/bgpdump/test_data/bview.20020722.2337.gz',
  '../shared/data/bgp/bgpdump/test_data/updates.et-header.2015.gz',
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Seconds one full pass of our reader takes, and how many prefix records (announce/withdraw/RIB) it saw. */
async function timeTopolens(file: string): Promise<{ seconds: number; records: number }> {
  const t0 = process.hrtime.bigint();
  let records = 0;
  for await (const batch of readMrt(file).batches()) {
    for (const ev of batch) if (ev.kind === 'announce' || ev.kind === 'withdraw') records++;
  }
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, records };
}

/** Seconds of `bgpdump -m file > /dev/null`, or null when bgpdump is not installed. */
function timeBgpdump(file: string): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn('bgpdump', ['-q', '-m', file], { stdio: ['ignore', devNull, 'ignore'] });
    child.on('error', (e: NodeJS.ErrnoException) => {
      closeSync(devNull);
      if (e.code === 'ENOENT') resolve(null);
      else reject(e);
    });
    child.on('close', () => {
      closeSync(devNull);
      resolve(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  });
}

export async function benchMrtParse(files: string[] = DEFAULT_FILES, repeats = 5): Promise<MrtBenchResult[]> {
  const results: MrtBenchResult[] = [];
  for (const file of files) {
    await timeTopolens(file); // warm-up: JIT and file cache, not counted
    const ours: number[] = [];
    const theirs: number[] = [];
    let records = 0;
    // Alternate the two so that load from other processes falls on both alike.
    for (let i = 0; i < repeats; i++) {
      const r = await timeTopolens(file);
      ours.push(r.seconds);
      records = r.records;
      const b = await timeBgpdump(file);
      if (b !== null) theirs.push(b);
    }
    const oursMedian = median(ours);
    const theirsMedian = theirs.length > 0 ? median(theirs) : null;
    results.push({
      file,
      prefixRecords: records,
      repeats,
      topolensMedianS: oursMedian,
      bgpdumpMedianS: theirsMedian,
      topolensPerS: Math.round(records / oursMedian),
      bgpdumpPerS: theirsMedian === null ? null : Math.round(records / theirsMedian),
      ratio: theirsMedian === null ? null : Math.round((theirsMedian / oursMedian) * 100) / 100,
    });
  }
  return results;
}

export function machine(): { nproc: number; cpu: string; node: string } {
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version };
}

// Run directly: node dist/test/bench/mrt-parse.js [--repeats N] [--out FILE] [FILE…]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  let repeats = 5;
  let out: string | null = null;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--repeats') repeats = Number(args[++i]);
    else if (args[i] === '--out') out = args[++i] ?? null;
    else files.push(args[i]!);
  }
  const chosen = (files.length > 0 ? files : DEFAULT_FILES).filter((f) => {
    if (existsSync(f)) return true;
    console.error(`skipping ${f}: not found`);
    return false;
  });
  const results = await benchMrtParse(chosen, repeats);
  const report = { benchmark: 'mrt-parse', at: new Date().toISOString(), machine: machine(), results };
  const text = JSON.stringify(report, null, 2);
  if (out) writeFileSync(join(process.cwd(), out), `${text}\n`);
  console.log(text);
}
