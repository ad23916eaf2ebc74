// A prefix's current routes packed on its (:Prefix) node as parallel lists, one element per (peer, path id), as an MRT RIB_ENTRY carries them.
import { eventMicros, type BgpEventSource, type BgpPathAttributes, type BgpRouteEvent } from '../model/bgp-event.js';
import type { Route } from '../model/prefix.js';
import { TopolensError } from '../errors.js';

/** `routeNextHops` element of a route without a next hop (Neo4j lists hold no nulls). */
export const NO_NEXT_HOP = '';
/** `routeOriginAsns` element of a route without a known origin AS (withdrawn unseen, or a path ending in a set). */
export const NO_ORIGIN_ASN = -1;

/**
 * The lists of one prefix node, index i of each describing the same route:
 * - `keys`: `peerAddress|peerAsn`, plus `#pathId` under ADD-PATH (addresses hold no `|` or `#`);
 * - `active`, `nextHops` (NO_NEXT_HOP), `originAsns` (NO_ORIGIN_ASN): what queries filter on, plain Cypher;
 * - `data`: everything else, one compact text per route (see encodeRouteData), read only by this module.
 */
export interface PackedRoutes {
  prefix: string;
  keys: string[];
  active: boolean[];
  nextHops: string[];
  originAsns: number[];
  data: string[];
}

/** The `data` element of a route, decoded. */
export interface RouteData {
  /** Unix microseconds of the last event applied to the route. */
  lastEventAtMicros: number;
  /** Set by a withdrawal, cleared by the next announcement. */
  withdrawnAtMicros: number | null;
  source: BgpEventSource;
  /** Null for a route only ever seen withdrawn. */
  asPath: number[] | null;
  asPathText: string | null;
  origin: 'igp' | 'egp' | 'incomplete' | null;
  med: number | null;
  localPref: number | null;
  communities: string[];
  largeCommunities: string[];
}

const DATA_FIELDS = 10;
const ORIGINS: ReadonlySet<string> = new Set(['igp', 'egp', 'incomplete']);
const SOURCES: ReadonlySet<string> = new Set<BgpEventSource>(['TABLE_DUMP', 'TABLE_DUMP2', 'BGP4MP', 'BGP4MP_ET', 'BGP', 'RIS_LIVE']);
/** A list element the compact text can hold: no field separator, no list separator, not the null-path mark. */
const PLAIN_ELEMENT = /^[^|\s~]+$/;

/**
 * A route's data as ten `|`-separated fields, lists space-separated, '' for null (`~` for a null AS path):
 * about 60 % of the bytes of the positional JSON, and the driver copies every byte one at a time (measured:
 * a fifth of a RIB import's Node CPU packs and writes these strings). Data the text cannot hold
 * (a separator inside a community, say) is written as the JSON array instead; decodeRouteData reads both.
 */
export function encodeRouteData(d: RouteData): string {
  if (!compactable(d)) return encodeRouteDataJson(d);
  return `${d.lastEventAtMicros}|${d.withdrawnAtMicros ?? ''}|${d.source}|${d.asPath === null ? '~' : d.asPath.join(' ')}|${d.asPathText ?? ''}|${d.origin ?? ''}|${d.med ?? ''}|${d.localPref ?? ''}|${d.communities.join(' ')}|${d.largeCommunities.join(' ')}`;
}

function compactable(d: RouteData): boolean {
  // The lists of a prefix travel newline-joined (writeRow): no element may hold a newline either.
  if (d.asPathText !== null && (d.asPathText === '' || /[|\n]/.test(d.asPathText))) return false;
  for (const c of d.communities) if (!PLAIN_ELEMENT.test(c)) return false;
  for (const c of d.largeCommunities) if (!PLAIN_ELEMENT.test(c)) return false;
  return true;
}

/** Positional JSON: nulls and nested lists survive whatever they hold (stores written before the compact text hold only this). */
export function encodeRouteDataJson(d: RouteData): string {
  return JSON.stringify([d.lastEventAtMicros, d.withdrawnAtMicros, d.source, d.asPath, d.asPathText, d.origin, d.med, d.localPref, d.communities, d.largeCommunities]);
}

export function decodeRouteData(text: string, where: string): RouteData {
  return text.startsWith('[') ? decodeRouteDataJson(text, where) : decodeRouteDataText(text, where);
}

function decodeRouteDataText(text: string, where: string): RouteData {
  const f = text.split('|');
  const bad = (what: string): never => {
    throw new TopolensError('TOPO_INTERNAL', `stored route ${where}: routeData must be ${DATA_FIELDS} |-separated fields (${what}), got ${text.slice(0, 80)}`);
  };
  if (f.length !== DATA_FIELDS) bad(`found ${f.length}`);
  const int = (s: string, name: string): number => {
    const n = Number(s);
    return s !== '' && Number.isSafeInteger(n) ? n : bad(`${name} must be a whole number`);
  };
  const nullableInt = (s: string, name: string) => (s === '' ? null : int(s, name));
  const list = (s: string) => (s === '' ? [] : s.split(' '));
  const origin = f[5] === '' ? null : ORIGINS.has(f[5]!) ? (f[5] as RouteData['origin']) : bad('origin must be igp, egp or incomplete');
  return {
    lastEventAtMicros: int(f[0]!, 'the event time'),
    withdrawnAtMicros: nullableInt(f[1]!, 'the withdrawal time'),
    source: SOURCES.has(f[2]!) ? (f[2] as BgpEventSource) : bad('unknown source'),
    asPath: f[3] === '~' ? null : list(f[3]!).map((a) => int(a, 'an AS path member')),
    asPathText: f[4] === '' ? null : f[4]!,
    origin,
    med: nullableInt(f[6]!, 'MED'),
    localPref: nullableInt(f[7]!, 'LOCAL_PREF'),
    communities: list(f[8]!),
    largeCommunities: list(f[9]!),
  };
}

function decodeRouteDataJson(text: string, where: string): RouteData {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new TopolensError('TOPO_INTERNAL', `stored route ${where}: routeData must be a JSON array, got ${text.slice(0, 80)}`, { cause: err });
  }
  if (!Array.isArray(v) || v.length !== DATA_FIELDS || typeof v[0] !== 'number') {
    throw new TopolensError('TOPO_INTERNAL', `stored route ${where}: routeData must be a JSON array of ${DATA_FIELDS} fields starting with a time, got ${text.slice(0, 80)}`);
  }
  const [lastEventAtMicros, withdrawnAtMicros, source, asPath, asPathText, origin, med, localPref, communities, largeCommunities] = v as [
    number, number | null, BgpEventSource, number[] | null, string | null, RouteData['origin'], number | null, number | null, string[], string[],
  ];
  return { lastEventAtMicros, withdrawnAtMicros, source, asPath, asPathText, origin, med, localPref, communities, largeCommunities };
}

export function packedRouteKey(peerAddress: string, peerAsn: number, pathId: number | null): string {
  return pathId === null ? `${peerAddress}|${peerAsn}` : `${peerAddress}|${peerAsn}#${pathId}`;
}

export function parsePackedRouteKey(key: string): { peerAddress: string; peerAsn: number; pathId: number | null } {
  const bar = key.indexOf('|');
  const hash = key.indexOf('#', bar);
  const peerAsn = Number(key.slice(bar + 1, hash < 0 ? undefined : hash));
  const pathId = hash < 0 ? null : Number(key.slice(hash + 1));
  if (bar <= 0 || !Number.isInteger(peerAsn) || (pathId !== null && !Number.isInteger(pathId))) {
    throw new TopolensError('TOPO_INTERNAL', `stored route key must be peerAddress|peerAsn[#pathId], got ${key}`);
  }
  return { peerAddress: key.slice(0, bar), peerAsn, pathId };
}

/** The route id the replay works with (`routeId` of bgp-store): `peer|asn|prefix[#pathId]`. */
export function routeIdOfPacked(prefix: string, key: string): string {
  const hash = key.indexOf('#');
  return hash < 0 ? `${key}|${prefix}` : `${key.slice(0, hash)}|${prefix}${key.slice(hash)}`;
}

/** AS path as bgpdump prints it, kept only when the path holds sets or confederation segments. */
export function asPathText(attrs: BgpPathAttributes): string | null {
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

/** One prefix's lists being edited: positions by key, so each route's element is replaced in place or appended. */
export class PackedPrefix {
  readonly positions = new Map<string, number>();
  /** Whether the prefix node exists in the store (else the batch creates it). */
  constructor(readonly lists: PackedRoutes, readonly stored: boolean, readonly afi: 4 | 6) {
    for (let i = 0; i < lists.keys.length; i++) this.positions.set(lists.keys[i]!, i);
  }

  static empty(prefix: string, afi: 4 | 6): PackedPrefix {
    return new PackedPrefix({ prefix, keys: [], active: [], nextHops: [], originAsns: [], data: [] }, false, afi);
  }

  /** Validates the parallel lists read from the store: one length, no missing list. */
  static fromStore(row: Partial<PackedRoutes> & { prefix: string }): PackedPrefix {
    const lists: PackedRoutes = { prefix: row.prefix, keys: row.keys ?? [], active: row.active ?? [], nextHops: row.nextHops ?? [], originAsns: row.originAsns ?? [], data: row.data ?? [] };
    const n = lists.keys.length;
    if (lists.active.length !== n || lists.nextHops.length !== n || lists.originAsns.length !== n || lists.data.length !== n) {
      throw new TopolensError('TOPO_INTERNAL', `prefix ${row.prefix}: its route lists must have one length (keys ${n}, active ${lists.active.length}, nextHops ${lists.nextHops.length}, originAsns ${lists.originAsns.length}, data ${lists.data.length})`);
    }
    return new PackedPrefix(lists, true, row.prefix.includes(':') ? 6 : 4);
  }

  data(i: number): RouteData {
    return decodeRouteData(this.lists.data[i]!, `${this.lists.prefix} ${this.lists.keys[i]}`);
  }

  /** Writes the route's state after `ev`, the last event applied to it (an announcement replaces every attribute). */
  apply(ev: BgpRouteEvent): void {
    const key = packedRouteKey(ev.peerAddress, ev.peerAsn, ev.pathId);
    this.applyAt(ev, key, this.positions.get(key), eventMicros(ev));
  }

  /**
   * Applies the entries of a RIB dump to a prefix the store lacks: per route the latest entry wins, the later in the
   * file on a tie (what a replay from no state leaves when no entry counts in a window). The lists gain no route twice.
   */
  applyLatest(entries: readonly BgpRouteEvent[]): void {
    const appliedAt: number[] = [];
    for (const ev of entries) {
      const key = packedRouteKey(ev.peerAddress, ev.peerAsn, ev.pathId);
      const i = this.positions.get(key);
      const at = eventMicros(ev);
      if (i !== undefined && at < appliedAt[i]!) continue;
      appliedAt[i ?? this.lists.keys.length] = at;
      this.applyAt(ev, key, i, at);
    }
  }

  private applyAt(ev: BgpRouteEvent, key: string, position: number | undefined, at: number): void {
    let i = position;
    const known = i !== undefined;
    if (i === undefined) {
      i = this.lists.keys.length;
      this.positions.set(key, i);
      this.lists.keys.push(key);
    }
    const l = this.lists;
    const a = ev.attributes;
    if (ev.kind === 'announce' && a !== null) {
      l.active[i] = true;
      l.nextHops[i] = a.nextHop ?? NO_NEXT_HOP;
      l.originAsns[i] = originAsn(a) ?? NO_ORIGIN_ASN;
      l.data[i] = encodeRouteData({
        lastEventAtMicros: at, withdrawnAtMicros: null, source: ev.source, asPath: a.asPath, asPathText: asPathText(a),
        origin: a.origin, med: a.med, localPref: a.localPref, communities: a.communities, largeCommunities: a.largeCommunities,
      });
      return;
    }
    // A withdrawal keeps the last attributes; the time of the withdrawal must survive, or re-importing an older file would bring the route back.
    const before: RouteData = known
      ? this.data(i)
      : { lastEventAtMicros: at, withdrawnAtMicros: at, source: ev.source, asPath: null, asPathText: null, origin: null, med: null, localPref: null, communities: [], largeCommunities: [] };
    if (!known) {
      l.nextHops[i] = NO_NEXT_HOP;
      l.originAsns[i] = NO_ORIGIN_ASN;
    }
    l.active[i] = false;
    l.data[i] = encodeRouteData({ ...before, lastEventAtMicros: at, withdrawnAtMicros: at, source: ev.source });
  }

  /**
   * The write row of CREATE_PREFIXES_WITH_ROUTES / SET_PREFIX_ROUTES: each list joined by newlines, which
   * no element holds (keys and next hops are addresses and numbers; JSON escapes newlines in strings).
   */
  writeRow(): [string, string, string, string, string, string] {
    const { prefix, keys, active, nextHops, originAsns, data } = this.lists;
    if (keys.length === 0) throw new TopolensError('TOPO_INTERNAL', `prefix ${prefix}: a written prefix holds at least one route`);
    let flags = '';
    for (const a of active) flags += a ? '1' : '0';
    return [prefix, keys.join('\n'), flags, nextHops.join('\n'), originAsns.join('\n'), data.join('\n')];
  }

  /** Every route of the prefix, decoded (for reads; the write path never decodes routes it does not touch). */
  routes(): Route[] {
    return this.lists.keys.map((key, i) => {
      const d = this.data(i);
      const nextHop = this.lists.nextHops[i]!;
      const origin = this.lists.originAsns[i]!;
      return {
        id: routeIdOfPacked(this.lists.prefix, key), prefix: this.lists.prefix, ...parsePackedRouteKey(key), active: this.lists.active[i]!,
        nextHop: nextHop === NO_NEXT_HOP ? null : nextHop, originAsn: origin === NO_ORIGIN_ASN ? null : origin, ...d,
      };
    });
  }
}
