import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import { simulateFailure } from '../../../src/graph/what-if.js';
import { makeTopology } from './small-topology.js';

const diamond = () => buildSnapshot(makeTopology(['s-a', 's-b', 'a-t', 'b-t']), { defaultCost: 1 });
// A triangle with d hanging off c: c-d is a bridge and c an articulation point.
const bridged = () => buildSnapshot({ ...makeTopology(['a-b', 'a-c', 'b-c', 'c-d']), prefixes: [{ prefix: '198.18.4.0/24', nextHopDeviceId: 'd' }] }, { defaultCost: 1 });

describe('simulateFailure', () => {
  it('ECMP diamond: one link down reroutes only the pairs that used it alone, and shifts ECMP shares', () => {
    const result = simulateFailure(diamond(), { failedLinks: ['a-t'] });
    expect(result.lostPairs).toEqual([]);
    expect(result.changedPairs).toEqual([
      { from: 'a', to: 't', before: 1, after: 3, pathBefore: ['a', 't'], pathAfter: ['a', 's', 'b', 't'] },
      { from: 't', to: 'a', before: 1, after: 3, pathBefore: ['t', 'a'], pathAfter: ['t', 'b', 's', 'a'] },
    ]);
    // Two pairs, each capped at a relative increase of 1, over 4·3 ordered pairs.
    expect(result.relativeIncrease).toBe(2);
    expect(result.impact).toBeCloseTo(2 / 12, 12);
    expect(result.stretch).toMatchObject({ pairs: 12, changedPairs: 2, max: 3, p50: 1, meanChanged: 3 });
    expect(result.stretch.mean).toBeCloseTo((10 + 6) / 12, 12);
    // s→a carried s→a, half of s→t and half of b→a (b splits over s and t); after: s→a, b→a and t→a.
    const sa = result.ecmpShareChanges.find((c) => c.fromDeviceId === 's' && c.toDeviceId === 'a')!;
    expect(sa.uniform.before).toBeCloseTo(2 / 12, 12);
    expect(sa.uniform.after).toBeCloseTo(3 / 12, 12);
    expect(result.ecmpShareChanges.some((c) => c.linkId === 'a-t')).toBe(true);
    expect(result.isolatedDevices).toEqual([]);
  });

  it('bridge down: both sides lose each other, the far side is cut off, its prefix is unreachable', () => {
    const result = simulateFailure(bridged(), { failedLinks: ['c-d'] });
    expect(result.lostPairs).toEqual([['a', 'd'], ['b', 'd'], ['c', 'd'], ['d', 'a'], ['d', 'b'], ['d', 'c']]);
    expect(result.changedPairs).toEqual([]);
    expect(result.isolatedDevices).toEqual(['d']);
    expect(result.affectedPrefixes).toEqual([{ prefix: '198.18.4.0/24', nextHopDeviceId: 'd', reason: 'next-hop-unreachable', devices: ['a', 'b', 'c'] }]);
    expect(result.impact).toBe(6 / 12);
  });

  it('device down: pairs with the device itself are not counted, its prefixes are', () => {
    const result = simulateFailure(bridged(), { failedDevices: ['c'] });
    expect(result.failedDevices).toEqual(['c']);
    expect(result.lostPairs).toEqual([['a', 'd'], ['b', 'd'], ['d', 'a'], ['d', 'b']]);
    expect(result.isolatedDevices).toEqual(['d']);
    expect(result.affectedPrefixes[0]).toMatchObject({ reason: 'next-hop-unreachable', devices: ['a', 'b'] });
    expect(simulateFailure(bridged(), { failedDevices: ['d'] }).affectedPrefixes[0]).toMatchObject({ reason: 'next-hop-failed', devices: ['a', 'b', 'c'] });
  });

  it('cost asymmetry: a failure changes one direction and not the other', () => {
    const snap = buildSnapshot(makeTopology([{ ends: 'a-b', cost: 1, back: 5 }, { ends: 'a-c', cost: 2 }, { ends: 'c-b', cost: 2 }]));
    const result = simulateFailure(snap, { failedLinks: ['a-c'] });
    expect(result.changedPairs.map((p) => [p.from, p.to, p.before, p.after])).toEqual([
      ['a', 'c', 2, 3],
      ['b', 'a', 4, 5],
      ['c', 'a', 2, 7],
    ]);
    expect(result.relativeIncrease).toBeCloseTo(0.5 + 0.25 + 1, 12);
  });

  it('shared-risk group: every link with the tag goes down together', () => {
    const snap = buildSnapshot(makeTopology([{ ends: 'a-b', tags: ['duct-1'] }, 'b-c', { ends: 'c-d', tags: ['duct-1'] }, 'd-e', 'e-a']), { defaultCost: 1 });
    const result = simulateFailure(snap, { failedSrlgs: ['duct-1'] });
    expect(result.failedLinks).toEqual(['a-b', 'c-d']);
    expect(result.lostPairs).toHaveLength(12);
    expect(result.isolatedDevices).toEqual(['b', 'c']);
  });

  it('cost change in one direction, and cost decreases, which are not counted as harm', () => {
    const up = simulateFailure(diamond(), { costChanges: [{ linkId: 's-a', fromDeviceId: 's', cost: 5 }] }, { includeTraffic: false });
    expect(up.changedPairs.map((p) => [p.from, p.to, p.before, p.after])).toEqual([['s', 'a', 1, 3]]);
    const down = simulateFailure(buildSnapshot(makeTopology([{ ends: 'a-b', cost: 10 }, { ends: 'b-c', cost: 10 }, { ends: 'a-c', cost: 30 }])), {
      costChanges: [{ linkId: 'a-c', cost: 5 }],
    });
    expect(down.changedPairs.map((p) => [p.from, p.to, p.before, p.after])).toEqual([['a', 'c', 20, 5], ['c', 'a', 20, 5]]);
    expect(down.impact).toBe(0);
    expect(down.stretch.p50).toBe(1);
    expect(down.stretch.max).toBe(1);
  });

  it('rejects unknown elements and bad costs by code', () => {
    expect(() => simulateFailure(diamond(), { failedLinks: ['x-y'] })).toThrowError(expect.objectContaining({ code: 'TOPO_NOT_FOUND' }));
    expect(() => simulateFailure(diamond(), { failedDevices: ['nope'] })).toThrowError(expect.objectContaining({ code: 'TOPO_NOT_FOUND' }));
    expect(() => simulateFailure(diamond(), { failedSrlgs: ['none'] })).toThrowError(expect.objectContaining({ code: 'TOPO_NOT_FOUND' }));
    expect(() => simulateFailure(diamond(), { costChanges: [{ linkId: 's-a', cost: 0 }] })).toThrowError(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    expect(() => simulateFailure(diamond(), { costChanges: [{ linkId: 's-a', fromDeviceId: 't', cost: 2 }] })).toThrowError(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
  });
});
