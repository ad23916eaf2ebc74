// OSPF adjacency events tied to links as the snapshot matched the adjacencies, to devices by their ends, and explained.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import { bgpChurnSource, ospfInstabilitySource, tallyOspfEvents } from '../../../src/learning/instability-evidence.js';
import type { OspfAdjacency } from '../../../src/model/index.js';
import type { OspfAdjacencyEventCount } from '../../../src/store/model-store.js';

const adj = (id: string, from: string, to: string, cost: number): OspfAdjacency => ({ id, fromDeviceId: from, toDeviceId: to, cost, area: '0.0.0.0', linkType: 'point-to-point' });

// r2–r3 has one cable and two adjacencies each way (the cable and a LAN): the cheaper pair costs the cable, the
// other becomes an OSPF-only link. r1–r4 has a cable whose adjacencies are gone. r3–r4 shared only an adjacency, now gone.
const snapshot = buildSnapshot({
  devices: ['r1', 'r2', 'r3', 'r4'].map((id) => ({ id, hostname: id })),
  links: [
    { id: 'cable-r1-r2', aDeviceId: 'r1', bDeviceId: 'r2' },
    { id: 'cable-r2-r3', aDeviceId: 'r2', bDeviceId: 'r3' },
    { id: 'cable-r1-r4', aDeviceId: 'r1', bDeviceId: 'r4' },
  ],
  adjacencies: [
    adj('r1>r2', 'r1', 'r2', 10), adj('r2>r1', 'r2', 'r1', 10),
    adj('r2>r3 veth', 'r2', 'r3', 25), adj('r3>r2 veth', 'r3', 'r2', 30),
    adj('r2>r3 lan', 'r2', 'r3', 5), adj('r3>r2 lan', 'r3', 'r2', 7),
  ],
});
const link = (a: string, b: string, cost: number) => snapshot.links.find((l) => l.aDeviceId === a && l.bDeviceId === b && l.costAtoB === cost)!.index;
const device = (id: string) => snapshot.deviceIndex.get(id)!;

const event = (kind: OspfAdjacencyEventCount['kind'], adjacencyId: string, from: string | null, to: string | null, events = 1): OspfAdjacencyEventCount =>
  ({ kind, adjacencyId, fromDeviceId: from, toDeviceId: to, events });

describe('tallyOspfEvents', () => {
  const events = [
    event('cost-change', 'r2>r3 veth', 'r2', 'r3'),
    event('adjacency-down', 'r1>r4', 'r1', 'r4'),
    event('adjacency-down', 'r4>r1', 'r4', 'r1'),
    event('adjacency-up', 'r1>r4', 'r1', 'r4'),
    event('adjacency-down', 'r3>r4', 'r3', 'r4', 2),
    event('cost-change', 'x>y', null, null),
  ];
  const ospf = tallyOspfEvents(snapshot, events);

  it('puts an event of a current adjacency on the link the snapshot matched it to, not on its parallel link', () => {
    const veth = link('r2', 'r3', 25);
    const cable = link('r2', 'r3', 5);
    expect(snapshot.links[veth]!.fromOspfOnly).toBe(true);
    expect(ospf.link.costChanges[veth]).toBe(1);
    expect(ospf.link.costChanges[cable]).toBe(0);
  });

  it('puts events of a vanished adjacency on the links between its devices, and on devices only when none is left', () => {
    const r1r4 = snapshot.linkIndex.get('cable-r1-r4')!;
    expect(ospf.link.adjacencyChanges[r1r4]).toBe(3);
    expect(ospf.link.adjacencyChanges[snapshot.linkIndex.get('cable-r1-r2')!]).toBe(0);
    expect(ospf.withoutLink).toBe(3); // r3–r4 (2) and the event naming no known device
    expect(ospf.events).toBe(7);
  });

  it('counts every event on both end devices', () => {
    const adjacencyChanges = (id: string) => ospf.device.adjacencyChanges[device(id)];
    expect(['r1', 'r2', 'r3', 'r4'].map(adjacencyChanges)).toEqual([3, 0, 2, 5]);
    expect(ospf.device.costChanges[device('r2')]).toBe(1);
    expect(ospf.device.costChanges[device('r3')]).toBe(1);
  });

  it('explains counts in words, and what is missing where there are none', () => {
    const links = ospfInstabilitySource(ospf, 'link');
    const devices = ospfInstabilitySource(ospf, 'device');
    expect(links.describe(snapshot.linkIndex.get('cable-r1-r4')!)).toBe('3 OSPF adjacency changes');
    expect(links.describe(link('r2', 'r3', 25))).toBe('1 OSPF cost change');
    expect(devices.describe(device('r3'))).toBe('2 OSPF adjacency changes, 1 cost change');
    expect(links.events[snapshot.linkIndex.get('cable-r1-r2')!]).toBe(0);
    expect(links.missing).toBe('no OSPF adjacency or cost changes recorded on the adjacencies over it');
    expect(ospfInstabilitySource(tallyOspfEvents(snapshot, []), 'device').missing).toMatch(/^no OSPF adjacency or cost changes recorded \(an LSDB import/);
  });
});

describe('bgpChurnSource', () => {
  it('says whether the store holds no BGP windows at all or none from the device', () => {
    expect(bgpChurnSource(['r1'], { churn: new Map(), windows: 0 }).missing).toBe('no BGP event windows in the store');
    const some = bgpChurnSource(['r1', 'r2'], { churn: new Map([['r2', 45]]), windows: 3 });
    expect(Array.from(some.events)).toEqual([0, 45]);
    expect(some.describe(1)).toBe('45 BGP withdrawals, path changes and flaps tied to it');
    expect(some.missing).toBe('no BGP events from a peer address of this device');
  });
});
