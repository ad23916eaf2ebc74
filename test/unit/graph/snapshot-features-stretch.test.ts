import { describe, expect, it } from 'vitest';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { rankFailures } from '../../../src/graph/n-minus-1.js';
import { analyseBlocks } from '../../../src/graph/single-points-of-failure.js';
import { buildSnapshot, type SnapshotInput } from '../../../src/graph/snapshot.js';
import { measureLocalDetours, sampleFromPivots } from '../../../src/graph/stretch-estimate.js';

/** A — B bridge, then the triangle B — C — D with B — D dearer (30) than the way round (10 + 10). */
const HAND: SnapshotInput = {
  devices: [{ id: 'A', hostname: 'A' }, { id: 'B', hostname: 'B' }, { id: 'C', hostname: 'C' }, { id: 'D', hostname: 'D' }],
  links: [
    { id: 'ab', aDeviceId: 'A', bDeviceId: 'B', costAtoB: 10, costBtoA: 10 },
    { id: 'bc', aDeviceId: 'B', bDeviceId: 'C', costAtoB: 10, costBtoA: 10 },
    { id: 'cd', aDeviceId: 'C', bDeviceId: 'D', costAtoB: 10, costBtoA: 10 },
    { id: 'bd', aDeviceId: 'B', bDeviceId: 'D', costAtoB: 30, costBtoA: 30 },
  ],
};

function estimate(input: SnapshotInput, limit = 64) {
  const snap = buildSnapshot(input);
  const blocks = analyseBlocks(snap);
  const all = Int32Array.from({ length: snap.devices.length }, (_, i) => i);
  return { snap, sample: sampleFromPivots(snap.compact, blocks, measureLocalDetours(snap.compact, blocks, limit), all) };
}

describe('sampleFromPivots', () => {
  it('gives the hand-worked stretch: exact for a device whose detour is tight, an upper bound for a link', () => {
    const { snap, sample } = estimate(HAND);
    const id = (d: string) => snap.deviceIndex.get(d)!;
    const link = (l: string) => snap.linkIndex.get(l)!;
    // Without C: B ↔ D 20 → 30 (+0.5 each way), A ↔ D 30 → 40 (+1/3 each way); the detour bound is tight here.
    expect(sample.stretch.device[id('C')]).toBeCloseTo(5 / 3, 9);
    // Without bc, every pair it carries is bounded by the local detour B → D → C (+30): the 8 pairs it
    // carries (both ways, from each source) all reach the clamp of 1; the exact sum is 5 + 2/3 (B ↔ D only +10).
    expect(sample.stretch.link[link('bc')]).toBeCloseTo(8, 9);
    // The bridge ab and leaf A lose pairs (counted exactly elsewhere) and stretch none.
    expect(sample.stretch.link[link('ab')]).toBe(0);
    expect(sample.stretch.device[id('A')]).toBe(0);
    // B splits A from C and D: only the pairs within {C, D} could stretch, and they do not pass B.
    expect(sample.stretch.device[id('B')]).toBe(0);
    // Betweenness from the same SPFs: B carries A ↔ C and A ↔ D, both ways, and C carries B ↔ D and A ↔ D.
    expect(sample.betweenness.device[id('B')]).toBeCloseTo(4, 9);
    expect(sample.betweenness.device[id('C')]).toBeCloseTo(4, 9);
  });

  it('with every device a pivot and unbounded detours, is positive exactly where the exact N-1 stretches pairs, and never below it', () => {
    const input = generateIspTopology({ nodes: 60, seed: 5 });
    const { snap, sample } = estimate(input, 1e9);
    const ranking = rankFailures(snap);
    let positive = 0;
    for (const r of ranking.ranking) {
      const got = r.kind === 'device' ? sample.stretch.device[snap.deviceIndex.get(r.id)!]! : sample.stretch.link[snap.linkIndex.get(r.id)!]!;
      expect(got > 0, `${r.kind} ${r.id}`).toBe(r.relativeIncrease > 0);
      if (r.kind === 'link') expect(got, `link ${r.id}`).toBeGreaterThanOrEqual(r.relativeIncrease - 1e-9);
      if (got > 0) positive++;
    }
    expect(positive).toBeGreaterThan(10);
  });
});
