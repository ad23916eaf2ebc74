// BGP imports against the real Neo4j: counts checked against bgpdump's own output, idempotence, bad input, resuming, event counters.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readMrt } from '../../import/bgp/mrt.js';
import { ParseError } from '../../src/errors.js';
import { importBgpFile, type BgpImportOptions } from '../../src/imports/bgp-import.js';
import { MIGRATIONS_DIR, type App } from '../../src/main.js';
import type { Route } from '../../src/model/prefix.js';
import { PackedPrefix, type PackedRoutes } from '../../src/store/bgp-packed-routes.js';
import { BgpStore, PrefixConflictError, type BgpBatchResult, type BgpWriteBatch } from '../../src/store/bgp-store.js';
import { ANALYSIS_BGP_PREFIXES } from '../../src/store/cypher/analysis-reads.js';
import { PACKED_ROUTE_LISTS, PREFIX_ROUTES } from '../../src/store/cypher/bgp-writes.js';
import { loadMigrations } from '../../src/store/migrations.js';
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
  /** Active routes of a peer when a STATE line takes its session out of Established (6 → other). */
  sessionDownWithdrawals: number;
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
  let sessionDownWithdrawals = 0;
  for (const line of lines) {
    const f = line.split('|');
    const addPath = f[0]!.endsWith('_AP');
    const [type, peer, peerAs] = [f[2]!, f[3]!, Number(f[4])];
    peers.add(`${peer}|${peerAs}`);
    asns.add(peerAs);
    if (type === 'STATE') {
      // A speaker drops every route of a session that leaves Established.
      if (f[5] !== '6' || f[6] === '6') continue;
      for (const [key, last1] of last) {
        if (last1 === 'W' || !key.startsWith(`${peer}|${peerAs}|`)) continue;
        last.set(key, 'W');
        sessionDownWithdrawals++;
        windows.add(`${key}@${Math.floor(Number(f[1]) / windowSeconds)}`);
      }
      continue;
    }
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
    sessionDownWithdrawals,
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
  const [w] = await app.executor.read('MATCH (w:BgpEventWindow) RETURN count(w) AS n, sum(w.announcements) AS a, sum(w.withdrawals) AS w, sum(w.sessionDownWithdrawals) AS d');
  return {
    routes: c.routes!, activeRoutes: c.activeRoutes!, prefixes: c.prefixes!, peers: c.sessions!, sessions: c.sessions!, asns: c.asns!,
    adjacencies: c.adjacencies!, origins: Number(o?.n), announcements: Number(w?.a ?? 0), withdrawals: Number(w?.w ?? 0),
    sessionDownWithdrawals: Number(w?.d ?? 0), windows: Number(w?.n),
  };
}

/** Every stored route, decoded from the packed lists and sorted by id: equal dumps mean every field of every route is equal. */
/** Everything a BGP import writes: counts, every route with every field, every event window. */
async function storeSnapshot() {
  return {
    counts: await graphCounts(app.executor),
    routes: await allRoutes(),
    windows: await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS p, w.flaps AS f, w.originAsn AS o ORDER BY id'),
  };
}

async function allRoutes(): Promise<Route[]> {
  const rows = await app.executor.read(`MATCH (p:Prefix) WHERE p.routeKeys IS NOT NULL RETURN ${PACKED_ROUTE_LISTS}`);
  return rows.flatMap((r) => PackedPrefix.fromStore(r as unknown as PackedRoutes).routes()).sort((a, b) => (a.id < b.id ? -1 : 1));
}

describe('BGP import: counts against bgpdump -m', () => {
  it.each([
    ['updates.20020722.2238.gz'],
    ['updates.20100722.2015.gz'],
    // Not bird_bgp: BIRD writes ADD-PATH NLRI under non-ADD-PATH subtypes, which bgpdump misreads (24 A lines for 14 routes).
    ['quagga_bgp'],
  ])('an updates file: %s', async (name) => {
    const { asnSet: _, ...want } = expectFromBgpdump(`${name}.bgp.gz`);
    const result = await importMrt(mrt(name));
    expect(result.errors).toBe(0);
    expect(result.announcements).toBe(want.announcements);
    expect(result.withdrawals).toBe(want.withdrawals);
    expect(await stored()).toEqual({ ...want, sessions: want.peers });
  }, 300_000);

  it('a session leaving Established withdraws its routes, counted apart from UPDATE withdrawals; re-announcing them are flaps', async () => {
    // Quagga, 2017: 192.168.0.10 goes 6 → 7 (Clearing) holding 6 routes, fd02::10 holding 3; both come back and re-announce them.
    const want = expectFromBgpdump('quagga_bgp.bgp.gz');
    expect(want.sessionDownWithdrawals).toBe(9);
    await importMrt(mrt('quagga_bgp'), { batchEvents: 4 });
    const got = await stored();
    expect({ sessionDownWithdrawals: got.sessionDownWithdrawals, activeRoutes: got.activeRoutes, withdrawals: got.withdrawals })
      .toEqual({ sessionDownWithdrawals: 9, activeRoutes: want.activeRoutes, withdrawals: 0 });
    const [w] = await app.executor.read('MATCH (w:BgpEventWindow) RETURN sum(w.flaps) AS flaps, sum(w.pathChanges) AS pathChanges');
    expect(w).toEqual({ flaps: 9, pathChanges: 0 });
  });

  it('routes of a session that stays down are inactive', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topolens-bgp-down-'));
    // The quagga file up to (not including) the first re-establishment: records before 192.168.0.10's 1 → 2 at 1486802236.
    const raw = readFileSync(mrt('quagga_bgp'));
    let off = 0;
    while (off < raw.length && raw.readUInt32BE(off) < 1486802236) off += 12 + raw.readUInt32BE(off + 8);
    const file = path.join(dir, 'quagga-down.mrt');
    writeFileSync(file, raw.subarray(0, off));
    await importMrt(file);
    // Plain Cypher over the packed lists: element i of each list is one route.
    const rows = await app.executor.read(`
      MATCH (p:Prefix) WHERE p.routeKeys IS NOT NULL UNWIND range(0, size(p.routeKeys) - 1) AS i
      RETURN split(p.routeKeys[i], '|')[0] AS peer, p.routeActive[i] AS active, count(*) AS n ORDER BY peer, active`);
    expect(rows).toEqual([{ peer: '192.168.0.10', active: false, n: 6 }, { peer: 'fd02::10', active: false, n: 3 }]);
    const sessions = await app.executor.read('MATCH (s:BgpSession) RETURN s.id AS id, s.state AS state ORDER BY id');
    expect(sessions).toEqual([{ id: 'bgp:192.168.0.10|65000', state: 'Idle' }, { id: 'bgp:fd02::10|65000', state: 'Idle' }]);
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
    const rows = (await store.routes({ prefix: '10.0.10.0/24' })).filter((r) => r.peerAddress === '10.0.15.1').map((r) => ({ pathId: r.pathId, asPath: r.asPath }));
    expect(rows).toContainEqual({ pathId: 36, asPath: [65015, 65014, 65013, 65012, 65011] });
    expect(rows).toContainEqual({ pathId: 38, asPath: [65015, 65014, 65013, 65012, 65011, 65010] });
  });
});

describe('BGP import: idempotence and resuming', () => {
  it('importing the same files twice leaves every count identical', async () => {
    await importMrt(mrt('updates.20020722.2238.gz'));
    await importMrt(mrt('bview.64k_stream_overflow.gz'));
    const once = await graphCounts(app.executor);
    const routesOnce = await allRoutes();
    expect(routesOnce.length).toBe((await store.counts()).routes);
    const windowsOnce = await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS p, w.flaps AS f ORDER BY id');
    const again = await importMrt(mrt('updates.20020722.2238.gz'));
    await importMrt(mrt('bview.64k_stream_overflow.gz'));
    expect(again.alreadyImported).toBe(true);
    expect(await graphCounts(app.executor)).toEqual(once);
    expect(await allRoutes()).toEqual(routesOnce);
    expect(await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w, w.pathChanges AS p, w.flaps AS f ORDER BY id')).toEqual(windowsOnce);
  });

  it('writes prepared outside the transaction for prefixes the store lacks equal the transaction\'s own replay', async () => {
    // Batches of 500 over two files: later batches find many of their prefixes stored, so both paths run in each import.
    const files = [mrt('updates.20100722.2015.gz'), mrt('updates.20020722.2238.gz')];
    for (const f of files) await importMrt(f, { batchEvents: 500 });
    const prepared = await storeSnapshot();
    expect(prepared.routes.length).toBeGreaterThan(1000);
    await clearDatabase(app.executor);
    // Told that the store holds every prefix of the files, the import prepares none: the transaction reads each
    // prefix, finds none of the missing ones, and replays their routes itself.
    const everyPrefix = new Set<string>();
    for (const f of files) for await (const chunk of readMrt(f).batches()) for (const ev of chunk) if (ev.kind === 'announce' || ev.kind === 'withdraw') everyPrefix.add(ev.prefix);
    class UnpreparedStore extends BgpStore {
      prepared = 0;
      override async storedPrefixes() {
        return new Set([...(await super.storedPrefixes()), ...everyPrefix]);
      }
      override async writeBatch(importId: string, batch: BgpWriteBatch, windowSeconds: number) {
        this.prepared += batch.freshPrefixes?.size ?? 0;
        return super.writeBatch(importId, batch, windowSeconds);
      }
    }
    const unprepared = new UnpreparedStore(app.executor);
    for (const f of files) await importMrt(f, { batchEvents: 500 }, unprepared);
    expect(unprepared.prepared).toBe(0);
    expect(await storeSnapshot()).toEqual(prepared);
  }, 300_000);

  it('a batch creating a prefix another writer created meanwhile rolls back, and the import resumes to the same end state', async () => {
    // The same records in two files (two imports): every prefix of the second is stored before it starts.
    const [gz, bz2] = [mrt('updates.20020722.2238.gz'), mrt('updates.20020722.2238.bz2')];
    await importMrt(gz);
    await importMrt(bz2, { batchEvents: 500 });
    const expected = await storeSnapshot();
    await clearDatabase(app.executor);
    await importMrt(gz);
    // Its first read of the stored prefixes misses them all, as a read taken before a concurrent import created them would.
    class StaleStore extends BgpStore {
      reads = 0;
      conflicts = 0;
      override async storedPrefixes() {
        return ++this.reads === 1 ? new Set<string>() : super.storedPrefixes();
      }
      override async writeBatch(importId: string, batch: BgpWriteBatch, windowSeconds: number) {
        try {
          return await super.writeBatch(importId, batch, windowSeconds);
        } catch (err) {
          if (err instanceof PrefixConflictError) this.conflicts++;
          throw err;
        }
      }
    }
    const stale = new StaleStore(app.executor);
    const result = await importMrt(bz2, { batchEvents: 500 }, stale);
    expect([stale.conflicts, stale.reads]).toEqual([1, 2]);
    expect(result.written.batches).toBeGreaterThan(1);
    expect(await storeSnapshot()).toEqual(expected);
  }, 300_000);

  it('a batch sent again after it committed writes nothing: what went out with its claim rolls back', async () => {
    const file = mrt('updates.20100722.2015.gz');
    await importMrt(file, { batchEvents: 500 });
    const expected = await storeSnapshot();
    await clearDatabase(app.executor);
    // As a second run of the same file would: each batch's statements reach Neo4j with a claim that finds it committed
    // (its new prefixes then exist, so their CREATEs fail too; the claim's answer must decide).
    class TwiceStore extends BgpStore {
      again: BgpBatchResult[] = [];
      override async writeBatch(importId: string, batch: BgpWriteBatch, windowSeconds: number) {
        const first = await super.writeBatch(importId, batch, windowSeconds);
        this.again.push(await super.writeBatch(importId, batch, windowSeconds));
        return first;
      }
    }
    const twice = new TwiceStore(app.executor);
    const result = await importMrt(file, { batchEvents: 500 }, twice);
    expect(twice.again.length).toBe(result.written.batches);
    expect(twice.again.length).toBeGreaterThan(2);
    expect(twice.again.every((r) => !r.written && r.announcedRoutes === 0 && r.counterWindows === 0)).toBe(true);
    expect(await storeSnapshot()).toEqual(expected);
  });

  it('a write that fails mid-file leaves whole batches, and a re-run completes the import exactly', async () => {
    const file = mrt('updates.20100722.2015.gz');
    await importMrt(file, { batchEvents: 500 });
    const clean = await graphCounts(app.executor);
    const cleanRoutes = await allRoutes();
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
    const partial = (await store.counts()).routes!;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(cleanRoutes.length);

    // A different batch size on the re-run must still resume exactly where the watermark says.
    const rerun = await importMrt(file, { batchEvents: 700 });
    expect(rerun.alreadyImported).toBe(false);
    expect(await graphCounts(app.executor)).toEqual(clean);
    expect(await allRoutes()).toEqual(cleanRoutes);
    expect(await app.executor.read('MATCH (w:BgpEventWindow) RETURN sum(w.announcements) AS a, sum(w.withdrawals) AS w, sum(w.pathChanges) AS p, sum(w.flaps) AS f')).toEqual(cleanWindows);
  });
});

describe('BGP store: concurrent imports', () => {
  it('reading a prefix\'s packed routes locks it: another import touching the prefix waits until the first commits', async () => {
    await app.executor.write("CREATE (:Prefix {prefix: '192.0.2.0/24', afi: 4})");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let signalRead!: () => void;
    const firstHasRead = new Promise<void>((resolve) => (signalRead = resolve));
    const first = app.executor.inTransaction(async (tx) => {
      await tx.run(PREFIX_ROUTES, { prefixes: ['192.0.2.0/24'] });
      signalRead();
      await held; // the batch would now rewrite the lists it read
    });
    await firstHasRead;
    let secondReadAt = 0;
    const second = app.executor.inTransaction(async (tx) => {
      await tx.run(PREFIX_ROUTES, { prefixes: ['192.0.2.0/24'] });
      secondReadAt = Date.now();
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(secondReadAt).toBe(0); // blocked on the first transaction's lock
    const releasedAt = Date.now();
    release();
    await Promise.all([first, second]);
    expect(secondReadAt).toBeGreaterThanOrEqual(releasedAt);
    const [row] = await app.executor.read("MATCH (p:Prefix {prefix: '192.0.2.0/24'}) RETURN p.routeLock AS lock");
    expect(row?.lock ?? null).toBeNull(); // the lock property never persists
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
    const routesBefore = await allRoutes();
    const { file, cutAt } = truncatedCopy();
    const err = await importMrt(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    const pe = err as ParseError;
    expect(pe.code).toBe('TOPO_PARSE');
    expect(pe.location).toMatchObject({ file, record: 600, byteOffset: cutAt });
    expect(await graphCounts(app.executor)).toEqual(before);
    expect(await allRoutes()).toEqual(routesBefore);
  });

  it('--skip-bad imports the good records, counts the bad one, and stays idempotent', async () => {
    const { file, cleanFile } = truncatedCopy();
    await importMrt(cleanFile);
    const good = await graphCounts(app.executor);
    const goodRoutes = await allRoutes();
    const goodWindows = await app.executor.read('MATCH (w:BgpEventWindow) RETURN w.id AS id, w.announcements AS a, w.withdrawals AS w ORDER BY id');
    await clearDatabase(app.executor);

    const result = await importMrt(file, { skipBad: true });
    expect(result.errors).toBe(1);
    expect(result.records).toBe(601);
    // Exactly what the first 600 records hold, nothing of the broken one.
    expect(await graphCounts(app.executor)).toEqual(good);
    expect(await allRoutes()).toEqual(goodRoutes);
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
    expect(await allRoutes()).toEqual([{
      id: '192.0.2.1|65001|10.0.0.0/24', prefix: '10.0.0.0/24', peerAddress: '192.0.2.1', peerAsn: 65001, pathId: null, active: true,
      asPath: [65001, 65001, 65001, 65002], asPathText: null, originAsn: 65002, nextHop: '192.0.2.1', origin: 'igp', med: null, localPref: null,
      communities: [], largeCommunities: [], source: 'BGP4MP', lastEventAtMicros: 1410 * 1e6, withdrawnAtMicros: null,
    }]);
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
    const routes = await allRoutes();
    expect(routes.map((r) => ({ active: r.active, at: r.withdrawnAtMicros, last: r.lastEventAtMicros }))).toEqual([{ active: false, at: 2000 * 1e6, last: 2000 * 1e6 }]);
    // The attributes of the last announcement older than the withdrawal are not applied either.
    expect(routes[0]!.asPath).toBeNull();
  });

  it('the exact analysis anchors a prefix at the device holding the next hop of an active route only', async () => {
    await app.executor.write('CREATE (:DeviceAlias {key: $key, deviceId: $deviceId})', { key: 'ip:192.0.2.1', deviceId: 'device:r1' });
    await importMrt(file);
    expect(await app.executor.read(ANALYSIS_BGP_PREFIXES)).toEqual([{ prefix: '10.0.0.0/24', nextHopDeviceId: 'device:r1' }]);
    const later = path.join(dir, 'later-withdraw.mrt');
    writeFileSync(later, withdraw(2000));
    await importMrt(later);
    expect(await app.executor.read(ANALYSIS_BGP_PREFIXES)).toEqual([]);
  });

  it('the window length is configurable', async () => {
    await importMrt(file, { windowSeconds: 3600 });
    expect(await windows()).toEqual([{ start: 0, a: 5, w: 2, pathChanges: 1, flaps: 2 }]);
  });
});

describe('BGP import: RIS Live', () => {
  const FRAMES = fixture('rislive/ris-live-frames.jsonl');
  /** IPv6 text in its canonical compressed form, by the WHATWG URL parser (not the importer's code). */
  const canonical = (prefix: string) => {
    const [addr, len] = prefix.split('/');
    return addr!.includes(':') ? `${new URL(`http://[${addr}]/`).hostname.slice(1, -1)}/${len}` : prefix;
  };

  /** What the store must hold, from the JSON messages alone. */
  function expectFromFrames(text: string) {
    const routes = new Map<string, boolean>();
    const peers = new Set<string>();
    const asns = new Set<number>();
    const adjacencies = new Set<string>();
    const origins = new Set<string>();
    const prefixes = new Set<string>();
    const windows = new Set<string>();
    let announcements = 0;
    let withdrawals = 0;
    for (const line of text.split('\n').filter(Boolean)) {
      const d = JSON.parse(line).data as { type: string; peer: string; peer_asn: string; timestamp: number; path?: number[]; announcements?: Array<{ prefixes: string[] }>; withdrawals?: string[] };
      if (d.type !== 'UPDATE' && d.type !== 'STATE') continue;
      peers.add(`${d.peer}|${d.peer_asn}`);
      asns.add(Number(d.peer_asn));
      if (d.type === 'STATE') continue;
      const window = Math.floor(d.timestamp / 300);
      const path = d.path ?? [];
      for (const a of path) asns.add(a);
      for (let i = 1; i < path.length; i++) if (path[i] !== path[i - 1]) adjacencies.add(`${path[i - 1]}>${path[i]}`);
      for (const p of (d.announcements ?? []).flatMap((a) => a.prefixes).map(canonical)) {
        announcements++;
        prefixes.add(p);
        routes.set(`${d.peer}|${p}`, true);
        windows.add(`${d.peer}|${p}@${window}`);
        origins.add(`${p}|${path.at(-1)}`);
      }
      for (const p of (d.withdrawals ?? []).map(canonical)) {
        withdrawals++;
        prefixes.add(p);
        routes.set(`${d.peer}|${p}`, false);
        windows.add(`${d.peer}|${p}@${window}`);
      }
    }
    return {
      routes: routes.size, activeRoutes: [...routes.values()].filter(Boolean).length, prefixes: prefixes.size, peers: peers.size, sessions: peers.size,
      asns: asns.size, adjacencies: adjacencies.size, origins: origins.size, announcements, withdrawals, sessionDownWithdrawals: 0, windows: windows.size,
    };
  }

  it('imports a RIS Live sample with the counts its JSON gives, and re-imports as a no-op', async () => {
    const want = expectFromFrames(readFileSync(FRAMES, 'utf8'));
    expect(want).toMatchObject({ announcements: 3, withdrawals: 9 });
    const result = await importBgpFile(store, FRAMES, { format: 'ris-live' });
    expect(result).toMatchObject({ errors: 0, announcements: 3, withdrawals: 9 });
    expect(await stored()).toEqual(want);
    const once = await graphCounts(app.executor);
    expect((await importBgpFile(store, FRAMES, { format: 'ris-live' })).alreadyImported).toBe(true);
    expect(await graphCounts(app.executor)).toEqual(once);
    const routes = await store.routes({ prefix: '2806:320:340::/42' });
    expect(routes.map((r) => ({ asPath: r.asPath, med: r.med, source: r.source, active: r.active }))).toEqual([{ asPath: [13030, 2914, 32098, 28438], med: 1, source: 'RIS_LIVE', active: true }]);
  });

  it('a RIS Live STATE down withdraws the peer\'s routes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'topolens-rislive-'));
    const file = path.join(dir, 'with-down.jsonl');
    const down = { type: 'ris_message', data: { timestamp: 1789019700.5, peer: '2001:7f8:4::3:2be1:1', peer_asn: '207841', host: 'rrc01.ripe.net', type: 'STATE', state: 'down' } };
    writeFileSync(file, `${readFileSync(FRAMES, 'utf8').trimEnd()}\n${JSON.stringify(down)}\n`);
    await importBgpFile(store, file, { format: 'ris-live' });
    const rows = (await store.routes({ peerAddress: '2001:7f8:4::3:2be1:1' })).map((r) => ({ prefix: r.prefix, active: r.active, at: r.withdrawnAtMicros }));
    expect(rows).toEqual([
      { prefix: '2806:202::/32', active: false, at: 1789019700.5 * 1e6 },
      { prefix: '2a12:3fc6::/48', active: false, at: 1789019700.5 * 1e6 },
    ]);
    expect((await stored()).sessionDownWithdrawals).toBe(2);
  });
});

describe('BGP store: migration 0007 from one (:Route) node per route', () => {
  it('packs routes written by the earlier model onto their prefixes, every field kept, and deletes the route nodes', async () => {
    // Properties exactly as the earlier writer set them: absent attributes left out, times and ASNs as floats.
    const old = [
      { id: '192.0.2.1|65001|10.0.0.0/24', prefix: '10.0.0.0/24', afi: 4, peerAddress: '192.0.2.1', peerAsn: 65001, asPath: [65001, 65002], originAsn: 65002,
        nextHop: '192.0.2.1', origin: 'igp', med: 5, communities: ['65001:1', '65001:2'], active: true, lastEventAtMicros: 1000.25e6, source: 'BGP4MP' },
      { id: '192.0.2.2|65009|10.0.0.0/24#7', prefix: '10.0.0.0/24', afi: 4, peerAddress: '192.0.2.2', peerAsn: 65009, pathId: 7, asPath: [65009, 65010, 65011],
        asPathText: '65009 {65010,65011}', localPref: 100, largeCommunities: ['65009:1:2'], active: false, withdrawnAtMicros: 2000e6, lastEventAtMicros: 2000e6, source: 'TABLE_DUMP2' },
      { id: '2001:db8::1|65003|2001:db8::/32', prefix: '2001:db8::/32', afi: 6, peerAddress: '2001:db8::1', peerAsn: 65003, active: false, withdrawnAtMicros: 3000e6, lastEventAtMicros: 3000e6, source: 'RIS_LIVE' },
    ];
    await app.executor.write('MERGE (:Prefix {prefix: "10.0.0.0/24", afi: 4})');
    await app.executor.write('UNWIND $rows AS r CREATE (x:Route) SET x = r', { rows: old });
    const migration = loadMigrations(MIGRATIONS_DIR).find((m) => m.version === 7)!;
    for (const statement of migration.statements) await app.executor.write(statement);

    const none = { pathId: null, asPath: null, asPathText: null, originAsn: null, nextHop: null, origin: null, med: null, localPref: null, communities: [], largeCommunities: [], withdrawnAtMicros: null };
    expect(await allRoutes()).toEqual([
      { ...none, id: '192.0.2.1|65001|10.0.0.0/24', prefix: '10.0.0.0/24', peerAddress: '192.0.2.1', peerAsn: 65001, active: true, asPath: [65001, 65002], originAsn: 65002,
        nextHop: '192.0.2.1', origin: 'igp', med: 5, communities: ['65001:1', '65001:2'], lastEventAtMicros: 1000.25e6, source: 'BGP4MP' },
      { ...none, id: '192.0.2.2|65009|10.0.0.0/24#7', prefix: '10.0.0.0/24', peerAddress: '192.0.2.2', peerAsn: 65009, pathId: 7, active: false, asPath: [65009, 65010, 65011],
        asPathText: '65009 {65010,65011}', localPref: 100, largeCommunities: ['65009:1:2'], withdrawnAtMicros: 2000e6, lastEventAtMicros: 2000e6, source: 'TABLE_DUMP2' },
      { ...none, id: '2001:db8::1|65003|2001:db8::/32', prefix: '2001:db8::/32', peerAddress: '2001:db8::1', peerAsn: 65003, active: false, withdrawnAtMicros: 3000e6, lastEventAtMicros: 3000e6, source: 'RIS_LIVE' },
    ]);
    const counts = await graphCounts(app.executor);
    expect({ routeNodes: counts[':Route'] ?? 0, prefixes: counts[':Prefix'] }).toEqual({ routeNodes: 0, prefixes: 2 });
    expect(await app.executor.read("SHOW INDEXES YIELD name WHERE name STARTS WITH 'route' RETURN name")).toEqual([]);
    expect(await store.counts()).toMatchObject({ routes: 3, activeRoutes: 1, prefixes: 2 });
    // A prefix the migration had to create gets the address family of its routes.
    const [p] = await app.executor.read('MATCH (p:Prefix {prefix: "2001:db8::/32"}) RETURN p.afi AS afi');
    expect(p).toEqual({ afi: 6 });
  });
});
