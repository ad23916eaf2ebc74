// `topolens import [--format F] [--dry-run] [--json] FILE…`: parse, then write each file in one transaction.
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { formatNames } from '../../import/registry.js';
import { importFile, type ImportFileResult } from '../imports/import-files.js';
import { createApp } from '../main.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

interface ImportCliOptions {
  format?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import topology or routing files into Neo4j (idempotent: importing twice changes nothing)')
    .argument('<files...>', 'files to import')
    .option('-f, --format <name>', `input format, detected from the content when omitted (${formatNames().join(', ')})`)
    .option('--dry-run', 'parse and summarise only; write nothing')
    .option('--json', 'print the summary as JSON on stdout')
    .action(action(async (files: string[], opts: ImportCliOptions) => {
      const config = cliConfig();
      const app = opts.dryRun ? null : await createApp(config, { onProgress: progressToStderr });
      const bar = process.stderr.isTTY && !opts.json && files.length > 1
        ? new SingleBar({ format: 'importing [{bar}] {value}/{total} files | {file}', stream: process.stderr }, Presets.shades_classic)
        : null;
      const results: ImportFileResult[] = [];
      try {
        bar?.start(files.length, 0, { file: '' });
        for (const file of files) {
          bar?.update(results.length, { file });
          results.push(await importFile(app?.store ?? null, file, { ...(opts.format ? { format: opts.format } : {}), dryRun: opts.dryRun ?? false }));
        }
        bar?.update(results.length, { file: 'done' });
      } finally {
        bar?.stop();
        await app?.close();
      }
      printSummary(results, opts.json ?? false);
    }));
}

function printSummary(results: ImportFileResult[], json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ files: results }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    const verb = r.dryRun ? 'parsed' : 'imported';
    process.stdout.write(`${verb} ${r.file} (${r.format}): ${r.written.devices} devices, ${r.written.links} links, ${r.written.interfaces} interfaces\n`);
    for (const w of r.warnings) process.stdout.write(`  warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
  }
}
