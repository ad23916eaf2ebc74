// An IP prefix with its origin, and the current route to it as learnt from one peer.
export interface Prefix {
  /** Canonical text form, e.g. `192.0.2.0/24` or `2001:db8::/32`. */
  prefix: string;
  afi: 4 | 6;
  originAsn?: number | null;
}

export interface Route {
  id: string;
  prefix: string;
  peerAddress: string;
  peerAsn: number;
  asPath: number[];
  nextHop?: string | null;
  origin?: 'igp' | 'egp' | 'incomplete' | null;
  med?: number | null;
  localPref?: number | null;
  communities?: string[];
}
