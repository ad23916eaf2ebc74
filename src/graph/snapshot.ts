// Builds the in-memory analysis snapshot: a graphology graph with one arc per link direction, plus its compact form.
import graphology from 'graphology';
import type { Device, Link, OspfAdjacency } from '../model/index.js';
import { linkId as makeLinkId } from '../model/index.js';
import { TopolensError } from '../errors.js';
import { compactGraph, type CompactGraph } from './compact-graph.js';

const { MultiDirectedGraph } = graphology;

/** A BGP prefix and the device its traffic must reach (its BGP next hop, else its origin). */
export interface PrefixOrigin {
  prefix: string;
  /** Device holding the BGP next hop; takes precedence over `originDeviceId`. */
  nextHopDeviceId?: string | null;
  /** Device originating the prefix, used when the next hop is not known. */
  originDeviceId?: string | null;
  /** Devices that route to the prefix; every device when absent. */
  fromDeviceIds?: string[] | null;
  /** OSPF stub of a point-to-point link: withdrawn when every link from the origin to this device fails. */
  withdrawnWithLinkTo?: string | null;
}

export interface SnapshotInput {
  devices: Device[];
  links: Link[];
  adjacencies?: OspfAdjacency[];
  prefixes?: PrefixOrigin[];
}

export interface SnapshotOptions {
  /** Cost of a link direction that has neither an OSPF adjacency nor a cost of its own. */
  defaultCost?: number;
}

export interface SnapshotDevice {
  index: number;
  id: string;
  /** Hostname when known, else router id, else id: what people read. */
  label: string;
  device: Device;
}

export interface SnapshotLink {
  index: number;
  id: string;
  aDeviceId: string;
  bDeviceId: string;
  a: number;
  b: number;
  /** Cost a→b and b→a; null where that direction carries no traffic (one-way OSPF-only link). */
  costAtoB: number | null;
  costBtoA: number | null;
  tags: string[];
  capacityBps: number | null;
  /** True when the link exists only because OSPF reported an adjacency without a physical link. */
  fromOspfOnly: boolean;
}

export interface DeviceNodeAttributes {
  index: number;
  label: string;
}

export interface ArcAttributes {
  linkId: string;
  linkIndex: number;
  cost: number;
}

export type SnapshotGraph = InstanceType<typeof MultiDirectedGraph<DeviceNodeAttributes, ArcAttributes>>;

export interface Snapshot {
  /** Devices as nodes (keyed by device id), one directed edge per usable link direction. */
  graph: SnapshotGraph;
  devices: SnapshotDevice[];
  deviceIndex: Map<string, number>;
  links: SnapshotLink[];
  linkIndex: Map<string, number>;
  /** OSPF adjacency id → index of the link the order rule of buildSnapshot matched it to (ties adjacency events to links). */
  adjacencyLinks: Map<string, number>;
  prefixes: PrefixOrigin[];
  /** Array form of `graph` for the hot loops (same node and link indices). */
  compact: CompactGraph;
  defaultCost: number;
}

function checkCost(cost: number, what: string): number {
  // Zero or negative costs would make the shortest-path DAG cyclic; OSPF metrics are 1..65535.
  if (!Number.isFinite(cost) || cost <= 0) throw new TopolensError('TOPO_BAD_INPUT', `${what}: cost must be a positive number, got ${cost}`);
  return cost;
}

/** How a device is named to people: hostname, else router id, else id. */
export function labelOf(device: Device): string {
  return device.hostname ?? device.routerId ?? device.id;
}

/**
 * Builds a snapshot. A direction's cost is the OSPF adjacency's cost when there is one, else the
 * link's own per-direction cost, else `defaultCost`. Adjacencies between two devices are matched to
 * the links between them in order (links by id, adjacencies by cost then id), since nothing in an
 * LSA names the physical link; adjacencies left over become OSPF-only links, which carry traffic
 * only in the directions an adjacency was seen.
 */
export function buildSnapshot(input: SnapshotInput, options: SnapshotOptions = {}): Snapshot {
  const defaultCost = checkCost(options.defaultCost ?? 10, 'defaultCost');
  const devices: SnapshotDevice[] = [];
  const deviceIndex = new Map<string, number>();
  const addDevice = (device: Device): number => {
    const known = deviceIndex.get(device.id);
    if (known !== undefined) return known;
    const index = devices.length;
    devices.push({ index, id: device.id, label: labelOf(device), device });
    deviceIndex.set(device.id, index);
    return index;
  };
  for (const device of input.devices) addDevice(device);
  // Links and adjacencies may name devices no import described; keep them as bare devices.
  const ensure = (id: string): number => addDevice({ id, hostname: null });

  const pairKey = (x: string, y: string) => `${x}\u0000${y}`;
  const adjacenciesByDirection = new Map<string, OspfAdjacency[]>();
  for (const adj of input.adjacencies ?? []) {
    checkCost(adj.cost, `adjacency ${adj.id}`);
    if (adj.fromDeviceId === adj.toDeviceId) continue;
    const key = pairKey(adj.fromDeviceId, adj.toDeviceId);
    const list = adjacenciesByDirection.get(key);
    if (list) list.push(adj);
    else adjacenciesByDirection.set(key, [adj]);
  }
  for (const list of adjacenciesByDirection.values()) list.sort((p, q) => p.cost - q.cost || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));

  const linksByPair = new Map<string, Link[]>();
  for (const link of input.links) {
    if (link.aDeviceId === link.bDeviceId) continue;
    const [x, y] = [link.aDeviceId, link.bDeviceId].sort() as [string, string];
    const key = pairKey(x, y);
    const list = linksByPair.get(key);
    if (list) list.push(link);
    else linksByPair.set(key, [link]);
  }

  const links: SnapshotLink[] = [];
  const linkIndex = new Map<string, number>();
  const pushLink = (l: Omit<SnapshotLink, 'index' | 'a' | 'b'>) => {
    if (linkIndex.has(l.id)) throw new TopolensError('TOPO_BAD_INPUT', `duplicate link id ${l.id}`);
    const index = links.length;
    links.push({ ...l, index, a: ensure(l.aDeviceId), b: ensure(l.bDeviceId) });
    linkIndex.set(l.id, index);
  };
  const adjacencyLinks = new Map<string, number>();
  // Called just before pushLink of the link it costs, so links.length is that link's index.
  const takeAdjacency = (from: string, to: string, i: number): number | undefined => {
    const adj = adjacenciesByDirection.get(pairKey(from, to))?.[i];
    if (adj) adjacencyLinks.set(adj.id, links.length);
    return adj?.cost;
  };

  const pairs = new Set<string>([...linksByPair.keys()]);
  for (const key of adjacenciesByDirection.keys()) {
    const [x, y] = key.split('\u0000').sort() as [string, string];
    pairs.add(pairKey(x, y));
  }
  for (const key of [...pairs].sort()) {
    const [x, y] = key.split('\u0000') as [string, string];
    const physical = (linksByPair.get(key) ?? []).slice().sort((p, q) => (p.id < q.id ? -1 : p.id > q.id ? 1 : 0));
    physical.forEach((link, i) => {
      const fromA = takeAdjacency(link.aDeviceId, link.bDeviceId, i);
      const fromB = takeAdjacency(link.bDeviceId, link.aDeviceId, i);
      pushLink({
        id: link.id,
        aDeviceId: link.aDeviceId,
        bDeviceId: link.bDeviceId,
        costAtoB: fromA ?? checkCost(link.costAtoB ?? defaultCost, `link ${link.id}`),
        costBtoA: fromB ?? checkCost(link.costBtoA ?? defaultCost, `link ${link.id}`),
        tags: link.tags ? [...link.tags] : [],
        capacityBps: link.capacityBps ?? null,
        fromOspfOnly: false,
      });
    });
    const extraXY = (adjacenciesByDirection.get(pairKey(x, y))?.length ?? 0) - physical.length;
    const extraYX = (adjacenciesByDirection.get(pairKey(y, x))?.length ?? 0) - physical.length;
    for (let j = 0; j < Math.max(extraXY, extraYX); j++) {
      const i = physical.length + j;
      pushLink({
        id: makeLinkId({ deviceId: x }, { deviceId: y }, i),
        aDeviceId: x,
        bDeviceId: y,
        costAtoB: takeAdjacency(x, y, i) ?? null,
        costBtoA: takeAdjacency(y, x, i) ?? null,
        tags: [],
        capacityBps: null,
        fromOspfOnly: true,
      });
    }
  }

  const graph: SnapshotGraph = new MultiDirectedGraph<DeviceNodeAttributes, ArcAttributes>();
  for (const d of devices) graph.addNode(d.id, { index: d.index, label: d.label });
  for (const l of links) {
    if (l.costAtoB !== null) graph.addDirectedEdgeWithKey(`${l.id}>a`, l.aDeviceId, l.bDeviceId, { linkId: l.id, linkIndex: l.index, cost: l.costAtoB });
    if (l.costBtoA !== null) graph.addDirectedEdgeWithKey(`${l.id}>b`, l.bDeviceId, l.aDeviceId, { linkId: l.id, linkIndex: l.index, cost: l.costBtoA });
  }

  return {
    graph,
    devices,
    deviceIndex,
    links,
    linkIndex,
    adjacencyLinks,
    prefixes: input.prefixes ? [...input.prefixes] : [],
    compact: compactGraph(devices.length, links),
    defaultCost,
  };
}
