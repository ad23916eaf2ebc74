import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import type { OspfAdjacency } from '../../../src/model/index.js';
import { makeTopology } from './small-topology.js';

const adjacency = (from: string, to: string, cost: number, id = `ospf:0:${from}>${to}`): OspfAdjacency => ({
  id, fromDeviceId: from, toDeviceId: to, cost, area: '0.0.0.0', linkType: 'point-to-point',
});

describe('buildSnapshot', () => {
  it('takes the OSPF cost, else the link cost, else the default, per direction', () => {
    const topo = makeTopology([{ ends: 'a-b', cost: 7, back: 9 }, 'b-c']);
    const snap = buildSnapshot({ ...topo, adjacencies: [adjacency('a', 'b', 3)] }, { defaultCost: 42 });
    const ab = snap.links[snap.linkIndex.get('a-b')!]!;
    const bc = snap.links[snap.linkIndex.get('b-c')!]!;
    expect([ab.costAtoB, ab.costBtoA]).toEqual([3, 9]);
    expect([bc.costAtoB, bc.costBtoA]).toEqual([42, 42]);
    expect(snap.graph.order).toBe(3);
    expect(snap.graph.size).toBe(4);
    expect(snap.graph.getEdgeAttributes('a-b>a').cost).toBe(3);
    expect(snap.compact.m).toBe(4);
  });

  it('turns adjacencies without a physical link into OSPF-only links, one-way where OSPF saw one direction', () => {
    const snap = buildSnapshot({
      devices: [{ id: 'r1', hostname: null, routerId: '192.0.2.1' }],
      links: [],
      adjacencies: [adjacency('r1', 'r2', 10), adjacency('r2', 'r1', 20), adjacency('r2', 'r3', 5)],
    });
    expect(snap.devices.map((d) => d.label)).toEqual(['192.0.2.1', 'r2', 'r3']);
    expect(snap.links.map((l) => [l.id, l.costAtoB, l.costBtoA, l.fromOspfOnly])).toEqual([
      ['r1~r2', 10, 20, true],
      ['r2~r3', 5, null, true],
    ]);
    expect(snap.graph.size).toBe(3);
  });

  it('rejects non-positive costs with a stable code', () => {
    expect(() => buildSnapshot(makeTopology([{ ends: 'a-b', cost: 0 }]))).toThrowError(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    expect(() => buildSnapshot(makeTopology(['a-b']), { defaultCost: -1 })).toThrowError(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
  });
});
