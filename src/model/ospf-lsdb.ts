// OSPFv2 link-state database records (router and network LSAs), neighbours and the events between two databases.
import type { Device } from './device.js';
import type { ImportWarning } from './topology.js';
import type { OspfAdjacency } from './ospf-adjacency.js';
import type { Prefix } from './prefix.js';
import type { ObservationSource } from './source.js';

export interface OspfLsaHeader {
  area: string;
  linkStateId: string;
  advertisingRouter: string;
  /** LS sequence number as 8 lower-case hex digits (`80000007`); null when the output left it out. */
  sequence: string | null;
  /** LS age in seconds when the database was printed. */
  age: number | null;
  checksum?: string | null;
}

export interface OspfRouterLink {
  type: 'point-to-point' | 'transit' | 'stub' | 'virtual';
  /** Link ID: neighbour router id (point-to-point, virtual), DR interface address (transit), network (stub). */
  linkId: string;
  /** Link Data: the router's interface address, or the network mask for a stub. */
  linkData: string | null;
  cost: number;
}

export interface OspfRouterLsa extends OspfLsaHeader {
  kind: 'router';
  abr?: boolean;
  asbr?: boolean;
  /** False when the source printed only the header (`show ip ospf database json`). */
  detailed: boolean;
  links: OspfRouterLink[];
}

export interface OspfNetworkLsa extends OspfLsaHeader {
  kind: 'network';
  prefixLength: number | null;
  attachedRouters: string[];
  detailed: boolean;
}

export interface OspfLsdb {
  /** Router id of the router the database was printed on, when the output says. */
  routerId: string | null;
  routerLsas: OspfRouterLsa[];
  networkLsas: OspfNetworkLsa[];
}

/** A directed adjacency with what identifies it inside the LSAs. */
export interface OspfAdjacencyRecord extends OspfAdjacency {
  fromRouterId: string;
  toRouterId: string;
  /** The `from` router's interface address on this link (Link Data). */
  interfaceAddress?: string | null;
  /** Transit adjacencies: the network (DR interface address / prefix length) they cross. */
  transitNetwork?: string | null;
}

/** A stub network a router advertises, with the cost to reach it from that router. */
export interface OspfStubNetwork {
  id: string;
  deviceId: string;
  routerId: string;
  area: string;
  prefix: string;
  cost: number;
  lsaSequence: string | null;
}

export interface OspfNeighbour {
  /** Router id of the neighbour. */
  neighbourRouterId: string;
  /** Router id of the router that printed the table, when known. */
  localRouterId: string | null;
  /** Neighbour's interface address. */
  address: string | null;
  /** Local interface the adjacency is on, and its address (FRR prints `ifname:address`). */
  ifname: string | null;
  localAddress: string | null;
  /** `Full`, `2-Way`, `Init`, … (the part before the slash of FRR's `Full/DR`). */
  state: string | null;
  /** `DR`, `Backup`, `DROther`, or null on point-to-point links (`Full/-`). */
  role: string | null;
  priority: number | null;
  upTimeMs: number | null;
  deadTimeMs: number | null;
}

export interface OspfObservations {
  source: ObservationSource;
  devices: Device[];
  adjacencies: OspfAdjacencyRecord[];
  stubNetworks: OspfStubNetwork[];
  /** Stub networks and transit (network-LSA) prefixes, once each. */
  prefixes: Prefix[];
  lsdb: OspfLsdb;
  warnings: ImportWarning[];
}

export type OspfEvent =
  | { kind: 'adjacency-up' | 'adjacency-down'; adjacencyId: string; area: string; fromRouterId: string; toRouterId: string; cost: number; lsaSequence: string | null }
  | { kind: 'cost-change'; adjacencyId: string; area: string; fromRouterId: string; toRouterId: string; oldCost: number; newCost: number; lsaSequence: string | null }
  | { kind: 'stub-up' | 'stub-down'; area: string; routerId: string; prefix: string; cost: number }
  | { kind: 'stub-cost-change'; area: string; routerId: string; prefix: string; oldCost: number; newCost: number }
  /** The newer import holds an older copy of an LSA than the earlier one: its changes were not compared. */
  | { kind: 'stale-lsa'; area: string; lsaType: 'router' | 'network'; linkStateId: string; advertisingRouter: string; oldSequence: string | null; newSequence: string | null };
