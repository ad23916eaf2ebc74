// `topolens impact`: what a change breaks, exactly, with an exit code a deploy pipeline can gate on.
import type { Command } from 'commander';
import { analyseChange, type ChangeRequest, type ImpactReport } from '../analysis/change-impact.js';
import { TopolensError } from '../errors.js';
import { createApp } from '../main.js';
import { action, cliConfig, EXIT_FAILURE, progressToStderr } from './run-command.js';

interface ImpactCliOptions {
  failDevice: string[];
  failLink: string[];
  failSrlg: string[];
  cost: string[];
  maxLostPairs?: string;
  maxStretch?: string;
  format: string;
  allPairs?: boolean;
  traffic?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function parseCost(spec: string): { link: string; cost: number } {
  const m = /^(.+)=(\d+(?:\.\d+)?)$/.exec(spec);
  if (!m || Number(m[2]) <= 0) throw new TopolensError('TOPO_BAD_INPUT', `--cost "${spec}": expected A:B=N (both directions) or A>B=N (A's direction), N > 0`);
  return { link: m[1] as string, cost: Number(m[2]) };
}

function parseLimit(name: string, value: string | undefined, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) throw new TopolensError('TOPO_BAD_INPUT', `--${name} "${value}": expected a ${integer ? 'whole ' : ''}number ≥ 0`);
  return n;
}

export function registerImpactCommand(program: Command): void {
  program
    .command('impact')
    .description('exact impact of failing devices/links or changing costs; exit 0 within thresholds, 1 over, 2 on bad input')
    .option('--fail-device <name>', 'take a device down (id, hostname or router id); repeatable', collect, [])
    .option('--fail-link <A:B>', 'take down every link between A and B (or a link id); repeatable', collect, [])
    .option('--fail-srlg <tag>', 'take down every link carrying this shared-risk tag; repeatable', collect, [])
    .option('--cost <A:B=N>', 'set the cost of A–B in both directions (A>B=N: only A→B); repeatable', collect, [])
    .option('--max-lost-pairs <n>', 'most ordered device pairs that may lose reachability', '0')
    .option('--max-stretch <ratio>', 'largest allowed after/before path-cost ratio')
    .option('--format <format>', 'text or json (the stable contract for scripts)', 'text')
    .option('--all-pairs', 'json: also list every ordered pair with its cost before and after')
    .option('--traffic', 'json: also list link directions whose ECMP share of a uniform and a gravity traffic matrix changes')
    .action(action(async (opts: ImpactCliOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new TopolensError('TOPO_BAD_INPUT', `--format "${opts.format}": expected text or json`);
      const request: ChangeRequest = { failDevices: opts.failDevice, failLinks: opts.failLink, failSrlgs: opts.failSrlg, costChanges: opts.cost.map(parseCost) };
      if (Object.values(request).every((v) => v.length === 0)) throw new TopolensError('TOPO_BAD_INPUT', 'nothing to analyse: give --fail-device, --fail-link, --fail-srlg or --cost');
      const thresholds = {
        maxLostPairs: parseLimit('max-lost-pairs', opts.maxLostPairs, true) ?? 0,
        ...(opts.maxStretch !== undefined ? { maxStretch: parseLimit('max-stretch', opts.maxStretch, false) as number } : {}),
      };
      const app = await createApp(cliConfig(), { onProgress: progressToStderr });
      let report: ImpactReport;
      try {
        report = analyseChange(await app.snapshots.current(), request, thresholds, { allPairs: opts.allPairs ?? false, traffic: opts.traffic ?? false });
      } finally {
        await app.close();
      }
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatText(report));
      if (report.verdict === 'fail') process.exitCode = EXIT_FAILURE;
    }));
}

function formatText(r: ImpactReport): string {
  const lines: string[] = [];
  const down = [...r.failedDevices.map((d) => `device ${d}`), ...r.failedLinks.map((l) => `link ${l}`)];
  lines.push(`change: ${down.length > 0 ? down.join(', ') : 'cost changes only'}`);
  lines.push(`verdict: ${r.verdict.toUpperCase()}${r.exceeded.length > 0 ? ` (exceeded: ${r.exceeded.join(', ')})` : ''}  impact ${r.impact.toFixed(4)}`);
  lines.push(`lost pairs: ${r.lostPairs.length} (max ${r.thresholds.maxLostPairs})   changed pairs: ${r.changedPairs.length}   stretch max ${r.stretch.max.toFixed(2)}${r.thresholds.maxStretch !== null ? ` (max ${r.thresholds.maxStretch})` : ''}, p95 ${r.stretch.p95.toFixed(2)}`);
  if (r.isolatedDevices.length > 0) lines.push(`cut off: ${r.isolatedDevices.join(', ')}`);
  if (r.affectedPrefixes.length > 0) lines.push(`prefixes losing their origin/next hop: ${r.affectedPrefixes.map((p) => p.prefix).join(', ')}`);
  const rows = r.lostPairs.slice(0, 10).map(([f, t]) => [f, t, 'reachable', 'LOST']);
  const worst = [...r.changedPairs].sort((a, b) => b.after / b.before - a.after / a.before).slice(0, 10);
  rows.push(...worst.map((p) => [p.from, p.to, String(p.before), `${p.after}  via ${p.pathAfter.join(' > ')}`]));
  if (rows.length > 0) {
    const width = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] as string).length), ['from', 'to', 'before'][i]!.length));
    const fmt = (row: string[]) => row.map((c, i) => (i < 3 ? c.padEnd(width[i] as number) : c)).join('  ');
    lines.push('', fmt(['from', 'to', 'before', 'after']), ...rows.map(fmt));
    const more = r.lostPairs.length + r.changedPairs.length - rows.length;
    if (more > 0) lines.push(`… and ${more} more (--format json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}
