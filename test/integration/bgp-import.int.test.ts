// BGP imports against the real Neo4j: counts checked against bgpdump's own output, idempotence, bad input, resuming, event counters.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.js';
import { importBgpFile, type BgpImportOptions } from '../../src/imports/bgp-import.js';
import type { App } from '../../src/main.js';
import { BgpStore, type BgpWriteBatch } from '../../src/store/bgp-store.js';
import { clearDatabase, connectTestApp, graphCounts } from '../helpers/test-app.js';
import { asPath, attribute, bgp4mpMessage, bgpUpdate, ipv4, mrtRecord, nlri } from '../unit/bgp/mrt-builder.js';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/bgp/${p}`, import.meta.url));
const mrt = (name: string) => fixture(`mrt/${name}`);

/** What the store must hold after importing one file, derived from `bgpdump -m` output alone. */
interface Expected {
  routes: number;
  activeRoutes: number;
  prefixes: number;
  peers: number;
  asns: number;
  adjacencies: number;
  origins: number;
  announcements: number;
  withdrawals: number;
  windows: number;
}

/** bgpdump's AS path text: plain ASNs are sequence members; `{…}` sets and `(…)`/`[…]` confederation parts break adjacency chains. */
function pathTokens(text: string): Array<number | number[]> {
  return [...text.matchAll(/\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|\d+/g)].map((m) => (/^\d+$/.test(m[0]) ? Number(m[0]) : (m[0].match(/\d+/g) ?? []).map(Number)));
}

function expectFromBgpdump(expectedFile: string, windowSeconds = 300): Expected & { asnSet: Set<number> } {
  const lines = gunzipSync(readFileSync(fixture(`expected/${expectedFile}`))).toString('utf8').split('\n').filter(Boolean);
  const last = new Map<string, string>();
  const prefixes = new Set<string>();
  const peers = new Set<string>();
  const asns = new Set<number>();
  const adjacencies = new Set<string>();
  const origins = new Set<string>();
  const windows = new Set<string>();
  let announcements = 0;
  let withdrawals = 0;
  for (const line of lines) {
    const f = line.split('|');
    const addPath = f[0]!.endsWith('_AP');
    const [type, peer, peerAs] = [f[2]!, f[3]!, Number(f[4])];
    peers.add(`${peer}|${peerAs}`);
    asns.add(peerAs);
    if (type === 'STATE') continue;
    const prefix = f[5]!;
    const key = `${peer}|${peerAs}|${prefix}${addPath ? `#${f[6]}` : ''}`;
    last.set(key, type);
    prefixes.add(prefix);
    if (type === 'A') announcements++;
    if (type === 'W') withdrawals++;
    if (type !== 'B') windows.add(`${key}@${Math.floor(Number(f[1]) / windowSeconds)}`);
    if (type === 'W') continue;
    const tokens = pathTokens(f[addPath ? 7 : 6]!);
    let prev: number | null = null;
    for (const t of tokens) {
      if (typeof t === 'number') {
        asns.add(t);
        if (prev !== null && prev !== t) adjacencies.add(`${prev}>${t}`);
        prev = t;
      } else {
        for (const a of t) asns.add(a);
        prev = null;
      }
    }
    const tail = tokens.at(-1);
    if (typeof tail === 'number') origins.add(`${prefix}|${tail}`);
  }
  return {
    routes: last.size,
    activeRoutes: [...last.values()].filter((t) => t !== 'W').length,
    prefixes: prefixes.size,
    peers: peers.size,
    asns: asns.size,
    adjacencies: adjacencies.size,
    origins: origins.size,
    announcements,
    withdrawals,
    windows: windows.size,
    asnSet: asns,
  };
}

let app: App;
let store: BgpStore;
beforeAll(async () => {
  app = await connectTestApp();
  store = new BgpStore(app.executor);
});
afterAll(async () => app?.close());
beforeEach(async () => clearDatabase(app.executor));

const importMrt = (file: string, opts: Partial<BgpImportOptions> = {}, s: BgpStore = store) => importBgpFile(s, file, { format: 'mrt', ...opts });

async function stored(): Promise<Expected & { sessions: number }> {
  const c = await store.counts();
  const [o] = await app.executor.read('MATCH (:Prefix)-[r:ORIGINATED_BY]->(:AutonomousSystem) RETURN count(r) AS n');
  const [w] = await app.executor.read('MATCH (w:BgpEventWindow) RETURN count(w) AS n, sum(w.announcements) AS a, sum(w.withdrawals) AS w');
  return {
    routes: c.routes!, activeRoutes: c.activeRoutes!, prefixes: c.prefixes!, peers: c.sessions!, sessions: c.sessions!, asns: c.asns!,
    adjacencies: c.adjacencies!, origins: Number(o?.n), announcements: Number(w?.a ?? 0), withdrawals: Number(w?.w ?? 0), windows: Number(w?.n),
  };
}

describe('BGP import: counts against bgpdump -m', () => {
  it.each([
    ['updates.20020722.2238.gz'],
    ['updates.20100722.2015.gz'],
  ])('an updates file: %s', async (name) => {
    const { asnSet: _, ...want } = expectFromBgpdump(`${name}.bgp.gz`);
    const result = await importMrt(mrt(name));
    expect(result.errors).toBe(0);
    expect(result.announcements).toBe(want.announcements);
    expect(result.withdrawals).toBe(want.withdrawals);
    expect(await stored()).toEqual({ ...want, sessions: want.peers });
  });

  it.each([
    ['bview.ipv4_unicast_add_path.gz'],
    ['bview.64k_stream_overflow.gz'],
  ])('a RIB dump (entries set state, not counters): %s', async (name) => {
    const { asnSet, ...want } = expectFromBgpdump(`${name}.bgp.gz`);
    await importMrt(mrt(name));
    const got = await stored();
    // The PEER_INDEX_TABLE may list peers with no routes in the dump: they are sessions (and ASes) too.
    expect(got.sessions).toBeGreaterThanOrEqual(want.peers);
    const sessionAsns = (await app.executor.read('MATCH (s:BgpSession) RETURN s.peerAsn AS asn')).map((r) => Number(r.asn));
    expect({ ...got, peers: want.peers, sessions: 0 }).toEqual({ ...want, asns: new Set([...asnSet, ...sessionAsns]).size, sessions: 0 });
  });

  it('ADD-PATH entries are separate routes per path id', async () => {
    await importMrt(mrt('bview.ipv4_unicast_add_path.gz'));
    const rows = await app.executor.read("MATCH (r:Route {prefix: '10.0.10.0/24', peerAddress: '10.0.15.1'}) RETURN r.pathId AS pathId, r.asPath AS asPath ORDER BY pathId");
    expect(rows).toContainEqual({ pathId: 36, asPath: [65015, 65014, 65013, 65012, 65011] });
    expect(rows).toContainEqual({ pathId: 38, asPath: [65015, 65014, 65013, 65012, 65011, 65010] });
  });
});

describe('BGP import: idempotence and resuming', () => {
  it('importing the same files twice leaves every count identical', async () => {
    await importMrt(mrt('updates.20020722.2238.gz'));
    await importMrt(mrt('bview.64k_stream_overflow.gz'));
    const once = await graphCounts(app.executor);
    const windowsOnce = await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS p, w.flaps AS f ORDER BY id');
    const again = await importMrt(mrt('updates.20020722.2238.gz'));
    await importMrt(mrt('bview.64k_stream_overflow.gz'));
    expect(again.alreadyImported).toBe(true);
    expect(await graphCounts(app.executor)).toEqual(once);
    expect(await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS p, w.flaps AS f ORDER BY id')).toEqual(windowsOnce);
  });

  it('a write that fails mid-file leaves whole batches, and a re-run completes the import exactly', async () => {
    const file = mrt('updates.20100722.2015.gz');
    await importMrt(file, { batchEvents: 500 });
    const clean = await graphCounts(app.executor);
    const cleanWindows = await app.executor.read('MATCH (w:BgpEventWindow) RETURN sum(w.announcements) AS a, sum(w.withdrawals) AS w, sum(w.pathChanges) AS p, sum(w.flaps) AS f');
    await clearDatabase(app.executor);

    // A store whose third batch fails, as a lost connection would.
    class FailingStore extends BgpStore {
      calls = 0;
      override async writeBatch(importId: string, batch: BgpWriteBatch, windowSeconds: number) {
        if (++this.calls === 3) throw new Error('connection lost');
        return super.writeBatch(importId, batch, windowSeconds);
      }
    }
    await expect(importMrt(file, { batchEvents: 500 }, new FailingStore(app.executor))).rejects.toThrow('connection lost');
    const partial = await graphCounts(app.executor);
    expect(partial[':Route']).toBeGreaterThan(0);
    expect(partial[':Route']).toBeLessThan(clean[':Route']!);

    // A different batch size on the re-run must still resume exactly where the watermark says.
    const rerun = await importMrt(file, { batchEvents: 700 });
    expect(rerun.alreadyImported).toBe(false);
    expect(await graphCounts(app.executor)).toEqual(clean);
    expect(await app.executor.read('MATCH (w:BgpEventWindow) RETURN sum(w.announcements) AS a, sum(w.withdrawals) AS w, sum(w.pathChanges) AS p, sum(w.flaps) AS f')).toEqual(cleanWindows);
  });
});

describe('BGP import: bad input', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'topolens-bgp-'));
  /** The 2002 updates file cut inside record 600 (uncompressed), and the same file ending cleanly before it. */
  function truncatedCopy(): { file: string; cutAt: number; cleanFile: string } {
    const raw = gunzipSync(readFileSync(mrt('updates.20020722.2238.gz')));
    let off = 0;
    for (let i = 0; i < 600; i++) off += 12 + raw.readUInt32BE(off + 8);
    const file = path.join(dir, 'updates.truncated.mrt');
    writeFileSync(file, raw.subarray(0, off + 20));
    const cleanFile = path.join(dir, 'updates.first600.mrt');
    writeFileSync(cleanFile, raw.subarray(0, off));
    return { file, cutAt: off, cleanFile };
  }

  it('a truncated file is rejected with file, record and byte offset, and the store is unchanged', async () => {
    await importMrt(mrt('bview.64k_stream_overflow.gz'));
    const before = await graphCounts(app.executor);
    const { file, cutAt } = truncatedCopy();
    const err = await importMrt(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.code).toBe('TOPO_PARSE');
    expect(pe.location).toMatchObject({ file, record: 600, byteOffset: cutAt });
    expect(await graphCounts(app.executor)).toEqual(before);
  });

  it('--skip-bad imports the good records, counts the bad one, and stays idempotent', async () => {
    const { file, cleanFile } = truncatedCopy();
    await importMrt(cleanFile);
    const good = await graphCounts(app.executor);
    const goodWindows = await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w ORDER BY id');
    await clearDatabase(app.executor);

    const result = await importMrt(file, { skipBad: true });
    expect(result.errors).toBe(1);
    expect(result.records).toBe(601);
    // Exactly what the first 600 records hold, nothing of the broken one.
    expect(await graphCounts(app.executor)).toEqual(good);
    expect(await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w ORDER BY id')).toEqual(goodWindows);
    await importMrt(file, { skipBad: true });
    expect(await graphCounts(app.executor)).toEqual(good);
  });
});

describe('BGP import: event counters on a hand-checked sequence', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'topolens-bgp-seq-'));
  const ORIGIN_IGP = attribute(0x40, 1, Buffer.from([0]));
  const NEXT_HOP = attribute(0x40, 3, ipv4('192.0.2.1'));
  const announce = (t: number, pathAsns: number[]) =>
    mrtRecord(t, 16, 4, bgp4mpMessage(true, 65001, '192.0.2.1', bgpUpdate(Buffer.alloc(0), Buffer.concat([ORIGIN_IGP, attribute(0x40, 2, asPath([[2, pathAsns]], 4)), NEXT_HOP]), nlri(['10.0.0.0/24']))));
  const withdraw = (t: number) => mrtRecord(t, 16, 4, bgp4mpMessage(true, 65001, '192.0.2.1', bgpUpdate(nlri(['10.0.0.0/24']), Buffer.alloc(0), Buffer.alloc(0))));
  // Windows of 300 s: [900, 1200) and [1200, 1500).
  const sequence = [
    announce(1000, [65001, 65002]),
    announce(1010, [65001, 65003]), // path change
    withdraw(1020),
    announce(1030, [65001, 65003]), // flap: re-advertised after the withdrawal
    announce(1040, [65001, 65003]), // same path again: neither
    withdraw(1400),
    announce(1410, [65001, 65001, 65001, 65002]), // flap; prepending collapses to 65001 → 65002
  ];
  const file = path.join(dir, 'sequence.mrt');
  writeFileSync(file, Buffer.concat(sequence));

  const windows = () => app.executor.read('MATCH (w:BgpEventWindow) RETURN w.windowStart AS start, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS pathChanges, w.flaps AS flaps ORDER BY start');
  const expected = [
    { start: 900, a: 4, w: 1, pathChanges: 1, flaps: 1 },
    { start: 1200, a: 1, w: 1, pathChanges: 0, flaps: 1 },
  ];

  it.each([[1], [1000]])('counts announcements, withdrawals, path changes and flaps per window (batches of %i events)', async (batchEvents) => {
    await importMrt(file, { batchEvents });
    expect(await windows()).toEqual(expected);
    const [route] = await app.executor.read('MATCH (r:Route) RETURN r.id AS id, r.active AS active, r.asPath AS asPath, r.originAsn AS originAsn');
    expect(route).toEqual({ id: '192.0.2.1|65001|10.0.0.0/24', active: true, asPath: [65001, 65001, 65001, 65002], originAsn: 65002 });
    const adj = await app.executor.read('MATCH (a:AutonomousSystem)-[:AS_ADJACENT]->(b:AutonomousSystem) RETURN a.asn AS a, b.asn AS b ORDER BY a, b');
    expect(adj).toEqual([{ a: 65001, b: 65002 }, { a: 65001, b: 65003 }]);
    await importMrt(file, { batchEvents });
    expect(await windows()).toEqual(expected);
  });

  it('a withdrawal marks the route inactive and an older file cannot bring it back', async () => {
    const later = path.join(dir, 'later.mrt');
    writeFileSync(later, withdraw(2000));
    await importMrt(later);
    await importMrt(file);
    const [route] = await app.executor.read('MATCH (r:Route) RETURN r.active AS active, r.withdrawnAtMicros AS at');
    expect(route).toEqual({ active: false, at: 2000 * 1e6 });
  });

  it('the window length is configurable', async () => {
    await importMrt(file, { windowSeconds: 3600 });
    expect(await windows()).toEqual([{ start: 0, a: 5, w: 2, pathChanges: 1, flaps: 2 }]);
  });
});
