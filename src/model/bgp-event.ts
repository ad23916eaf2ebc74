// Per-record BGP events as the importers normalise them: announcements, withdrawals, state changes, peer tables.

/** One segment of an AS path; most paths are a single `sequence`. */
export interface AsPathSegment {
  type: 'sequence' | 'set' | 'confed-sequence' | 'confed-set';
  asns: number[];
}

/** Attributes of a BGP path, shared (same object) by every prefix announced with them. */
export interface BgpPathAttributes {
  origin: 'igp' | 'egp' | 'incomplete' | null;
  /** ASNs of the path in order, AS4_PATH already merged; set members appear in wire order. */
  asPath: number[];
  /** Only when the path holds something other than one plain AS_SEQUENCE (sets, confederations). */
  asPathSegments: AsPathSegment[] | null;
  nextHop: string | null;
  /** IPv6 link-local next hop of MP_REACH, when the speaker sent one. */
  nextHopLinkLocal?: string | null;
  med: number | null;
  localPref: number | null;
  atomicAggregate: boolean;
  aggregator: { asn: number; address: string } | null;
  /** RFC 1997 communities as `asn:value`. */
  communities: string[];
  /** RFC 8092 large communities as `global:local1:local2`. */
  largeCommunities: string[];
}

/** Which container a route event came from; `rib` entries are table snapshots, not updates. */
export type BgpEventSource = 'TABLE_DUMP' | 'TABLE_DUMP2' | 'BGP4MP' | 'BGP4MP_ET' | 'BGP' | 'RIS_LIVE';

/** An announcement (or RIB entry) or withdrawal of one prefix by one peer. */
export interface BgpRouteEvent {
  kind: 'announce' | 'withdraw';
  source: BgpEventSource;
  /** True for a RIB dump entry (bgpdump's `B`), false for an UPDATE. */
  rib: boolean;
  /** Unix seconds of the record; `microseconds` adds the extended-timestamp part. */
  timestamp: number;
  microseconds: number;
  peerAddress: string;
  peerAsn: number;
  /** Canonical text form, e.g. `192.0.2.0/24` or `2001:db8::/32`. */
  prefix: string;
  afi: 4 | 6;
  /** 1 unicast, 2 multicast (RFC 4760 SAFI); other SAFIs (VPN, flowspec…) are not decoded. */
  safi: 1 | 2;
  /** RFC 7911 path identifier (ADD-PATH), else null. */
  pathId: number | null;
  /** Null for withdrawals. */
  attributes: BgpPathAttributes | null;
  /** RIB entries: when the route was learnt (Unix seconds). */
  originatedAt?: number;
  /** Zero-based index of the record in its input. */
  record: number;
}

/** A BGP finite-state-machine transition of a peer session (RFC 4271 state numbers). */
export interface BgpStateChangeEvent {
  kind: 'state';
  source: BgpEventSource;
  timestamp: number;
  microseconds: number;
  peerAddress: string;
  peerAsn: number;
  oldState: number;
  newState: number;
  record: number;
}

export interface BgpPeerEntry {
  bgpId: string;
  address: string;
  asn: number;
}

/** A TABLE_DUMP_V2 PEER_INDEX_TABLE: the peers that the following RIB entries refer to by index. */
export interface BgpPeerIndexEvent {
  kind: 'peer-index';
  source: BgpEventSource;
  timestamp: number;
  collectorBgpId: string;
  viewName: string;
  peers: BgpPeerEntry[];
  record: number;
}

export type BgpEvent = BgpRouteEvent | BgpStateChangeEvent | BgpPeerIndexEvent;

/** RFC 4271 state numbers as names, for reports (bgpdump prints the numbers). */
export const BGP_FSM_STATES: Readonly<Record<number, string>> = Object.freeze({
  1: 'Idle',
  2: 'Connect',
  3: 'Active',
  4: 'OpenSent',
  5: 'OpenConfirm',
  6: 'Established',
  7: 'Clearing',
  8: 'Deleted',
});

/** Unix microseconds of an event: the order every stored route state is compared by. */
export function eventMicros(ev: { timestamp: number; microseconds: number }): number {
  return ev.timestamp * 1e6 + ev.microseconds;
}
