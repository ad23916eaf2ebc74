// Instability evidence for risk: BGP churn per device, and recorded OSPF adjacency events tied to the snapshot's links and devices.
import type { Snapshot } from '../graph/snapshot.js';
import type { OspfAdjacencyEventCount } from '../store/model-store.js';
import type { InstabilitySource } from './risk-score.js';

/** OSPF adjacency ups + downs and cost changes per element, indexed as the snapshot's devices or links. */
export interface OspfEventTally {
  adjacencyChanges: Float64Array;
  costChanges: Float64Array;
}

export interface OspfInstability {
  device: OspfEventTally;
  link: OspfEventTally;
  /** Events read from the store. */
  events: number;
  /** Events whose two devices share no link any more (e.g. an OSPF-only link that went down): on devices only. */
  withoutLink: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const pairKey = (x: number, y: number) => (x < y ? `${x}:${y}` : `${y}:${x}`);

function emptyTally(n: number): OspfEventTally {
  return { adjacencyChanges: new Float64Array(n), costChanges: new Float64Array(n) };
}

function add(tally: OspfEventTally, i: number, e: OspfAdjacencyEventCount): void {
  if (e.kind === 'cost-change') tally.costChanges[i]! += e.events;
  else tally.adjacencyChanges[i]! += e.events;
}

/**
 * Ties each event to a link the way the snapshot matched its adjacency (`adjacencyLinks`); an adjacency that is
 * gone (it went down) has no match, so its event counts on every link between its two devices, usually one.
 * Both end devices count every event that names them.
 */
export function tallyOspfEvents(snapshot: Snapshot, events: readonly OspfAdjacencyEventCount[]): OspfInstability {
  const device = emptyTally(snapshot.devices.length);
  const link = emptyTally(snapshot.links.length);
  const linksByPair = new Map<string, number[]>();
  for (const l of snapshot.links) {
    const key = pairKey(l.a, l.b);
    const list = linksByPair.get(key);
    if (list) list.push(l.index);
    else linksByPair.set(key, [l.index]);
  }
  let total = 0;
  let withoutLink = 0;
  for (const e of events) {
    total += e.events;
    const from = e.fromDeviceId === null ? undefined : snapshot.deviceIndex.get(e.fromDeviceId);
    const to = e.toDeviceId === null ? undefined : snapshot.deviceIndex.get(e.toDeviceId);
    if (from !== undefined) add(device, from, e);
    if (to !== undefined && to !== from) add(device, to, e);
    const matched = snapshot.adjacencyLinks.get(e.adjacencyId);
    const links = matched !== undefined ? [matched] : from !== undefined && to !== undefined ? linksByPair.get(pairKey(from, to)) ?? [] : [];
    if (links.length === 0) withoutLink += e.events;
    for (const l of links) add(link, l, e);
  }
  return { device, link, events: total, withoutLink };
}

/** "3 OSPF adjacency changes, 1 cost change" for element i. */
function describeOspf(tally: OspfEventTally, i: number): string {
  const adjacency = tally.adjacencyChanges[i]!;
  const cost = tally.costChanges[i]!;
  if (adjacency === 0) return `${plural(cost, 'OSPF cost change')}`;
  return cost === 0 ? plural(adjacency, 'OSPF adjacency change') : `${plural(adjacency, 'OSPF adjacency change')}, ${plural(cost, 'cost change')}`;
}

/** The OSPF evidence of one kind of element as a risk input. */
export function ospfInstabilitySource(ospf: OspfInstability, kind: 'device' | 'link'): InstabilitySource {
  const tally = ospf[kind];
  const events = tally.adjacencyChanges.map((a, i) => a + tally.costChanges[i]!);
  const missing = ospf.events === 0
    ? 'no OSPF adjacency or cost changes recorded (an LSDB import records them against the previous one)'
    : `no OSPF adjacency or cost changes recorded on ${kind === 'device' ? 'its adjacencies' : 'the adjacencies over it'}`;
  return { events, describe: (i) => describeOspf(tally, i), missing };
}

/** BGP churn per device (withdrawals + path changes + flaps from its peer addresses) as a risk input. */
export function bgpChurnSource(deviceIds: readonly string[], churn: { churn: Map<string, number>; windows: number }): InstabilitySource {
  const events = deviceIds.map((id) => churn.churn.get(id) ?? 0);
  return {
    events,
    describe: (i) => `${events[i]} BGP withdrawals, path changes and flaps tied to it`,
    missing: churn.windows === 0 ? 'no BGP event windows in the store' : 'no BGP events from a peer address of this device',
  };
}

/** Links get no BGP evidence: churn is counted per peer, and a peer is a device. */
export function bgpNotOnLinks(links: number): InstabilitySource {
  return { events: new Float64Array(links), describe: () => '', missing: 'BGP churn ties to devices, not links' };
}
