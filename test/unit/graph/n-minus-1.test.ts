import { describe, expect, it } from 'vitest';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { rankFailures } from '../../../src/graph/n-minus-1.js';
import { rankFailuresBaseline } from '../../../src/graph/n-minus-1-baseline.js';
import { buildSnapshot, type Snapshot } from '../../../src/graph/snapshot.js';
import { simulateFailure } from '../../../src/graph/what-if.js';
import { makeTopology } from './small-topology.js';
import { readZooTopology } from './zoo-topology.js';

/** The ranking must be the baseline's, bit for bit; and lost pairs must appear exactly at bridges and articulation points. */
function expectSameAsBaseline(snap: Snapshot): void {
  const fast = rankFailures(snap);
  const slow = rankFailuresBaseline(snap);
  expect(fast).toEqual(slow);
  expect(fast.ranking).toHaveLength(snap.devices.length + snap.links.length);
  const splitting = (kind: string) => fast.ranking.filter((r) => r.kind === kind && r.lostPairs > 0).map((r) => r.id).sort();
  expect(splitting('link')).toEqual([...fast.bridges].sort());
  expect(splitting('device')).toEqual([...fast.articulationPoints].sort());
}

describe('rankFailures', () => {
  it('ranks a hand-worked triangle with a pendant device', () => {
    const snap = buildSnapshot(makeTopology(['a-b', 'a-c', 'b-c', 'c-d']), { defaultCost: 1 });
    const result = rankFailures(snap);
    expect(result.bridges).toEqual(['c-d']);
    expect(result.articulationPoints).toEqual(['c']);
    expect(result.ranking.slice(0, 5).map((r) => [r.kind, r.id, r.lostPairs, r.changedPairs, r.impact])).toEqual([
      ['link', 'c-d', 6, 0, 6 / 12],
      ['device', 'c', 4, 0, 4 / 12],
      // a-c down: a↔c 1→2 (capped relative increase 1 each way), a↔d 2→3 (0.5 each way).
      ['link', 'a-c', 0, 4, 3 / 12],
      ['link', 'b-c', 0, 4, 3 / 12],
      ['link', 'a-b', 0, 2, 2 / 12],
    ]);
    expect(result.ranking.slice(5).map((r) => [r.id, r.impact])).toEqual([['a', 0], ['b', 0], ['d', 0]]);
  });

  it('agrees with the what-if analysis of each single failure', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 40, seed: 11 }));
    const byId = new Map(rankFailures(snap).ranking.map((r) => [`${r.kind}:${r.id}`, r]));
    for (const link of snap.links.slice(0, 12)) {
      const w = simulateFailure(snap, { failedLinks: [link.id] }, { includePaths: false, includeTraffic: false });
      expect(byId.get(`link:${link.id}`)).toMatchObject({ lostPairs: w.lostPairs.length, changedPairs: w.changedPairs.length, impact: w.impact });
    }
    for (const device of snap.devices.slice(0, 12)) {
      const w = simulateFailure(snap, { failedDevices: [device.id] }, { includePaths: false, includeTraffic: false });
      expect(byId.get(`device:${device.id}`)).toMatchObject({ lostPairs: w.lostPairs.length, changedPairs: w.changedPairs.length, impact: w.impact });
    }
  });

  it('handles ECMP, parallel links and one-way OSPF links like the baseline', () => {
    const topo = makeTopology(['s-a', 's-b', 'a-t', 'b-t', 't-u', 'u-v']);
    topo.links.push({ id: 't-u#2', aDeviceId: 't', bDeviceId: 'u', tags: [] });
    const adjacencies = [{ id: 'x', fromDeviceId: 'v', toDeviceId: 'w', cost: 3, area: '0', linkType: 'point-to-point' as const }];
    expectSameAsBaseline(buildSnapshot({ ...topo, adjacencies }, { defaultCost: 1 }));
  });

  for (const [nodes, seed] of [[50, 1], [90, 2], [140, 3]] as const) {
    it(`equals the baseline exactly on a generated ISP topology (${nodes} nodes, seed ${seed})`, () => {
      expectSameAsBaseline(buildSnapshot(generateIspTopology({ nodes, seed })));
    });
  }

  for (const [name, geoCosts] of [['Abilene', false], ['Geant2012', true], ['Bellcanada', false], ['Garr201201', true]] as const) {
    it(`equals the baseline exactly on Topology Zoo ${name}${geoCosts ? ' (distance costs)' : ' (hop count)'}`, () => {
      expectSameAsBaseline(buildSnapshot(readZooTopology(name, { geoCosts }), { defaultCost: 1 }));
    });
  }

  it('can rank one kind only', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 30, seed: 5 }));
    const links = rankFailures(snap, { kinds: ['link'] });
    expect(links.ranking.every((r) => r.kind === 'link')).toBe(true);
    expect(links.ranking).toEqual(rankFailures(snap).ranking.filter((r) => r.kind === 'link'));
  });
});
