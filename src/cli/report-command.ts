// `topolens report instability`: BGP churn for routing teams — top prefixes, peers and origin ASes per window.
import type { Command } from 'commander';
import { TopolensError } from '../errors.js';
import { createApp } from '../main.js';
import { BgpStore, INSTABILITY_ORDERS, isoOf, reportWithIsoTimes, type ChurnCounts, type InstabilityOrder, type InstabilityReport } from '../store/bgp-store.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

interface InstabilityCliOptions {
  from?: string;
  to?: string;
  top: string;
  order: string;
  window?: string;
  windows: string;
  format: string;
}

/** ISO 8601 (`2016-08-11T16:00:00Z`) or Unix seconds, as whole Unix seconds. */
function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  const ms = /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw new TopolensError('TOPO_BAD_INPUT', `--${name} "${value}": expected an ISO 8601 time (2016-08-11T16:00:00Z) or Unix seconds`);
  return Math.floor(ms / 1000);
}

function parseCount(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new TopolensError('TOPO_BAD_INPUT', `--${name} "${value}": expected a whole number`);
  return Number(value);
}

const ORDER_BY_FLAG: Record<string, InstabilityOrder> = { events: 'events', announcements: 'announcements', withdrawals: 'withdrawals', 'path-changes': 'pathChanges', flaps: 'flaps' };

export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('reports over the stored routing state');
  report
    .command('instability')
    .description('BGP churn over event windows starting in [--from, --to): totals, top prefixes, peers and origin ASes')
    .option('--from <time>', 'ISO 8601 or Unix seconds (default: the first stored window)')
    .option('--to <time>', 'end of the range, exclusive (default: just after the last stored window)')
    .option('--top <n>', 'entries per ranking (1–500)', '20')
    .option('--order <what>', `rank by ${Object.keys(ORDER_BY_FLAG).join('|')} (events = announcements + withdrawals + session-down withdrawals)`, 'events')
    .option('--window <seconds>', 'window length as imported (default: the only one stored, else 300)')
    .option('--windows <n>', 'per-window rows per entry in JSON output (0–500)', '100')
    .option('--format <format>', 'text or json', 'text')
    .action(action(async (opts: InstabilityCliOptions) => {
      if (opts.format !== 'text' && opts.format !== 'json') throw new TopolensError('TOPO_BAD_INPUT', `--format "${opts.format}": expected text or json`);
      const orderBy = ORDER_BY_FLAG[opts.order];
      if (orderBy === undefined || !INSTABILITY_ORDERS.includes(orderBy)) throw new TopolensError('TOPO_BAD_INPUT', `--order "${opts.order}": expected one of ${Object.keys(ORDER_BY_FLAG).join(', ')}`);
      const query = {
        from: parseTime('from', opts.from),
        to: parseTime('to', opts.to),
        top: parseCount('top', opts.top),
        windowLimit: parseCount('windows', opts.windows),
        windowSeconds: opts.window === undefined ? undefined : parseCount('window', opts.window),
        orderBy,
      };
      const app = await createApp(cliConfig(), { onProgress: progressToStderr });
      let result: InstabilityReport;
      try {
        result = await new BgpStore(app.executor).instabilityReport(query);
      } finally {
        await app.close();
      }
      process.stdout.write(opts.format === 'json' ? `${JSON.stringify(reportWithIsoTimes(result), null, 2)}\n` : formatText(result));
    }));
}

const counts = (c: ChurnCounts) => [c.events, c.announcements, c.withdrawals, c.sessionDownWithdrawals, c.pathChanges, c.flaps].map(String);

function table(title: string, rows: Array<[string, ChurnCounts & { windowCount: number }]>): string[] {
  if (rows.length === 0) return [`${title}: none`];
  const head = [title, 'events', 'announce', 'withdraw', 'sess-down', 'path-chg', 'flaps', 'windows'];
  const body = rows.map(([name, c]) => [name, ...counts(c), String(c.windowCount)]);
  const width = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ');
  return [fmt(head), ...body.map(fmt)];
}

function formatText(r: InstabilityReport): string {
  const t = r.totals;
  return `${[
    `BGP instability ${isoOf(r.from)} – ${isoOf(r.to)} (windows of ${r.windowSeconds} s, ranked by ${r.orderBy})`,
    `totals: ${t.events} events = ${t.announcements} announcements + ${t.withdrawals} withdrawals + ${t.sessionDownWithdrawals} session-down withdrawals; ` +
      `${t.pathChanges} path changes, ${t.flaps} flaps; ${t.prefixes} prefixes, ${t.peers} peers, ${t.windows} windows`,
    '',
    ...table('prefix', r.prefixes.map((e) => [e.prefix, e])),
    '',
    ...table('peer', r.peers.map((e) => [`${e.peerAddress} AS${e.peerAsn}`, e])),
    '',
    ...table('origin AS', r.originAses.map((e) => [`AS${e.asn}`, e])),
  ].join('\n')}\n`;
}
