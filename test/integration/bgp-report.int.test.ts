// Instability report (GraphQL instabilityReport, `topolens report instability`) on a real MRT updates file,
// against counts derived independently from `bgpdump -m` lines.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { HttpServerHandle } from '../../src/api/http-server.js';
import { startApi } from '../../src/cli/serve-command.js';
import { importBgpFile } from '../../src/imports/bgp-import.js';
import type { App } from '../../src/main.js';
import { BgpStore } from '../../src/store/bgp-store.js';
import { clearDatabase, connectTestApp, testConfig } from '../helpers/test-app.js';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/bgp/${p}`, import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/topolens.js', import.meta.url));
const WINDOW = 300;
const FILE = 'updates.20020722.2238.gz';

interface Counts { announcements: number; withdrawals: number; pathChanges: number; flaps: number; sessionDownWithdrawals: number }
const zero = (): Counts => ({ announcements: 0, withdrawals: 0, pathChanges: 0, flaps: 0, sessionDownWithdrawals: 0 });
const events = (c: Counts) => c.announcements + c.withdrawals + c.sessionDownWithdrawals;

/**
 * Replays `bgpdump -m` lines: per (route, window) counts, and the origin AS of the route's last
 * announced path as of the window's last line (a path ending in a set has none).
 */
function oracle(lines: string[]) {
  const routes = new Map<string, { active: boolean; path: string; origin: number | null }>();
  const windows = new Map<string, Counts & { prefix: string; session: string; origin: number | null; start: number }>();
  const windowOf = (key: string, prefix: string, session: string, t: number) => {
    const start = Math.floor(t / WINDOW) * WINDOW;
    let w = windows.get(`${start} ${key}`);
    if (!w) windows.set(`${start} ${key}`, (w = { ...zero(), prefix, session, origin: null, start }));
    return w;
  };
  for (const line of lines) {
    const f = line.split('|');
    const [t, type, peer, peerAs] = [Number(f[1]), f[2]!, f[3]!, f[4]!];
    const session = `bgp:${peer}|${peerAs}`;
    if (type === 'STATE') {
      if (f[5] !== '6' || f[6] === '6') continue;
      for (const [key, r] of routes) {
        if (!key.startsWith(`${peer}|${peerAs}|`) || !r.active) continue;
        const w = windowOf(key, key.split('|')[2]!, session, t);
        w.sessionDownWithdrawals++;
        w.origin = r.origin;
        r.active = false;
      }
      continue;
    }
    const prefix = f[5]!;
    const key = `${peer}|${peerAs}|${prefix}`;
    const before = routes.get(key);
    const w = windowOf(key, prefix, session, t);
    if (type === 'A') {
      const path = (f[6]!.match(/\d+/g) ?? []).join(' ');
      const tail = /(\d+)$/.exec(f[6]!.trim());
      const origin = tail ? Number(tail[1]) : null;
      w.announcements++;
      if (before && !before.active) w.flaps++;
      else if (before && before.active && before.path !== path) w.pathChanges++;
      routes.set(key, { active: true, path, origin });
      w.origin = origin;
    } else if (type === 'W') {
      w.withdrawals++;
      w.origin = before?.origin ?? null;
      if (before) before.active = false;
      else routes.set(key, { active: false, path: '', origin: null });
    }
  }
  return [...windows.values()];
}

type OracleWindow = ReturnType<typeof oracle>[number];

/** Top `n` keys by events (ties by key), with sums and per-window sums in time order. */
function rank<K extends string | number>(ws: OracleWindow[], keyOf: (w: OracleWindow) => K | null, n: number) {
  const by = new Map<K, { key: K; total: Counts; perWindow: Map<number, Counts> }>();
  for (const w of ws) {
    const k = keyOf(w);
    if (k === null) continue;
    let e = by.get(k);
    if (!e) by.set(k, (e = { key: k, total: zero(), perWindow: new Map() }));
    let pw = e.perWindow.get(w.start);
    if (!pw) e.perWindow.set(w.start, (pw = zero()));
    for (const c of Object.keys(zero()) as Array<keyof Counts>) {
      e.total[c] += w[c];
      pw[c] += w[c];
    }
  }
  return [...by.values()]
    .sort((a, b) => events(b.total) - events(a.total) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, n)
    .map((e) => ({
      key: e.key, ...e.total, events: events(e.total), windowCount: e.perWindow.size,
      windows: [...e.perWindow.entries()].sort((a, b) => a[0] - b[0]).map(([start, c]) => ({ start: new Date(start * 1000).toISOString(), ...c, events: events(c) })),
    }));
}

let app: App;
let api: HttpServerHandle;
let all: OracleWindow[];
let from: number;
let to: number;
beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
  await importBgpFile(new BgpStore(app.executor), fixture(`mrt/${FILE}`), { format: 'mrt' });
  api = await startApi(app, { ...testConfig(), port: 0 });
  all = oracle(gunzipSync(readFileSync(fixture(`expected/${FILE}.bgp.gz`))).toString('utf8').split('\n').filter(Boolean));
  // Leave the first window out, so the range really filters.
  const starts = [...new Set(all.map((w) => w.start))].sort((a, b) => a - b);
  expect(starts.length).toBeGreaterThanOrEqual(3);
  from = starts[1]!;
  to = starts.at(-1)! + WINDOW;
}, 300_000);
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const REPORT = `query R($from: String, $to: String, $first: Int, $orderBy: InstabilityOrder) {
  instabilityReport(from: $from, to: $to, first: $first, orderBy: $orderBy, windowsPerEntry: 500) {
    from to windowSeconds orderBy
    totals { counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } windows prefixes peers }
    prefixes { prefix counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } windowCount windows { start counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } } }
    peers { sessionId counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } windowCount windows { start counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } } }
    originAses { asn counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } windowCount windows { start counts { announcements withdrawals pathChanges flaps sessionDownWithdrawals events } } }
  }
}`;

async function gql(query: string, variables: Record<string, unknown>): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const iso = (s: number) => new Date(s * 1000).toISOString();
type Grouped = { counts: Counts; windowCount: number; windows: Array<{ start: string; counts: Counts }> } & Record<string, unknown>;
/** GraphQL's grouped counts, flattened to the oracle's shape with the entry's name as `key`. */
const withKey = (rows: Grouped[], name: string) =>
  rows.map(({ [name]: key, counts, windowCount, windows }) => ({ key, ...counts, windowCount, windows: windows.map((w) => ({ start: w.start, ...w.counts })) }));

describe('instabilityReport (GraphQL)', () => {
  it('ranks prefixes, peers and origin ASes by churn with the counts bgpdump -m lines give, per window', async () => {
    const inRange = all.filter((w) => w.start >= from && w.start < to);
    const { data, errors } = await gql(REPORT, { from: iso(from), to: iso(to), first: 5 });
    expect(errors).toBeUndefined();
    const r = data.instabilityReport;
    expect([r.from, r.to, r.windowSeconds, r.orderBy]).toEqual([iso(from), iso(to), WINDOW, 'EVENTS']);
    const sum = (c: keyof Counts) => inRange.reduce((n, w) => n + w[c], 0);
    expect(r.totals).toEqual({
      counts: {
        announcements: sum('announcements'), withdrawals: sum('withdrawals'), pathChanges: sum('pathChanges'), flaps: sum('flaps'),
        sessionDownWithdrawals: sum('sessionDownWithdrawals'), events: sum('announcements') + sum('withdrawals') + sum('sessionDownWithdrawals'),
      },
      windows: new Set(inRange.map((w) => w.start)).size, prefixes: new Set(inRange.map((w) => w.prefix)).size, peers: new Set(inRange.map((w) => w.session)).size,
    });
    expect(r.totals.counts.announcements).toBeGreaterThan(0);
    expect(withKey(r.prefixes, 'prefix')).toEqual(rank(inRange, (w) => w.prefix, 5));
    expect(withKey(r.peers, 'sessionId')).toEqual(rank(inRange, (w) => w.session, 5));
    expect(withKey(r.originAses, 'asn')).toEqual(rank(inRange, (w) => w.origin, 5));
  });

  it('orders by withdrawals when asked', async () => {
    const { data, errors } = await gql(REPORT, { first: 3, orderBy: 'WITHDRAWALS' });
    expect(errors).toBeUndefined();
    const got = data.instabilityReport.prefixes.map((p: { counts: Counts }) => p.counts.withdrawals);
    expect(got).toEqual([...got].sort((a: number, b: number) => b - a));
    const most = Math.max(...[...rank(all, (w) => w.prefix, 100_000)].map((e) => e.withdrawals));
    expect(got[0]).toBe(most);
  });

  it('rejects a page out of bounds and a reversed or unreadable range as bad input', async () => {
    for (const vars of [{ first: 0 }, { first: 5, from: iso(to), to: iso(from) }, { first: 5, from: 'yesterday' }]) {
      const { errors } = await gql(REPORT, vars);
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // Past 500 either the complexity limit or the argument check refuses it.
    expect((await gql(REPORT, { first: 501 })).errors?.[0]?.extensions?.code).toMatch(/^(BAD_USER_INPUT|QUERY_TOO_COMPLEX)$/);
  });
});

describe('topolens report instability', () => {
  const env = () => ({ ...process.env, NEO4J_URI: inject('neo4jUri'), LOG_LEVEL: 'warn' });
  const cli = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)('node', [BIN, 'report', 'instability', ...args], { env: env() });
      return { code: 0, stdout };
    } catch (err) {
      const e = err as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  };

  it('prints the same report as JSON, and a text table', async () => {
    const json = await cli('--from', String(from), '--to', iso(to), '--top', '5', '--format', 'json');
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout);
    const inRange = all.filter((w) => w.start >= from && w.start < to);
    expect(r.prefixes.map(({ prefix, ...rest }: { prefix: string }) => ({ key: prefix, ...rest }))).toEqual(rank(inRange, (w) => w.prefix, 5));
    const text = await cli('--top', '3');
    expect(text.code).toBe(0);
    const top = rank(all, (w) => w.prefix, 1)[0]!;
    expect(text.stdout).toMatch(new RegExp(`^${top.key.replace(/[./]/g, '\\$&')}\\s+${top.events}\\s`, 'm'));
  });

  it('exits 2 on a bad option', async () => {
    expect((await cli('--top', '0')).code).toBe(2);
    expect((await cli('--order', 'loudest')).code).toBe(2);
  });
});
