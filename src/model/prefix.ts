// An IP prefix with its origin, and the current route to it as learnt from one peer.
import type { BgpEventSource } from './bgp-event.js';

export interface Prefix {
  /** Canonical text form, e.g. `192.0.2.0/24` or `2001:db8::/32`. */
  prefix: string;
  afi: 4 | 6;
  originAsn?: number | null;
}

/** The current state of one route: one per (peer, prefix), and per path id under ADD-PATH. */
export interface Route {
  /** `peerAddress|peerAsn|prefix`, plus `#pathId` under ADD-PATH. */
  id: string;
  prefix: string;
  peerAddress: string;
  peerAsn: number;
  pathId: number | null;
  active: boolean;
  /** Null for a route only ever seen withdrawn. */
  asPath: number[] | null;
  /** The path as bgpdump prints it, only when it holds sets or confederation segments. */
  asPathText: string | null;
  originAsn: number | null;
  nextHop: string | null;
  origin: 'igp' | 'egp' | 'incomplete' | null;
  med: number | null;
  localPref: number | null;
  communities: string[];
  largeCommunities: string[];
  source: BgpEventSource;
  /** Unix microseconds of the last event applied to the route. */
  lastEventAtMicros: number;
  /** Unix microseconds of the withdrawal, while the route is withdrawn. */
  withdrawnAtMicros: number | null;
}
