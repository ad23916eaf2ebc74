// A physical link (LLDP, or an edge of a plain topology): undirected, between two devices.
export interface Link {
  /** Stable identity: see `linkId` in keys.ts. */
  id: string;
  aDeviceId: string;
  bDeviceId: string;
  aIfname?: string | null;
  bIfname?: string | null;
  /** Capacity in bits per second when known. */
  capacityBps?: number | null;
  /** Cost a→b and b→a when the source gives one (JSON topology); OSPF adjacencies override it. */
  costAtoB?: number | null;
  costBtoA?: number | null;
  /** Shared-risk tags (conduit, duct, line card…). */
  tags?: string[];
  label?: string | null;
}
