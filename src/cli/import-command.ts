// `topolens import [--format F] [--dry-run] [--json] [--skip-bad] FILE…`: parse, then write each unit in one transaction.
import type { Command } from 'commander';
import { formatNames } from '../../import/registry.js';
import { detectBgpFormat, type BgpFormatName } from '../../import/bgp/detect.js';
import { summariseBgpFile, type BgpImportSummary } from '../../import/bgp/summary.js';
import { importFiles, type ImportFileResult } from '../imports/import-files.js';
import { TopolensError } from '../errors.js';
import { createApp } from '../main.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

interface ImportCliOptions {
  format?: string;
  dryRun?: boolean;
  json?: boolean;
  skipBad?: boolean;
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
    .option('--hostname <name>', 'LLDP text without a prompt: the device the output was taken on')
    .action(action(async (files: string[], opts: ImportCliOptions) => {
      const bgp: Array<{ file: string; format: BgpFormatName }> = [];
      const others: string[] = [];
      for (const file of files) {
        const format = opts.format && BGP_FORMATS.includes(opts.format) ? (opts.format as BgpFormatName) : opts.format ? null : await detectBgpFormat(file);
        if (format) bgp.push({ file, format });
        else others.push(file);
      }
      if (bgp.length > 0 && !opts.dryRun) {
        throw new TopolensError('TOPO_BAD_INPUT', `writing BGP data (${bgp.map((b) => b.file).join(', ')}) into Neo4j is not available yet; use --dry-run to parse and count it`);
      }
      const summaries: BgpImportSummary[] = [];
      for (const b of bgp) summaries.push(await summariseBgp(b.file, b.format, opts));
      const results = others.length > 0 ? await importOthers(others, opts) : [];
      printSummary(results, summaries, opts.json ?? false);
    }));
}

async function summariseBgp(file: string, format: BgpFormatName, opts: ImportCliOptions): Promise<BgpImportSummary> {
  return summariseBgpFile(file, format, { file, skipBad: opts.skipBad ?? false });
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

function printSummary(results: ImportFileResult[], bgp: BgpImportSummary[], json: boolean): void {
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
    process.stdout.write(`parsed ${s.file} (${s.format}): ${s.records} records, ${s.announcements} announcements, ${s.withdrawals} withdrawals, ${s.stateChanges} state changes, ${s.peers} peers, ${s.prefixes} prefixes, ${s.errors} bad records, ${s.warnings} warnings\n`);
  }
}
