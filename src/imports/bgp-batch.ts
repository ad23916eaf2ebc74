// Turns a run of parsed BGP events into one store batch: distinct ASes, adjacencies, prefixes, sessions, route events.
import type { AsPathSegment, BgpEvent, BgpPathAttributes, BgpRouteEvent, BgpStateChangeEvent } from '../model/bgp-event.js';
import { BGP_FSM_STATES } from '../model/bgp-event.js';
import type { BgpWriteBatch } from '../store/bgp-store.js';
import { bgpSessionId, isSessionDown, originAsn } from '../store/bgp-store.js';

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

/** SeenKeys for (a, b) number pairs without a string per pair (the batch builder meets one per AS-path hop). */
export class SeenPairs {
  private pairs = new Map<number, Set<number>>();
  private size = 0;
  constructor(private readonly max = 500_000) {}

  has(a: number, b: number): boolean {
    return this.pairs.get(a)?.has(b) === true;
  }

  /** Adds the pair; false when it was there already. */
  add(a: number, b: number): boolean {
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
  prefixes: SeenKeys;
  origins: SeenKeys;
  sessions: SeenKeys;
}

export function newBatchCaches(): BatchCaches {
  return { asns: new SeenKeys(), adjacencies: new SeenPairs(), prefixes: new SeenKeys(), origins: new SeenKeys(), sessions: new SeenKeys() };
}

/** Keys a batch adds to the caches (once built: the import sends a batch only after the one before it committed). */
export interface BatchKeys {
  asns: number[];
  adjacencies: Array<[number, number]>;
  prefixes: string[];
  origins: string[];
  sessions: string[];
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

/**
 * Builds the store batch for `events` (records `first`…`next - 1`), leaving out what the caches
 * say earlier batches wrote. Route events and session downs stay in file order: the store replays them against what it holds.
 */
export function buildBgpBatch(events: readonly BgpEvent[], first: number, next: number, caches: BatchCaches): { batch: BgpWriteBatch; keys: BatchKeys } {
  const asns = new Set<number>();
  const adjacencies: Array<[number, number]> = [];
  const inBatch = new SeenPairs(Infinity);
  // A prefix row is written when the prefix or one of its (prefix, origin) pairs is new.
  const prefixes = new Map<string, { prefix: string; afi: 4 | 6; origins: number[] }>();
  const originKeys: string[] = [];
  const prefixRow = (prefix: string, afi: 4 | 6) => {
    let row = prefixes.get(prefix);
    if (row === undefined) prefixes.set(prefix, (row = { prefix, afi, origins: [] }));
    return row;
  };
  const sessions = new Map<string, { id: string; peerAddress: string; peerAsn: number }>();
  const states = new Map<string, { id: string; state: string; at: number }>();
  const routes: Array<BgpRouteEvent | BgpStateChangeEvent> = [];
  // Events of one RIB record share their attributes object: derive the path's ASes and pairs once.
  let lastAttrs: BgpPathAttributes | null = null;

  const addAsn = (a: number) => {
    if (!caches.asns.has(a)) asns.add(a);
  };
  const addSession = (peerAddress: string, peerAsn: number) => {
    const id = bgpSessionId(peerAddress, peerAsn);
    if (sessions.has(id) || caches.sessions.has(id)) return;
    addAsn(peerAsn);
    sessions.set(id, { id, peerAddress, peerAsn });
  };

  for (const ev of events) {
    if (ev.kind === 'peer-index') {
      for (const p of ev.peers) addSession(p.address, p.asn);
      continue;
    }
    addSession(ev.peerAddress, ev.peerAsn);
    if (ev.kind === 'state') {
      const id = bgpSessionId(ev.peerAddress, ev.peerAsn);
      states.set(id, { id, state: BGP_FSM_STATES[ev.newState] ?? String(ev.newState), at: ev.timestamp * 1e6 + ev.microseconds });
      // In file order among the route events: the store withdraws the peer's routes at this point.
      if (isSessionDown(ev)) routes.push(ev);
      continue;
    }
    routes.push(ev);
    if (!caches.prefixes.has(ev.prefix)) prefixRow(ev.prefix, ev.afi);
    const attrs = ev.attributes;
    if (attrs === null) continue;
    const origin = originAsn(attrs);
    if (origin !== null) {
      const k = `${ev.prefix}|${origin}`;
      const row = caches.origins.has(k) ? null : prefixRow(ev.prefix, ev.afi);
      if (row !== null && !row.origins.includes(origin)) {
        row.origins.push(origin);
        originKeys.push(k);
        addAsn(origin);
      }
    }
    if (attrs === lastAttrs) continue;
    lastAttrs = attrs;
    for (const a of attrs.asPath) addAsn(a);
    forEachAdjacency(attrs, (a, b) => {
      if (!caches.adjacencies.has(a, b) && inBatch.add(a, b)) adjacencies.push([a, b]);
    });
  }
  const batch: BgpWriteBatch = {
    first,
    next,
    asns: [...asns],
    adjacencies,
    prefixes: [...prefixes.values()],
    sessions: [...sessions.values()],
    sessionStates: [...states.values()],
    routes,
  };
  const keys: BatchKeys = {
    asns: batch.asns,
    adjacencies,
    prefixes: [...prefixes.keys()],
    origins: originKeys,
    sessions: [...sessions.keys()],
  };
  return { batch, keys };
}

export function rememberBatch(caches: BatchCaches, keys: BatchKeys): void {
  caches.asns.addAll(keys.asns);
  for (const [a, b] of keys.adjacencies) caches.adjacencies.add(a, b);
  caches.prefixes.addAll(keys.prefixes);
  caches.origins.addAll(keys.origins);
  caches.sessions.addAll(keys.sessions);
}
