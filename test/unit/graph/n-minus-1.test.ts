import { describe, expect, it } from 'vitest';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { collapseChains } from '../../../src/graph/collapse-chains.js';
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

  // UsCarrier and Cogentco are, like Kdl, long degree-2 chains between few branch devices.
  for (const [name, geoCosts] of [['Abilene', false], ['Geant2012', true], ['Bellcanada', false], ['Garr201201', true], ['UsCarrier', false], ['Cogentco', true]] as const) {
    it(`equals the baseline exactly on Topology Zoo ${name}${geoCosts ? ' (distance costs)' : ' (hop count)'}`, () => {
      expectSameAsBaseline(buildSnapshot(readZooTopology(name, { geoCosts }), { defaultCost: 1 }));
    });
  }

  it('equals the baseline on chains: loops, a lone ring, parallel chains, a pendant path, detours cheaper than the chain', () => {
    const topo = makeTopology([
      'h1-h2', 'h2-h3', 'h3-h1', 'h1-p1', 'p1-p2', 'p2-h2', 'h1-q1', 'q1-h2', // two parallel chains beside a direct link
      { ends: 'h3-c1', cost: 9 }, { ends: 'c1-c2', cost: 9, back: 2 }, { ends: 'c2-c3', cost: 1 }, { ends: 'c3-h2', cost: 1, back: 7 }, // asymmetric chain
      'h1-l1', 'l1-l2', 'l2-l3', 'l3-h1', // a chain that closes on its own end
      'h3-t1', 't1-t2', 't2-t3', // a pendant path (bridges)
      'r1-r2', 'r2-r3', 'r3-r4', 'r4-r1', // a ring with no branch device, in its own component
    ]);
    expectSameAsBaseline(buildSnapshot(topo, { defaultCost: 1 }));
  });

  it('equals the baseline on an ECMP-heavy ladder with unit costs and chained rungs', () => {
    const edges: string[] = [];
    for (let i = 0; i < 12; i++) {
      edges.push(`a${i}-a${i + 1}`, `b${i}-b${i + 1}`);
      if (i % 3 === 0) edges.push(`a${i}-m${i}`, `m${i}-b${i}`);
    }
    expectSameAsBaseline(buildSnapshot(makeTopology(edges), { defaultCost: 1 }));
  });

  it('equals the baseline with fractional costs, where chains are not collapsed', () => {
    const topo = readZooTopology('Abilene', { geoCosts: true });
    const links = topo.links.map((l, i) => ({ ...l, costAtoB: (l.costAtoB ?? 1) / 7, costBtoA: (l.costBtoA ?? 1) / (3 + (i % 4)) }));
    expectSameAsBaseline(buildSnapshot({ ...topo, links }));
  });

  it('can rank one kind only', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 30, seed: 5 }));
    const links = rankFailures(snap, { kinds: ['link'] });
    expect(links.ranking.every((r) => r.kind === 'link')).toBe(true);
    expect(links.ranking).toEqual(rankFailures(snap).ranking.filter((r) => r.kind === 'link'));
  });
});

describe('collapseChains', () => {
  const coreIds = (snap: Snapshot) => Array.from(collapseChains(snap).coreDevice, (v) => snap.devices[v]!.id).sort();

  it('keeps branch devices, folds two-way degree-2 devices, and breaks chains that close on themselves', () => {
    const snap = buildSnapshot(makeTopology(['h1-h2', 'h2-h3', 'h3-h1', 'h1-p1', 'p1-p2', 'p2-h2', 'h1-l1', 'l1-l2', 'l2-l3', 'l3-h1', 'r1-r2', 'r2-r3', 'r3-r1']), { defaultCost: 1 });
    const cg = collapseChains(snap);
    // h3 and p1, p2 are chains beside h1-h2; l1..l3 loop back to h1, so l2 is promoted; the ring r1..r3
    // has no branch device: r1 is promoted, then r3 (the middle of the loop left).
    expect(coreIds(snap)).toEqual(['h1', 'h2', 'l2', 'r1', 'r3']);
    const p1 = snap.deviceIndex.get('p1')!;
    const c = cg.deviceChain[p1]!;
    expect([cg.chainA[c]!, cg.chainB[c]!].map((v) => snap.devices[v]!.id).sort()).toEqual(['h1', 'h2']);
    expect(cg.posStart[c + 1]! - cg.posStart[c]!).toBe(4); // h1, p1, p2, h2
  });

  it('folds nothing when a cost is fractional, and keeps one-way links between core devices', () => {
    const frac = buildSnapshot(makeTopology([{ ends: 'a-b', cost: 1.5 }, 'b-c', 'c-a', 'c-d', 'd-a']), { defaultCost: 1 });
    expect(coreIds(frac)).toEqual(['a', 'b', 'c', 'd']);
    const adjacencies = [{ id: 'x', fromDeviceId: 'd', toDeviceId: 'a', cost: 3, area: '0', linkType: 'point-to-point' as const }];
    const oneWay = buildSnapshot({ ...makeTopology(['a-b', 'b-c', 'c-a', 'c-d']), adjacencies }, { defaultCost: 1 });
    expect(coreIds(oneWay)).toEqual(['a', 'c', 'd']);
  });
});
