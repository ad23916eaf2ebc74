// `topolens import [--format F] [--dry-run] [--json] [--skip-bad] [--window S] FILE…`: parse, then write (BGP in resumable batches).
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { formatNames } from '../../import/registry.js';
import { detectBgpFormat, type BgpFormatName } from '../../import/bgp/detect.js';
import { summariseBgpFile, type BgpImportSummary } from '../../import/bgp/summary.js';
import { importFiles, type ImportFileResult } from '../imports/import-files.js';
import { importBgpFile, DEFAULT_WINDOW_SECONDS, type BgpImportProgress, type BgpImportResult } from '../imports/bgp-import.js';
import { BgpStore } from '../store/bgp-store.js';
import { TopolensError } from '../errors.js';
import { createApp } from '../main.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

interface ImportCliOptions {
  format?: string;
  dryRun?: boolean;
  json?: boolean;
  skipBad?: boolean;
  window?: string;
  hostname?: string;
}

const BGP_FORMATS: readonly string[] = ['mrt', 'ris-live'];

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import topology and routing files into Neo4j (idempotent: importing twice changes nothing)')
    .argument('<files...>', 'files to import')
    .option('-f, --format <name>', `input format, detected from the content when omitted (${[...formatNames(), ...BGP_FORMATS].join(', ')})`)
    .option('--dry-run', 'parse and summarise only; write nothing')
    .option('--json', 'print the summary as JSON on stdout')
    .option('--skip-bad', 'BGP: continue past undecodable records and count them')
    .option('--window <seconds>', `BGP: length of the event-counter windows (default ${DEFAULT_WINDOW_SECONDS})`)
    .option('--hostname <name>', 'LLDP text without a prompt: the device the output was taken on')
    .action(action(async (files: string[], opts: ImportCliOptions) => {
      const bgp: Array<{ file: string; format: BgpFormatName }> = [];
      const others: string[] = [];
      for (const file of files) {
        const format = opts.format && BGP_FORMATS.includes(opts.format) ? (opts.format as BgpFormatName) : opts.format ? null : await detectBgpFormat(file);
        if (format) bgp.push({ file, format });
        else others.push(file);
      }
      const summaries: Array<BgpImportSummary | BgpImportResult> = [];
      if (opts.dryRun) for (const b of bgp) summaries.push(await summariseBgp(b.file, b.format, opts));
      else if (bgp.length > 0) summaries.push(...(await importBgp(bgp, opts)));
      const results = others.length > 0 ? await importOthers(others, opts) : [];
      printSummary(results, summaries, opts.json ?? false);
    }));
}

async function summariseBgp(file: string, format: BgpFormatName, opts: ImportCliOptions): Promise<BgpImportSummary> {
  return summariseBgpFile(file, format, { file, skipBad: opts.skipBad ?? false });
}

function windowSeconds(opts: ImportCliOptions): number {
  if (opts.window === undefined) return DEFAULT_WINDOW_SECONDS;
  const n = Number(opts.window);
  if (!Number.isInteger(n) || n <= 0) throw new TopolensError('TOPO_BAD_INPUT', `--window takes a positive whole number of seconds, got "${opts.window}"`);
  return n;
}

async function importBgp(files: Array<{ file: string; format: BgpFormatName }>, opts: ImportCliOptions): Promise<BgpImportResult[]> {
  const window = windowSeconds(opts);
  const app = await createApp(cliConfig(), { onProgress: progressToStderr });
  const store = new BgpStore(app.executor);
  const results: BgpImportResult[] = [];
  try {
    for (const { file, format } of files) {
      const bar = progressBar(file);
      try {
        results.push(await importBgpFile(store, file, { format, skipBad: opts.skipBad ?? false, windowSeconds: window, onProgress: bar?.update }));
      } finally {
        bar?.stop();
      }
    }
  } finally {
    await app.close();
  }
  return results;
}

/** A bar per phase on a terminal (stderr): compressed bytes read, records/s, ETA; nothing when piped. */
function progressBar(file: string): { update: (p: BgpImportProgress) => void; stop: () => void } | null {
  if (!process.stderr.isTTY) return null;
  const MiB = 1024 * 1024;
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let started = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const update = (p: BgpImportProgress) => {
    if (p.phase !== phase) {
      stop();
      phase = p.phase;
      started = Date.now();
      bar = new cliProgress.SingleBar({
        format: `${p.phase === 'check' ? 'checking' : 'writing '} ${file} |{bar}| {percentage}% | {mib}/{totalMib} MiB | {rate} records/s | ETA {eta_formatted}`,
        stream: process.stderr,
        hideCursor: true,
        etaBuffer: 50,
      }, cliProgress.Presets.shades_classic);
      bar.start(p.totalBytes, 0, { mib: '0.0', totalMib: (p.totalBytes / MiB).toFixed(1), rate: 0 });
    }
    const elapsed = Math.max((Date.now() - started) / 1000, 1e-3);
    bar?.update(p.bytesRead, { mib: (p.bytesRead / MiB).toFixed(1), rate: Math.round(p.records / elapsed) });
  };
  return { update, stop };
}

async function importOthers(files: string[], opts: ImportCliOptions): Promise<ImportFileResult[]> {
  const app = opts.dryRun ? null : await createApp(cliConfig(), { onProgress: progressToStderr });
  try {
    return await importFiles(app?.stores ?? null, files, {
      dryRun: opts.dryRun ?? false,
      ...(opts.format ? { format: opts.format } : {}),
      ...(opts.hostname ? { hostname: opts.hostname } : {}),
    });
  } finally {
    await app?.close();
  }
}

function printSummary(results: ImportFileResult[], bgp: Array<BgpImportSummary | BgpImportResult>, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ files: results, bgp }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    const counts = Object.entries(r.counts).map(([k, v]) => `${v} ${k}`).join(', ');
    process.stdout.write(`${r.dryRun ? 'parsed' : 'imported'} ${r.file} (${r.format}): ${counts}\n`);
    for (const w of r.warnings) process.stdout.write(`  warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
  }
  for (const s of bgp) {
    if ('importId' in s) {
      const w = s.written;
      const what = s.alreadyImported ? 'already imported, nothing written' : `${w.batches} batches written${w.skippedBatches ? ` (${w.skippedBatches} already there)` : ''}, ${w.announcedRoutes} routes set, ${w.withdrawnRoutes} withdrawn, ${w.counterWindows} counter windows updated`;
      process.stdout.write(`imported ${s.file} (${s.format}): ${s.records} records, ${s.announcements} announcements, ${s.withdrawals} withdrawals, ${s.stateChanges} state changes, ${s.peers} peers, ${s.prefixes} prefixes, ${s.errors} bad records, ${s.warnings} warnings; ${what}; ${Math.round(s.routesPerSecond)} routes/s\n`);
      continue;
    }
    process.stdout.write(`parsed ${s.file} (${s.format}): ${s.records} records, ${s.announcements} announcements, ${s.withdrawals} withdrawals, ${s.stateChanges} state changes, ${s.peers} peers, ${s.prefixes} prefixes, ${s.errors} bad records, ${s.warnings} warnings\n`);
  }
}
