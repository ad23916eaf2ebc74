// Writes BGP imports batch by batch: ASes, AS adjacencies, prefixes with origins and their packed current routes, sessions, per-window event counters.
import { eventMicros, type BgpRouteEvent, type BgpStateChangeEvent } from '../model/bgp-event.js';
import type { Executor, Params, Row, WriteTx } from './executor.js';
import neo4j from 'neo4j-driver';
import { TopolensError } from '../errors.js';
import * as W from './cypher/bgp-writes.js';
import * as R from './cypher/bgp-reads.js';
import type { Route } from '../model/prefix.js';
import { NO_ORIGIN_ASN, PackedPrefix, originAsn, parsePackedRouteKey, routeIdOfPacked, type PackedRoutes } from './bgp-packed-routes.js';

export { originAsn };

/** Statement size: large enough that round trips do not dominate, small enough to keep memory flat. */
export const BGP_STATEMENT_ROWS = 10_000;
/** Rows of prefixes with their routes (≈ 1 KB each) per statement: Neo4j runs one while Node encodes the next. */
const ROUTE_STATEMENT_ROWS = 500;

export function bgpSessionId(peerAddress: string, peerAsn: number): string {
  return `bgp:${peerAddress}|${peerAsn}`;
}

/** One route per (peer, prefix), and per path id where the peer uses ADD-PATH. */
export function routeId(ev: Pick<BgpRouteEvent, 'peerAddress' | 'peerAsn' | 'prefix' | 'pathId'>): string {
  const base = `${ev.peerAddress}|${ev.peerAsn}|${ev.prefix}`;
  return ev.pathId === null ? base : `${base}#${ev.pathId}`;
}

/** What one import batch (records `first`…`next - 1`) writes; built by src/imports/bgp-batch.ts. */
export interface BgpWriteBatch {
  first: number;
  next: number;
  asns: number[];
  /** [a, b]: `a` heard the path from `b` (path order), prepending collapsed. */
  adjacencies: Array<[number, number]>;
  /** Prefixes new to this import, or with origin ASes new to it. */
  prefixes: Array<{ prefix: string; afi: 4 | 6; origins: number[] }>;
  sessions: Array<{ id: string; peerAddress: string; peerAsn: number }>;
  sessionStates: Array<{ id: string; state: string; at: number }>;
  /** Announcements, RIB entries, withdrawals and sessions leaving Established, in file order. */
  routes: Array<BgpRouteEvent | BgpStateChangeEvent>;
  /**
   * prepareFreshPrefixes: the writes of the prefixes the import holds to be missing from the store, created without
   * a read (a uniqueness violation says another writer created one: PrefixConflictError); absent, the transaction
   * reads and replays every prefix of the batch.
   */
  freshPrefixes?: Map<string, FreshPrefixWrite> | undefined;
}

/** RFC 4271 state 6. */
export const ESTABLISHED = 6;

/**
 * A transition out of Established: a BGP speaker drops every route it learnt over the session.
 * An old state of 0 means unknown (RIS Live says only `down`); a session never established holds no routes.
 */
export function isSessionDown(ev: { oldState: number; newState: number }): boolean {
  return (ev.oldState === ESTABLISHED || ev.oldState === 0) && ev.newState !== ESTABLISHED;
}

export interface BgpBatchResult {
  /** False when an earlier run had already committed this batch (nothing was written). */
  written: boolean;
  announcedRoutes: number;
  withdrawnRoutes: number;
  counterWindows: number;
}

export interface BgpImportRecord {
  id: string;
  file: string;
  format: string;
  sha256: string;
  windowSeconds: number;
}

/** What names a route: enough to write a withdrawal of a route the batch itself never mentioned. */
export type RouteKey = Pick<BgpRouteEvent, 'peerAddress' | 'peerAsn' | 'prefix' | 'afi' | 'pathId'>;

/** What the store holds for a route before a batch: the baseline for path changes and flaps. */
export interface StoredRouteState {
  asPath: number[] | null;
  active: boolean | null;
  /** Unix microseconds of the last event applied to the route. */
  at: number;
  /** Origin AS of the last announced path (null: unknown, or the path ends in a set). */
  originAsn?: number | null;
  /** Present for routes read because their session went down in the batch. */
  key?: RouteKey;
}

export interface WindowCounts {
  id: string;
  routeId: string;
  peerAddress: string;
  peerAsn: number;
  sessionId: string;
  prefix: string;
  windowStart: number;
  windowSeconds: number;
  announcements: number;
  withdrawals: number;
  pathChanges: number;
  flaps: number;
  /** Active routes withdrawn because their session left Established (not in `withdrawals`, which match bgpdump's W lines). */
  sessionDownWithdrawals: number;
  /** Origin AS of the route's last announced path as of the window's last event, for reports by origin. */
  originAsn: number | null;
}

export interface ReplayResult {
  /** The last applicable event per route, in the order routes were first touched. */
  finalEvents: BgpRouteEvent[];
  windows: WindowCounts[];
}


/** Whether two AS paths hold the same ASNs in the same order (null: no path). */
export function samePath(a: readonly number[] | null, b: readonly number[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `bgp:<peer>|<asn>` from a route id `<peer>|<asn>|<prefix>[#pathId]` (addresses hold no `|`). */
function sessionOfRoute(routeIdText: string): string {
  const second = routeIdText.indexOf('|', routeIdText.indexOf('|') + 1);
  return `bgp:${routeIdText.slice(0, second)}`;
}

/**
 * Replays route events in file order on top of the stored state and tallies UPDATE events per
 * (route, window). RIB dump entries set state but are snapshots, not events: they are not counted.
 * - announcement / withdrawal: one per prefix in an UPDATE (as `bgpdump -m` prints A and W lines);
 * - path change: an announcement replacing an active route with a different AS path;
 * - flap: an announcement of a route whose last state was withdrawn (withdrawal then re-advertisement, RFC 2439);
 * - session down (a STATE_CHANGE out of Established): every route of the peer active at that moment is
 *   withdrawn, as the speaker drops them, and counted in `sessionDownWithdrawals` of the window of the
 *   state change; a later re-announcement is then a flap.
 * An event older than the route's stored state is counted but changes nothing and implies no transition.
 * `stored` must hold every active stored route of each session that goes down in `events`.
 */
export function replayRouteEvents(events: ReadonlyArray<BgpRouteEvent | BgpStateChangeEvent>, stored: ReadonlyMap<string, StoredRouteState>, windowSeconds: number): ReplayResult {
  const state = new Map<string, StoredRouteState>(stored);
  // Route ids per session, so a session going down finds its routes without scanning every route; only
  // kept when the batch has a session going down (most batches have none).
  const anyDown = events.some((e) => e.kind === 'state' && isSessionDown(e));
  const bySession = new Map<string, Set<string>>();
  const track = (id: string) => {
    const sid = sessionOfRoute(id);
    let ids = bySession.get(sid);
    if (ids === undefined) bySession.set(sid, (ids = new Set()));
    ids.add(id);
  };
  if (anyDown) for (const id of stored.keys()) track(id);
  const keys = new Map<string, RouteKey>();
  const finalEvents = new Map<string, BgpRouteEvent>();
  const windows = new Map<string, WindowCounts>();
  const windowOf = (id: string, key: RouteKey, timestamp: number): WindowCounts => {
    const windowStart = Math.floor(timestamp / windowSeconds) * windowSeconds;
    const wid = `${windowSeconds}|${windowStart}|${id}`;
    let w = windows.get(wid);
    if (w === undefined) {
      w = {
        id: wid, routeId: id, peerAddress: key.peerAddress, peerAsn: key.peerAsn, sessionId: bgpSessionId(key.peerAddress, key.peerAsn),
        prefix: key.prefix, windowStart, windowSeconds, announcements: 0, withdrawals: 0, pathChanges: 0, flaps: 0, sessionDownWithdrawals: 0,
        originAsn: null,
      };
      windows.set(wid, w);
    }
    return w;
  };
  for (const ev of events) {
    const at = eventMicros(ev);
    if (ev.kind === 'state') {
      if (!isSessionDown(ev)) continue;
      for (const id of bySession.get(bgpSessionId(ev.peerAddress, ev.peerAsn)) ?? []) {
        const before = state.get(id)!;
        if (before.active !== true || at < before.at) continue;
        const k = keys.get(id) ?? before.key;
        if (k === undefined) throw new Error(`session down: no key for route ${id} (the store read must supply it)`);
        const key: RouteKey = { peerAddress: k.peerAddress, peerAsn: k.peerAsn, prefix: k.prefix, afi: k.afi, pathId: k.pathId };
        const w = windowOf(id, key, ev.timestamp);
        w.sessionDownWithdrawals++;
        w.originAsn = before.originAsn ?? null;
        state.set(id, { asPath: before.asPath, active: false, at, key, originAsn: before.originAsn ?? null });
        finalEvents.set(id, { ...key, kind: 'withdraw', source: ev.source, rib: false, timestamp: ev.timestamp, microseconds: ev.microseconds, safi: 1, attributes: null, record: ev.record });
      }
      continue;
    }
    const id = routeId(ev);
    const before = state.get(id);
    if (anyDown) {
      if (before === undefined) track(id);
      keys.set(id, ev);
    }
    let w: WindowCounts | undefined;
    if (!ev.rib) {
      w = windowOf(id, ev, ev.timestamp);
      if (ev.kind === 'announce') w.announcements++;
      else w.withdrawals++;
      w.originAsn = ev.attributes !== null ? originAsn(ev.attributes) : (before?.originAsn ?? null);
    }
    if (before !== undefined && at < before.at) continue;
    const attrs = ev.attributes;
    if (ev.kind === 'announce' && attrs !== null) {
      if (w !== undefined && before !== undefined) {
        if (before.active === false) w.flaps++;
        else if (before.active === true && !samePath(before.asPath, attrs.asPath)) w.pathChanges++;
      }
      state.set(id, { asPath: attrs.asPath, active: true, at, originAsn: originAsn(attrs) });
    } else {
      state.set(id, { asPath: before?.asPath ?? null, active: false, at, originAsn: before?.originAsn ?? null });
    }
    finalEvents.set(id, ev);
  }
  return { finalEvents: [...finalEvents.values()], windows: [...windows.values()] };
}

/** Applies each route's last event to its prefix's lists (`listsOf`); how many routes end announced and withdrawn. */
function applyFinalEvents(finalEvents: readonly BgpRouteEvent[], listsOf: (ev: BgpRouteEvent) => PackedPrefix): { announcedRoutes: number; withdrawnRoutes: number } {
  let announcedRoutes = 0;
  for (const ev of finalEvents) {
    listsOf(ev).apply(ev);
    if (ev.kind === 'announce' && ev.attributes !== null) announcedRoutes++;
  }
  return { announcedRoutes, withdrawnRoutes: finalEvents.length - announcedRoutes };
}

/** What a batch writes for one prefix the store does not hold yet. */
export interface FreshPrefixWrite {
  afi: 4 | 6;
  /** PackedPrefix.writeRow of its routes after the batch. */
  row: ReturnType<PackedPrefix['writeRow']>;
  windows: WindowCounts[];
  announcedRoutes: number;
  withdrawnRoutes: number;
}

/** Prefixes prepared between two turns of the event loop: the previous batch's transaction needs it to send its next statement. */
const PREPARE_SLICE = 256;

/**
 * The writes of the batch's prefixes that are not in `stored` (the prefixes the store held when the import started,
 * plus those its earlier batches wrote): a replay from no stored state, prefix by prefix (routes of different
 * prefixes never interact without a session going down). The import runs it while the previous batch commits,
 * yielding to the event loop every PREPARE_SLICE prefixes, so the transaction neither reads nor replays them.
 * Undefined when a session goes down in the batch: its withdrawals reach prefixes the batch never names, so the
 * transaction reads and replays everything then.
 */
export async function prepareFreshPrefixes(routes: ReadonlyArray<BgpRouteEvent | BgpStateChangeEvent>, windowSeconds: number, stored: ReadonlySet<string> = new Set()): Promise<Map<string, FreshPrefixWrite> | undefined> {
  if (routes.some((ev) => ev.kind === 'state' && isSessionDown(ev))) return undefined;
  const eventsByPrefix = new Map<string, BgpRouteEvent[]>();
  // Events of one prefix mostly come together (a RIB dump's entries): one lookup per run of them.
  let lastPrefix = '';
  let list: BgpRouteEvent[] | undefined;
  for (const ev of routes) {
    if (ev.kind === 'state') continue;
    if (ev.prefix !== lastPrefix) {
      lastPrefix = ev.prefix;
      if (stored.has(ev.prefix)) list = undefined;
      else {
        list = eventsByPrefix.get(ev.prefix);
        if (list === undefined) eventsByPrefix.set(ev.prefix, (list = []));
      }
    }
    list?.push(ev);
  }
  const out = new Map<string, FreshPrefixWrite>();
  const none = new Map<string, StoredRouteState>();
  let sinceYield = 0;
  for (const [prefix, events] of eventsByPrefix) {
    const packed = PackedPrefix.empty(prefix, events[0]!.afi);
    let windows: WindowCounts[] = [];
    let counts: { announcedRoutes: number; withdrawnRoutes: number };
    if (events.every((ev) => ev.rib)) {
      // RIB entries only (the bulk of a first load): no window counts, so the full replay reduces to the latest entry per route.
      packed.applyLatest(events);
      const announcedRoutes = packed.lists.active.filter((a) => a).length;
      counts = { announcedRoutes, withdrawnRoutes: packed.lists.keys.length - announcedRoutes };
    } else {
      const replay = replayRouteEvents(events, none, windowSeconds);
      windows = replay.windows;
      counts = applyFinalEvents(replay.finalEvents, () => packed);
    }
    out.set(prefix, { afi: packed.afi, row: packed.writeRow(), windows, ...counts });
    if (++sinceYield === PREPARE_SLICE) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return out;
}

/**
 * The statements of one transaction, sent back to back without waiting for each reply (Bolt pipelining): Neo4j runs
 * one while Node encodes the next, and a batch pays one round trip instead of one per statement.
 */
class StatementPipeline {
  private readonly pending: Array<Promise<Row[]>> = [];
  constructor(private readonly tx: WriteTx) {}

  send(cypher: string, params: Params): Promise<Row[]> {
    const reply = this.tx.run(cypher, params);
    // Awaited in `failure`; until then a failure must not surface as an unhandled rejection.
    reply.catch(() => {});
    this.pending.push(reply);
    return reply;
  }

  /** `rows` in statements of at most `size` rows each. */
  sendRows(cypher: string, rows: unknown[], size: number, param = 'rows'): void {
    for (let i = 0; i < rows.length; i += size) this.send(cypher, { [param]: rows.length <= size ? rows : rows.slice(i, i + size) });
  }

  /** Waits for every reply: the first failure in sending order, or undefined when all succeeded. */
  async failure(): Promise<unknown> {
    const results = await Promise.allSettled(this.pending);
    return results.find((r): r is PromiseRejectedResult => r.status === 'rejected')?.reason;
  }
}

/** The `peerAddress|peerAsn` part of a packed route key (without `#pathId`). */
function peerOfPackedKey(key: string): string {
  const hash = key.indexOf('#');
  return hash < 0 ? key : key.slice(0, hash);
}

function packedFromRow(r: Row): PackedPrefix {
  return PackedPrefix.fromStore(r as Partial<PackedRoutes> & { prefix: string });
}

/**
 * The packed routes of every prefix a batch names (one indexed lookup per prefix) and of every
 * prefix holding a route of a session the batch takes down (a scan), with the stored state of
 * each route the replay needs: those the batch names, and the active routes of those sessions
 * (with their keys, so the replay can withdraw routes the batch never mentions). Other routes
 * of the same prefixes are carried through undecoded.
 */
async function readPackedRoutes(pipe: StatementPipeline, events: ReadonlyArray<BgpRouteEvent | BgpStateChangeEvent>): Promise<{ packed: Map<string, PackedPrefix>; stored: Map<string, StoredRouteState> }> {
  const ids = new Set<string>();
  const prefixes = new Set<string>();
  const downs = new Set<string>();
  for (const ev of events) {
    if (ev.kind !== 'state') {
      ids.add(routeId(ev));
      prefixes.add(ev.prefix);
    } else if (isSessionDown(ev)) downs.add(`${ev.peerAddress}|${ev.peerAsn}`);
  }
  const packed = new Map<string, PackedPrefix>();
  // Sorted: the read locks each prefix (PREFIX_ROUTES), and one lock order for every import rules out deadlocks.
  const list = [...prefixes].sort();
  const reads: Array<Promise<Row[]>> = [];
  for (let i = 0; i < list.length; i += BGP_STATEMENT_ROWS) reads.push(pipe.send(W.PREFIX_ROUTES, { prefixes: list.slice(i, i + BGP_STATEMENT_ROWS) }));
  if (downs.size > 0) reads.push(pipe.send(W.PREFIX_ROUTES_OF_PEERS, { peers: [...downs] }));
  for (const rows of await Promise.all(reads)) for (const r of rows) if (!packed.has(r.prefix as string)) packed.set(r.prefix as string, packedFromRow(r));
  const stored = new Map<string, StoredRouteState>();
  for (const p of packed.values()) {
    const { prefix, keys, active, originAsns } = p.lists;
    for (let i = 0; i < keys.length; i++) {
      const id = routeIdOfPacked(prefix, keys[i]!);
      const ofDown = downs.size > 0 && active[i] === true && downs.has(peerOfPackedKey(keys[i]!));
      if (!ofDown && !ids.has(id)) continue;
      const d = p.data(i);
      const origin = originAsns[i]!;
      const state: StoredRouteState = { asPath: d.asPath, active: active[i]!, at: d.lastEventAtMicros, originAsn: origin === NO_ORIGIN_ASN ? null : origin };
      if (ofDown) state.key = { ...parsePackedRouteKey(keys[i]!), prefix, afi: p.afi };
      stored.set(id, state);
    }
  }
  return { packed, stored };
}

/** What an instability ranking orders by; `events` = announcements + withdrawals + session-down withdrawals. */
export const INSTABILITY_ORDERS = ['events', 'announcements', 'withdrawals', 'pathChanges', 'flaps'] as const;
export type InstabilityOrder = (typeof INSTABILITY_ORDERS)[number];

export interface ChurnCounts {
  announcements: number;
  withdrawals: number;
  pathChanges: number;
  flaps: number;
  sessionDownWithdrawals: number;
  /** announcements + withdrawals + sessionDownWithdrawals */
  events: number;
}

/** Sums of one window (Unix seconds of its start). */
export interface ChurnWindow extends ChurnCounts {
  start: number;
}

export interface ChurnEntry extends ChurnCounts {
  /** Windows in range with at least one event. */
  windowCount: number;
  /** Per-window sums in time order, at most `windowLimit` of them. */
  windows: ChurnWindow[];
}

export interface InstabilityQuery {
  /** Unix seconds; windows starting at or after it. Default: the first stored window. */
  from?: number | undefined;
  /** Unix seconds; windows starting before it. Default: just after the last stored window. */
  to?: number | undefined;
  /** Window length to read (an import's `--window`). Default: the only one stored, else 300. */
  windowSeconds?: number | undefined;
  /** Entries per ranking, 1–500 (default 20). */
  top?: number | undefined;
  /** Per-window rows per entry, 0–500 (default 100). */
  windowLimit?: number | undefined;
  orderBy?: InstabilityOrder | undefined;
}

export interface InstabilityReport {
  from: number;
  to: number;
  windowSeconds: number;
  orderBy: InstabilityOrder;
  totals: ChurnCounts & { windows: number; prefixes: number; peers: number };
  prefixes: Array<ChurnEntry & { prefix: string }>;
  peers: Array<ChurnEntry & { sessionId: string; peerAddress: string; peerAsn: number }>;
  originAses: Array<ChurnEntry & { asn: number }>;
}

export const MAX_REPORT_ROWS = 500;

/** Unix seconds as ISO 8601 UTC text. */
export const isoOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The report with every time as ISO 8601 UTC text: what GraphQL and `report --format json` print. */
export function reportWithIsoTimes(r: InstabilityReport) {
  const entry = <E extends ChurnEntry>(e: E) => ({ ...e, windows: e.windows.map((w) => ({ ...w, start: isoOf(w.start) })) });
  return { ...r, from: isoOf(r.from), to: isoOf(r.to), prefixes: r.prefixes.map(entry), peers: r.peers.map(entry), originAses: r.originAses.map(entry) };
}

function churn(r: Row): ChurnCounts {
  const c = {
    announcements: Number(r.announcements ?? 0), withdrawals: Number(r.withdrawals ?? 0), pathChanges: Number(r.pathChanges ?? 0),
    flaps: Number(r.flaps ?? 0), sessionDownWithdrawals: Number(r.sessionDownWithdrawals ?? 0),
  };
  return { ...c, events: c.announcements + c.withdrawals + c.sessionDownWithdrawals };
}

function churnEntry(r: Row): ChurnEntry {
  const windows = (r.windows as Row[]).map((w) => ({ start: Number(w.start), ...churn(w) }));
  return { ...churn(r), windowCount: Number(r.windowCount), windows };
}

function boundedInt(name: string, v: number | undefined, dflt: number, min: number, max: number): number {
  const n = v ?? dflt;
  if (!Number.isInteger(n) || n < min || n > max) throw new TopolensError('TOPO_BAD_INPUT', `${name} must be a whole number from ${min} to ${max}, got ${v}`);
  return n;
}

/** A batch created a prefix the import held to be missing, and another writer had created it: nothing of the batch was written. */
export class PrefixConflictError extends TopolensError {
  constructor(cause: unknown) {
    super('TOPO_NEO4J', `a prefix this import took to be new was created meanwhile by another writer; the batch was rolled back (${cause instanceof Error ? cause.message : String(cause)})`, { cause });
    this.name = 'PrefixConflictError';
  }
}

/** The claim found the batch committed by an earlier run: thrown to roll back the statements sent with the claim. */
class BatchAlreadyCommitted extends Error {}

/** Whether Neo4j refused a write for breaking a uniqueness constraint (the code may sit on a wrapped cause). */
function isUniquenessViolation(err: unknown): boolean {
  for (let e = err; e instanceof Error; e = e.cause) {
    if ('code' in e && (e as { code: unknown }).code === 'Neo.ClientError.Schema.ConstraintValidationFailed') return true;
  }
  return false;
}

export class BgpStore {
  constructor(private readonly executor: Executor) {}

  /** Creates or finds the import's node; `committedRecords` says where a re-run resumes, `complete` that nothing is left. */
  async startImport(record: BgpImportRecord): Promise<{ committedRecords: number; complete: boolean }> {
    const [row] = await this.executor.write(W.START_IMPORT, { ...record });
    return { committedRecords: Number(row?.committedRecords ?? 0), complete: row?.complete === true };
  }

  async finishImport(importId: string, counts: Record<string, number>): Promise<void> {
    await this.executor.write(W.FINISH_IMPORT, { id: importId, counts: JSON.stringify(counts) });
  }

  /**
   * Writes one batch in one transaction, claimed against the import's watermark: either all of it
   * lands and the watermark moves past it, or nothing does and a re-run writes it again.
   */
  async writeBatch(importId: string, batch: BgpWriteBatch, windowSeconds: number): Promise<BgpBatchResult> {
    try {
      return await this.writeBatchOnce(importId, batch, windowSeconds);
    } catch (err) {
      if (err instanceof BatchAlreadyCommitted) return { written: false, announcedRoutes: 0, withdrawnRoutes: 0, counterWindows: 0 };
      if (batch.freshPrefixes !== undefined && isUniquenessViolation(err)) throw new PrefixConflictError(err);
      throw err;
    }
  }

  /** Every prefix name in the store: what an import may create without reading it first. */
  async storedPrefixes(): Promise<Set<string>> {
    // One list, not a record per prefix: a full Internet table is ≈ 1.2M prefixes, and a driver record costs far more than its string.
    const [row] = await this.executor.read('MATCH (p:Prefix) RETURN collect(p.prefix) AS prefixes');
    return new Set((row?.prefixes as string[] | undefined) ?? []);
  }

  private async writeBatchOnce(importId: string, batch: BgpWriteBatch, windowSeconds: number): Promise<BgpBatchResult> {
    return this.executor.inTransaction(async (tx) => {
      const pipe = new StatementPipeline(tx);
      const claimed = pipe.send(W.CLAIM_BATCH, { importId, first: batch.first, next: batch.next });
      pipe.sendRows(W.UPSERT_ASES, batch.asns, BGP_STATEMENT_ROWS, 'asns');
      pipe.sendRows(W.UPSERT_AS_ADJACENCIES, batch.adjacencies, BGP_STATEMENT_ROWS);
      pipe.sendRows(W.UPSERT_SESSIONS, batch.sessions, BGP_STATEMENT_ROWS);
      pipe.sendRows(W.SET_SESSION_STATES, batch.sessionStates, BGP_STATEMENT_ROWS);

      // Prefixes held to be missing take their prepared writes unread; the others (or all, unprepared) are read and replayed.
      const fresh = batch.freshPrefixes;
      const replayed = fresh === undefined ? batch.routes : batch.routes.filter((ev) => ev.kind !== 'state' && !fresh.has(ev.prefix));
      const { packed, stored } = await readPackedRoutes(pipe, replayed);
      const { finalEvents, windows } = replayRouteEvents(replayed, stored, windowSeconds);
      // Each touched prefix's lists are rewritten whole, one row per prefix however many of its routes changed.
      const touched = new Map<string, PackedPrefix>();
      let { announcedRoutes, withdrawnRoutes } = applyFinalEvents(finalEvents, (ev) => {
        let p = touched.get(ev.prefix);
        if (p === undefined) touched.set(ev.prefix, (p = packed.get(ev.prefix) ?? PackedPrefix.empty(ev.prefix, ev.afi)));
        return p;
      });
      const originRows = new Map(batch.prefixes.map((r) => [r.prefix, r]));
      const created: unknown[][] = [];
      const updated: unknown[][] = [];
      // What the store lacks is created, not merged: the read above ran in this transaction, and
      // CREATE skips MERGE's lookup and lock (twice the rows per Neo4j CPU-second, measured).
      const create = (prefix: string, row: unknown[], afi: 4 | 6) => {
        created.push([...row, afi, originRows.get(prefix)?.origins ?? []]);
        originRows.delete(prefix);
      };
      for (const p of touched.values()) {
        if (p.stored) updated.push(p.writeRow());
        else create(p.lists.prefix, p.writeRow(), p.afi);
      }
      for (const [prefix, f] of fresh ?? []) {
        create(prefix, f.row, f.afi);
        windows.push(...f.windows);
        announcedRoutes += f.announcedRoutes;
        withdrawnRoutes += f.withdrawnRoutes;
      }
      pipe.sendRows(W.UPSERT_PREFIXES, [...originRows.values()], BGP_STATEMENT_ROWS);
      pipe.sendRows(W.CREATE_PREFIXES_WITH_ROUTES, created, ROUTE_STATEMENT_ROWS);
      pipe.sendRows(W.SET_PREFIX_ROUTES, updated, ROUTE_STATEMENT_ROWS);
      pipe.sendRows(W.ADD_EVENT_COUNTS, windows, BGP_STATEMENT_ROWS);
      const failure = await pipe.failure();
      // Another run had committed this batch: what was sent is rolled back (the transaction fails), nothing is counted;
      // checked first, as the statements sent with the claim may fail on what that run wrote.
      if ((await claimed).length === 0) throw new BatchAlreadyCommitted();
      if (failure !== undefined) throw failure;
      return { written: true, announcedRoutes, withdrawnRoutes, counterWindows: windows.length };
    });
  }

  /**
   * Churn over windows starting in [from, to): totals, and the top prefixes, peers and origin ASes
   * (origin of the route's last announced path) ranked by `orderBy`, each with per-window sums.
   */
  async instabilityReport(q: InstabilityQuery = {}): Promise<InstabilityReport> {
    const top = boundedInt('top', q.top, 20, 1, MAX_REPORT_ROWS);
    const windowLimit = boundedInt('windowLimit', q.windowLimit, 100, 0, MAX_REPORT_ROWS);
    const orderBy = q.orderBy ?? 'events';
    if (!INSTABILITY_ORDERS.includes(orderBy)) throw new TopolensError('TOPO_BAD_INPUT', `orderBy must be one of ${INSTABILITY_ORDERS.join(', ')}, got ${String(orderBy)}`);
    // The stored windows' spans fill in what the query leaves out; a fully given range needs no scan.
    const spans = q.windowSeconds !== undefined && q.from !== undefined && q.to !== undefined
      ? []
      : (await this.executor.read(R.WINDOW_SPANS)).map((r) => ({ windowSeconds: Number(r.windowSeconds), first: Number(r.first), last: Number(r.last) }));
    const windowSeconds = boundedInt('windowSeconds', q.windowSeconds, spans.length === 1 ? spans[0]!.windowSeconds : 300, 1, 366 * 86_400);
    const span = spans.find((x) => x.windowSeconds === windowSeconds);
    const from = q.from ?? span?.first ?? 0;
    const to = q.to ?? (span ? span.last + windowSeconds : from + windowSeconds);
    for (const [name, v] of [['from', from], ['to', to]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) throw new TopolensError('TOPO_BAD_INPUT', `${name} must be a time at or after 1970 in whole seconds, got ${v}`);
    }
    if (to <= from) throw new TopolensError('TOPO_BAD_INPUT', `the report range must end after it starts (from ${from}, to ${to})`);
    const params = { from, to, windowSeconds, orderBy, limit: neo4j.int(top), windowLimit: neo4j.int(windowLimit) };
    const [totals, prefixes, sessions, origins] = await Promise.all([
      this.executor.read(R.INSTABILITY_TOTALS, params),
      this.executor.read(R.TOP_PREFIXES, params),
      this.executor.read(R.TOP_SESSIONS, params),
      this.executor.read(R.TOP_ORIGINS, params),
    ]);
    const t = totals[0] ?? {};
    return {
      from, to, windowSeconds, orderBy,
      totals: { ...churn(t), windows: Number(t.windows ?? 0), prefixes: Number(t.prefixes ?? 0), peers: Number(t.peers ?? 0) },
      prefixes: prefixes.map((r) => ({ prefix: r.key as string, ...churnEntry(r) })),
      peers: sessions.map((r) => {
        // bgp:<address>|<asn>
        const id = r.key as string;
        const bar = id.lastIndexOf('|');
        return { sessionId: id, peerAddress: id.slice(4, bar), peerAsn: Number(id.slice(bar + 1)), ...churnEntry(r) };
      }),
      originAses: origins.map((r) => ({ asn: Number(r.key), ...churnEntry(r) })),
    };
  }

  /**
   * Current routes, decoded from their prefixes' lists, in id order: those to `prefix` (an index
   * lookup), or those learnt from `peerAddress` (a scan of every prefix holding routes).
   */
  async routes(q: { prefix: string } | { peerAddress: string }): Promise<Route[]> {
    const rows = 'prefix' in q
      ? await this.executor.read(R.ROUTES_TO_PREFIX, { prefix: q.prefix })
      : await this.executor.read(R.ROUTES_FROM_PEER_ADDRESS, { peerAddress: q.peerAddress });
    const routes = rows.flatMap((r) => packedFromRow(r).routes());
    const picked = 'prefix' in q ? routes : routes.filter((r) => r.peerAddress === q.peerAddress);
    return picked.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Counts of what BGP imports wrote, for summaries and tests. */
  async counts(): Promise<Record<string, number>> {
    const [row] = await this.executor.read(`
      CALL { MATCH (a:AutonomousSystem) RETURN count(a) AS asns }
      CALL { MATCH (:AutonomousSystem)-[r:AS_ADJACENT]->(:AutonomousSystem) RETURN count(r) AS adjacencies }
      CALL { MATCH (p:Prefix) RETURN count(p) AS prefixes }
      CALL { MATCH (s:BgpSession) RETURN count(s) AS sessions }
      CALL { MATCH (p:Prefix) WHERE p.routeKeys IS NOT NULL RETURN sum(size(p.routeKeys)) AS routes, sum(size([a IN p.routeActive WHERE a])) AS activeRoutes }
      CALL { MATCH (w:BgpEventWindow) RETURN count(w) AS windows }
      RETURN asns, adjacencies, prefixes, sessions, routes, activeRoutes, windows`);
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v ?? 0)]));
  }
}
