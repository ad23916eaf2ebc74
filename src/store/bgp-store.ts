// Writes BGP imports batch by batch: ASes, AS adjacencies, prefixes with origins, sessions, current routes, per-window event counters.
import type { BgpPathAttributes, BgpRouteEvent } from '../model/bgp-event.js';
import type { Executor, Row, WriteTx } from './executor.js';
import * as W from './cypher/bgp-writes.js';

/** Statement size: large enough that round trips do not dominate, small enough to keep memory flat. */
export const BGP_STATEMENT_ROWS = 10_000;

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
  /** Announcements, RIB entries and withdrawals in file order. */
  routes: BgpRouteEvent[];
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

/** What the store holds for a route before a batch: the baseline for path changes and flaps. */
export interface StoredRouteState {
  asPath: number[] | null;
  active: boolean | null;
  /** Unix microseconds of the last event applied to the route. */
  at: number;
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
}

export interface ReplayResult {
  /** The last applicable event per route, in the order routes were first touched. */
  finalEvents: BgpRouteEvent[];
  windows: WindowCounts[];
}

export function eventMicros(ev: { timestamp: number; microseconds: number }): number {
  return ev.timestamp * 1e6 + ev.microseconds;
}

function samePath(a: readonly number[] | null, b: readonly number[]): boolean {
  if (a === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Replays route events in file order on top of the stored state and tallies UPDATE events per
 * (route, window). RIB dump entries set state but are snapshots, not events: they are not counted.
 * - announcement / withdrawal: one per prefix in an UPDATE (as `bgpdump -m` prints A and W lines);
 * - path change: an announcement replacing an active route with a different AS path;
 * - flap: an announcement of a route whose last state was withdrawn (withdrawal then re-advertisement, RFC 2439).
 * An event older than the route's stored state is counted but changes nothing and implies no transition.
 */
export function replayRouteEvents(events: readonly BgpRouteEvent[], stored: ReadonlyMap<string, StoredRouteState>, windowSeconds: number): ReplayResult {
  const state = new Map<string, StoredRouteState>(stored);
  const finalEvents = new Map<string, BgpRouteEvent>();
  const windows = new Map<string, WindowCounts>();
  for (const ev of events) {
    const id = routeId(ev);
    const at = eventMicros(ev);
    const before = state.get(id);
    let w: WindowCounts | undefined;
    if (!ev.rib) {
      const windowStart = Math.floor(ev.timestamp / windowSeconds) * windowSeconds;
      const wid = `${windowSeconds}|${windowStart}|${id}`;
      w = windows.get(wid);
      if (w === undefined) {
        w = {
          id: wid, routeId: id, peerAddress: ev.peerAddress, peerAsn: ev.peerAsn, sessionId: bgpSessionId(ev.peerAddress, ev.peerAsn),
          prefix: ev.prefix, windowStart, windowSeconds, announcements: 0, withdrawals: 0, pathChanges: 0, flaps: 0,
        };
        windows.set(wid, w);
      }
      if (ev.kind === 'announce') w.announcements++;
      else w.withdrawals++;
    }
    if (before !== undefined && at < before.at) continue;
    const attrs = ev.attributes;
    if (ev.kind === 'announce' && attrs !== null) {
      if (w !== undefined && before !== undefined) {
        if (before.active === false) w.flaps++;
        else if (before.active === true && !samePath(before.asPath, attrs.asPath)) w.pathChanges++;
      }
      state.set(id, { asPath: attrs.asPath, active: true, at });
    } else {
      state.set(id, { asPath: before?.asPath ?? null, active: false, at });
    }
    finalEvents.set(id, ev);
  }
  return { finalEvents: [...finalEvents.values()], windows: [...windows.values()] };
}

/** AS path as bgpdump prints it, kept only when the path holds sets or confederation segments. */
function asPathText(attrs: BgpPathAttributes): string | null {
  const segs = attrs.asPathSegments;
  if (segs === null) return null;
  return segs
    .map((s) => {
      const inner = s.asns.join(s.type === 'set' || s.type === 'confed-set' ? ',' : ' ');
      if (s.type === 'set') return `{${inner}}`;
      if (s.type === 'confed-set') return `[${inner}]`;
      if (s.type === 'confed-sequence') return `(${inner})`;
      return inner;
    })
    .join(' ');
}

/** The origin AS: the last ASN when the path ends in an AS_SEQUENCE; null for an empty path or one ending in a set. */
export function originAsn(attrs: BgpPathAttributes): number | null {
  const segs = attrs.asPathSegments;
  if (segs !== null && segs.length > 0) {
    const last = segs[segs.length - 1]!;
    return last.type === 'sequence' ? (last.asns[last.asns.length - 1] ?? null) : null;
  }
  return attrs.asPath.length > 0 ? attrs.asPath[attrs.asPath.length - 1]! : null;
}

/** The properties that name a route (all a withdrawal of a never-seen route can say). */
function routeKey(ev: BgpRouteEvent): Record<string, unknown> {
  const key: Record<string, unknown> = { id: routeId(ev), prefix: ev.prefix, afi: ev.afi, peerAddress: ev.peerAddress, peerAsn: ev.peerAsn };
  if (ev.pathId !== null) key.pathId = ev.pathId;
  return key;
}

function withdrawnRow(ev: BgpRouteEvent): Row {
  return { id: routeId(ev), at: eventMicros(ev), source: ev.source, key: routeKey(ev) };
}

/**
 * All properties of an announced route. Absent attributes and empty lists are left out rather than
 * stored: fewer property records per route is what makes a RIB dump import fast.
 */
function announcedRow(ev: BgpRouteEvent, a: BgpPathAttributes): Row {
  const at = eventMicros(ev);
  const p = routeKey(ev);
  p.asPath = a.asPath;
  const text = asPathText(a);
  if (text !== null) p.asPathText = text;
  const origin = originAsn(a);
  if (origin !== null) p.originAsn = origin;
  if (a.nextHop !== null) p.nextHop = a.nextHop;
  if (a.origin !== null) p.origin = a.origin;
  if (a.med !== null) p.med = a.med;
  if (a.localPref !== null) p.localPref = a.localPref;
  if (a.communities.length > 0) p.communities = a.communities;
  if (a.largeCommunities.length > 0) p.largeCommunities = a.largeCommunities;
  p.active = true;
  p.lastEventAtMicros = at;
  p.source = ev.source;
  return { id: p.id, at, props: p };
}

async function runChunked(tx: WriteTx, cypher: string, rows: unknown[], param = 'rows'): Promise<void> {
  for (let i = 0; i < rows.length; i += BGP_STATEMENT_ROWS) {
    await tx.run(cypher, { [param]: rows.length <= BGP_STATEMENT_ROWS ? rows : rows.slice(i, i + BGP_STATEMENT_ROWS) });
  }
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
    return this.executor.inTransaction(async (tx) => {
      const claimed = await tx.run(W.CLAIM_BATCH, { importId, first: batch.first, next: batch.next });
      if (claimed.length === 0) return { written: false, announcedRoutes: 0, withdrawnRoutes: 0, counterWindows: 0 };
      if (batch.asns.length > 0) await runChunked(tx, W.UPSERT_ASES, batch.asns, 'asns');
      if (batch.adjacencies.length > 0) await runChunked(tx, W.UPSERT_AS_ADJACENCIES, batch.adjacencies);
      if (batch.prefixes.length > 0) await runChunked(tx, W.UPSERT_PREFIXES, batch.prefixes);
      if (batch.sessions.length > 0) await runChunked(tx, W.UPSERT_SESSIONS, batch.sessions);
      if (batch.sessionStates.length > 0) await runChunked(tx, W.SET_SESSION_STATES, batch.sessionStates);

      // Only UPDATEs are counted, so only they need the stored baseline; RIB batches skip the read.
      const stored = new Map<string, StoredRouteState>();
      if (batch.routes.some((r) => !r.rib)) {
        const ids = [...new Set(batch.routes.filter((r) => !r.rib).map(routeId))];
        for (let i = 0; i < ids.length; i += BGP_STATEMENT_ROWS) {
          for (const r of await tx.run(W.ROUTE_STATES, { ids: ids.slice(i, i + BGP_STATEMENT_ROWS) })) {
            stored.set(r.id as string, { asPath: (r.asPath as number[] | null) ?? null, active: (r.active as boolean | null) ?? null, at: Number(r.at ?? 0) });
          }
        }
      }
      const { finalEvents, windows } = replayRouteEvents(batch.routes, stored, windowSeconds);
      const announced: Row[] = [];
      const withdrawn: Row[] = [];
      for (const ev of finalEvents) {
        if (ev.kind === 'announce' && ev.attributes !== null) announced.push(announcedRow(ev, ev.attributes));
        else withdrawn.push(withdrawnRow(ev));
      }
      if (announced.length > 0) await runChunked(tx, W.UPSERT_ANNOUNCED_ROUTES, announced);
      if (withdrawn.length > 0) await runChunked(tx, W.MARK_WITHDRAWN_ROUTES, withdrawn);
      if (windows.length > 0) await runChunked(tx, W.ADD_EVENT_COUNTS, windows);
      return { written: true, announcedRoutes: announced.length, withdrawnRoutes: withdrawn.length, counterWindows: windows.length };
    });
  }

  /** Counts of what BGP imports wrote, for summaries and tests. */
  async counts(): Promise<Record<string, number>> {
    const [row] = await this.executor.read(`
      CALL { MATCH (a:AutonomousSystem) RETURN count(a) AS asns }
      CALL { MATCH (:AutonomousSystem)-[r:AS_ADJACENT]->(:AutonomousSystem) RETURN count(r) AS adjacencies }
      CALL { MATCH (p:Prefix) RETURN count(p) AS prefixes }
      CALL { MATCH (s:BgpSession) RETURN count(s) AS sessions }
      CALL { MATCH (r:Route) RETURN count(r) AS routes, sum(CASE WHEN r.active THEN 1 ELSE 0 END) AS activeRoutes }
      CALL { MATCH (w:BgpEventWindow) RETURN count(w) AS windows }
      RETURN asns, adjacencies, prefixes, sessions, routes, activeRoutes, windows`);
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, Number(v ?? 0)]));
  }
}
