// Turns a run of parsed BGP events into one store batch: distinct ASes, adjacencies, prefixes, sessions, route events.
import type { AsPathSegment, BgpEvent, BgpPathAttributes, BgpRouteEvent, BgpStateChangeEvent } from '../model/bgp-event.js';
import { BGP_FSM_STATES } from '../model/bgp-event.js';
import type { BgpWriteBatch } from '../store/bgp-store.js';
import { bgpSessionId, isSessionDown, originAsn, samePath } from '../store/bgp-store.js';

/**
 * Keys written by earlier batches of this import, so a RIB dump does not MERGE the same prefix or
 * AS pair 36 times. Bounded: when full it forgets everything (MERGE makes a repeat harmless).
 */
export class SeenKeys {
  private keys = new Set<string | number>();
  constructor(private readonly max = 500_000) {}

  has(k: string | number): boolean {
    return this.keys.has(k);
  }

  addAll(ks: Iterable<string | number>): void {
    for (const k of ks) {
      if (this.keys.size >= this.max) this.keys = new Set();
      this.keys.add(k);
    }
  }
}

/** SeenKeys for (a, b) pairs without a string per pair: AS hops, (prefix, origin) and (peer address, peer AS), met once per event. */
export class SeenPairs<A extends string | number = number> {
  private pairs = new Map<A, Set<number>>();
  private size = 0;
  constructor(private readonly max = 500_000) {}

  has(a: A, b: number): boolean {
    return this.pairs.get(a)?.has(b) === true;
  }

  /** Adds the pair; false when it was there already. */
  add(a: A, b: number): boolean {
    if (this.size >= this.max) {
      this.pairs = new Map();
      this.size = 0;
    }
    let seen = this.pairs.get(a);
    if (seen === undefined) this.pairs.set(a, (seen = new Set()));
    if (seen.has(b)) return false;
    seen.add(b);
    this.size++;
    return true;
  }
}

export interface BatchCaches {
  asns: SeenKeys;
  adjacencies: SeenPairs;
  /** Prefixes the store held when the pass started, and those its earlier batches write: unbounded, as the pass creates any other prefix unread. */
  prefixes: Set<string>;
  /** (prefix, origin AS) */
  origins: SeenPairs<string>;
  /** (peer address, peer AS) */
  sessions: SeenPairs<string>;
}

export function newBatchCaches(storedPrefixes: Set<string>): BatchCaches {
  return { asns: new SeenKeys(), adjacencies: new SeenPairs(), prefixes: storedPrefixes, origins: new SeenPairs(), sessions: new SeenPairs() };
}

/** Keys a batch adds to the caches (once built: the import sends a batch only after the one before it committed). */
export interface BatchKeys {
  asns: number[];
  adjacencies: Array<[number, number]>;
  prefixes: string[];
  origins: Array<[string, number]>;
  sessions: Array<[string, number]>;
}

const isSequence = (s: AsPathSegment) => s.type === 'sequence';

/** Calls `fn(a, b)` for each pair of adjacent ASNs inside AS_SEQUENCE segments, prepending collapsed. */
export function forEachAdjacency(attrs: BgpPathAttributes, fn: (a: number, b: number) => void): void {
  const segments: readonly AsPathSegment[] = attrs.asPathSegments ?? [{ type: 'sequence', asns: attrs.asPath }];
  let prev = -1;
  for (const seg of segments) {
    // A set or confederation segment breaks the chain: which member is adjacent is unknown.
    if (!isSequence(seg)) {
      prev = -1;
      continue;
    }
    for (const asn of seg.asns) {
      if (prev >= 0 && asn !== prev) fn(prev, asn);
      prev = asn;
    }
  }
}

/** Whether two paths hold the same ASes in the same segments (so the same ASes and adjacencies). */
function samePathSegments(a: BgpPathAttributes, b: BgpPathAttributes): boolean {
  if (!samePath(a.asPath, b.asPath)) return false;
  const sa = a.asPathSegments;
  const sb = b.asPathSegments;
  if (sa === null || sb === null) return sa === sb;
  if (sa.length !== sb.length) return false;
  for (let i = 0; i < sa.length; i++) if (sa[i]!.type !== sb[i]!.type || !samePath(sa[i]!.asns, sb[i]!.asns)) return false;
  return true;
}

/**
 * Builds one store batch as parsed events arrive (the import adds each parsed chunk, so the work is spread
 * between the previous batch's statements instead of one block), leaving out what the caches say earlier
 * batches wrote. Route events and session downs stay in file order: the store replays them against what it holds.
 */
export class BgpBatchBuilder {
  private readonly asns = new Set<number>();
  private readonly adjacencies: Array<[number, number]> = [];
  private readonly inBatch = new SeenPairs(Infinity);
  /** A prefix row is written when the prefix or one of its (prefix, origin) pairs is new. */
  private readonly prefixes = new Map<string, { prefix: string; afi: 4 | 6; origins: number[] }>();
  private readonly originKeys: Array<[string, number]> = [];
  private readonly sessionKeys: Array<[string, number]> = [];
  private readonly inBatchSessions = new SeenPairs<string>(Infinity);
  private readonly sessions: Array<{ id: string; peerAddress: string; peerAsn: number }> = [];
  private readonly states = new Map<string, { id: string; state: string; at: number }>();
  private readonly routes: Array<BgpRouteEvent | BgpStateChangeEvent> = [];
  /** Events of one RIB record share their attributes object: the path's ASes and pairs are derived once. */
  private lastAttrs: BgpPathAttributes | null = null;
  private lastPrefix = '';
  /** An origin of `lastPrefix` already in the batch or the caches. */
  private lastOrigin: number | null = null;
  /** Events added so far. */
  size = 0;

  constructor(private readonly caches: BatchCaches) {}

  private prefixRow(prefix: string, afi: 4 | 6) {
    let row = this.prefixes.get(prefix);
    if (row === undefined) this.prefixes.set(prefix, (row = { prefix, afi, origins: [] }));
    return row;
  }

  private addAsn(a: number): void {
    if (!this.caches.asns.has(a)) this.asns.add(a);
  }

  private addSession(peerAddress: string, peerAsn: number): void {
    if (this.caches.sessions.has(peerAddress, peerAsn) || !this.inBatchSessions.add(peerAddress, peerAsn)) return;
    this.addAsn(peerAsn);
    this.sessions.push({ id: bgpSessionId(peerAddress, peerAsn), peerAddress, peerAsn });
    this.sessionKeys.push([peerAddress, peerAsn]);
  }

  add(events: readonly BgpEvent[]): void {
    const caches = this.caches;
    this.size += events.length;
    for (const ev of events) {
      if (ev.kind === 'peer-index') {
        for (const p of ev.peers) this.addSession(p.address, p.asn);
        continue;
      }
      this.addSession(ev.peerAddress, ev.peerAsn);
      if (ev.kind === 'state') {
        const id = bgpSessionId(ev.peerAddress, ev.peerAsn);
        this.states.set(id, { id, state: BGP_FSM_STATES[ev.newState] ?? String(ev.newState), at: ev.timestamp * 1e6 + ev.microseconds });
        // In file order among the route events: the store withdraws the peer's routes at this point.
        if (isSessionDown(ev)) this.routes.push(ev);
        continue;
      }
      this.routes.push(ev);
      // A RIB dump lists a prefix's routes together: the lookups below are done once per run of one prefix and origin.
      if (ev.prefix !== this.lastPrefix) {
        this.lastPrefix = ev.prefix;
        this.lastOrigin = null;
        if (!caches.prefixes.has(ev.prefix)) this.prefixRow(ev.prefix, ev.afi);
      }
      const attrs = ev.attributes;
      if (attrs === null) continue;
      const origin = originAsn(attrs);
      if (origin !== null && origin !== this.lastOrigin && !caches.origins.has(ev.prefix, origin)) {
        const row = this.prefixRow(ev.prefix, ev.afi);
        if (!row.origins.includes(origin)) {
          row.origins.push(origin);
          this.originKeys.push([ev.prefix, origin]);
          this.addAsn(origin);
        }
      }
      this.lastOrigin = origin;
      // Events of one UPDATE share their attributes object, and a RIB dump lists equal paths together: ASes and pairs once per run.
      if (attrs === this.lastAttrs || (this.lastAttrs !== null && samePathSegments(attrs, this.lastAttrs))) continue;
      this.lastAttrs = attrs;
      for (const a of attrs.asPath) this.addAsn(a);
      forEachAdjacency(attrs, (a, b) => {
        if (!caches.adjacencies.has(a, b) && this.inBatch.add(a, b)) this.adjacencies.push([a, b]);
      });
    }
  }

  /** The batch of records `first`…`next - 1` and the keys it adds to the caches. */
  finish(first: number, next: number): { batch: BgpWriteBatch; keys: BatchKeys } {
    const batch: BgpWriteBatch = {
      first,
      next,
      asns: [...this.asns],
      adjacencies: this.adjacencies,
      prefixes: [...this.prefixes.values()],
      sessions: this.sessions,
      sessionStates: [...this.states.values()],
      routes: this.routes,
    };
    const keys: BatchKeys = {
      asns: batch.asns,
      adjacencies: this.adjacencies,
      prefixes: [...this.prefixes.keys()],
      origins: this.originKeys,
      sessions: this.sessionKeys,
    };
    return { batch, keys };
  }
}

export function rememberBatch(caches: BatchCaches, keys: BatchKeys): void {
  caches.asns.addAll(keys.asns);
  for (const [a, b] of keys.adjacencies) caches.adjacencies.add(a, b);
  for (const prefix of keys.prefixes) caches.prefixes.add(prefix);
  for (const [prefix, origin] of keys.origins) caches.origins.add(prefix, origin);
  for (const [address, asn] of keys.sessions) caches.sessions.add(address, asn);
}
