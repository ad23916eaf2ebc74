import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';
import { spearman, topKPrecision } from '../../../gnn/rank-metrics.js';
import { predictImpact, trainImpactModel, type ImpactSample } from '../../../gnn/train-impact.js';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { rankFailures } from '../../../src/graph/n-minus-1.js';
import {
  buildImpactPrior, buildImpactTargets, composeImpact, EDGE_FEATURES, extractSnapshotFeatures, NODE_FEATURES,
} from '../../../src/graph/snapshot-features.js';
import { buildSnapshot, type SnapshotInput } from '../../../src/graph/snapshot.js';
import { createRng } from '../../../gnn/random.js';
import { shuffle } from './small-graph.js';

/** A — B bridge, then the triangle B — C — D with B — D dearer (30) than the way round (10 + 10). */
const HAND: SnapshotInput = {
  devices: [
    { id: 'A', hostname: 'A', role: 'core' },
    { id: 'B', hostname: 'B' },
    { id: 'C', hostname: 'C', role: 'acc' },
    { id: 'D', hostname: 'D' },
  ],
  links: [
    { id: 'ab', aDeviceId: 'A', bDeviceId: 'B', costAtoB: 10, costBtoA: 10, capacityBps: 1e10 },
    { id: 'bc', aDeviceId: 'B', bDeviceId: 'C', costAtoB: 10, costBtoA: 10 },
    { id: 'cd', aDeviceId: 'C', bDeviceId: 'D', costAtoB: 10, costBtoA: 10 },
    { id: 'bd', aDeviceId: 'B', bDeviceId: 'D', costAtoB: 30, costBtoA: 30 },
  ],
};

const col = (name: (typeof NODE_FEATURES)[number]) => NODE_FEATURES.indexOf(name);
const ecol = (name: (typeof EDGE_FEATURES)[number]) => EDGE_FEATURES.indexOf(name);

function sampleOf(nodes: number, seed: number): ImpactSample {
  const snapshot = buildSnapshot(generateIspTopology({ nodes, seed }));
  const features = extractSnapshotFeatures(snapshot);
  const targets = buildImpactTargets(snapshot, rankFailures(snapshot));
  return { arrays: features.arrays, linkEnds: features.linkEnds, linkAttr: features.linkAttr, prior: buildImpactPrior(features), deviceTarget: targets.device, linkTarget: targets.link };
}

describe('extractSnapshotFeatures', () => {
  it('gives x [devices, NODE_FEATURES] and two edges per link with the hand-worked values', () => {
    const snap = buildSnapshot(HAND);
    const f = extractSnapshotFeatures(snap);
    const F = NODE_FEATURES.length;
    const D = EDGE_FEATURES.length;
    const x = f.arrays.x as Float32Array;
    const e = f.arrays.edgeAttr as Float32Array;
    expect(x).toHaveLength(4 * F);
    expect(e).toHaveLength(8 * D);
    expect(f.linkAttr).toHaveLength(4 * D);
    // Link l gives edge 2l (a → b) and 2l + 1 (b → a).
    for (const l of snap.links) {
      expect([f.arrays.source[2 * l.index], f.arrays.target[2 * l.index]]).toEqual([l.a, l.b]);
      expect([f.arrays.source[2 * l.index + 1], f.arrays.target[2 * l.index + 1]]).toEqual([l.b, l.a]);
    }
    const B = snap.deviceIndex.get('B')!;
    const A = snap.deviceIndex.get('A')!;
    expect(x[B * F + col('logDegree')]).toBeCloseTo(Math.log1p(3));
    expect(x[B * F + col('articulationPoint')]).toBe(1);
    expect(x[A * F + col('articulationPoint')]).toBe(0);
    expect(x[A * F + col('roleCore')]).toBe(1);
    expect(x[snap.deviceIndex.get('C')! * F + col('roleAccess')]).toBe(1);
    expect(x[B * F + col('roleUnknown')]).toBe(1);
    // B splits {A} from {C, D}: ordered pairs A↔C, A↔D = 4; the bridge ab: 2·1·3 = 6.
    expect(f.deviceLostPairs[B]).toBe(4);
    expect(f.linkLostPairs[snap.linkIndex.get('ab')!]).toBe(6);
    expect(x[B * F + col('disconnection')]).toBeCloseTo(Math.log1p(4 / 4));
    const bd = snap.linkIndex.get('bd')!;
    const bc = snap.linkIndex.get('bc')!;
    // Median cost is 10: bd costs log 3 above it; around bc the detour costs 40 against 10, around bd 20 < 30.
    expect(e[2 * bd * D + ecol('costForward')]).toBeCloseTo(Math.log(3));
    expect(e[2 * bc * D + ecol('detour')]).toBeCloseTo(Math.log1p(3));
    expect(e[2 * bd * D + ecol('detour')]).toBe(0);
    // Stretch estimate (every device a pivot here): C's detour is tight, so B ↔ D (+0.5) and A ↔ D (+1/3) both ways,
    // over n − 1 = 3; bc's local detour bounds the 8 pairs it carries at the clamp of 1 each.
    expect(x[snap.deviceIndex.get('C')! * F + col('stretchEstimate')]).toBeCloseTo(Math.log1p(5 / 3 / 3));
    expect(e[2 * bc * D + ecol('stretchEstimate')]).toBeCloseTo(Math.log1p(8 / 3));
    expect(buildImpactPrior(f).link[bc]).toBeCloseTo(Math.log1p(8 / 3));
    expect(e[2 * snap.linkIndex.get('ab')! * D + ecol('bridge')]).toBe(1);
    expect(e[2 * snap.linkIndex.get('ab')! * D + ecol('capacityKnown')]).toBe(1);
    for (const v of [...x, ...e]) expect(Number.isFinite(v)).toBe(true);
  });

  it('counts the same disconnected pairs as the exact N-1', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 60, seed: 4 }));
    const f = extractSnapshotFeatures(snap);
    for (const r of rankFailures(snap).ranking) {
      const lost = r.kind === 'device' ? f.deviceLostPairs[snap.deviceIndex.get(r.id)!] : f.linkLostPairs[snap.linkIndex.get(r.id)!];
      expect(lost, `${r.kind} ${r.id}`).toBe(r.lostPairs);
    }
  });

  it('composes impact from exact disconnection plus predicted targets, matching the exact score when the targets are exact', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 40, seed: 2 }));
    const f = extractSnapshotFeatures(snap);
    const ranking = rankFailures(snap);
    const impact = composeImpact(f, buildImpactTargets(snap, ranking));
    for (const r of ranking.ranking) {
      const got = r.kind === 'device' ? impact.device[snap.deviceIndex.get(r.id)!]! : impact.link[snap.linkIndex.get(r.id)!]!;
      expect(got).toBeCloseTo(r.impact, 6);
    }
  });
});

describe('rank metrics', () => {
  it('spearman is 1 for a monotone map, −1 reversed, and top-k counts ties at the boundary as hits', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    expect(topKPrecision([5, 4, 3, 2, 1], [1, 1, 1, 0, 0], 2)).toBe(1);
    expect(topKPrecision([1, 2, 3, 4], [4, 3, 2, 1], 2)).toBe(0);
  });
});

describe('impact model (wasm)', () => {
  let samples: ImpactSample[];
  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'] });
    samples = [sampleOf(30, 1), sampleOf(40, 2)];
  });

  it('re-trains identically with a fixed seed, and its loss falls without leaking tensors', () => {
    const before = tf.memory().numTensors;
    const first = trainImpactModel(samples, { epochs: 25, seed: 3, hiddenChannels: 8, numLayers: 2 });
    const again = trainImpactModel(samples, { epochs: 25, seed: 3, hiddenChannels: 8, numLayers: 2 });
    expect(again.losses).toEqual(first.losses);
    expect(predictImpact(again.model, samples[0]!)).toEqual(predictImpact(first.model, samples[0]!));
    expect(first.losses.at(-1)!).toBeLessThan(first.losses[0]!);
    first.model.dispose();
    again.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives every device and link the same prediction when devices and links are listed in another order', () => {
    const input = { ...HAND, devices: [...HAND.devices, { id: 'E', hostname: 'E' }], links: [...HAND.links, { id: 'de', aDeviceId: 'D', bDeviceId: 'E', costAtoB: 5, costBtoA: 5 }] };
    const rng = createRng(9);
    const permuted = { devices: shuffle(input.devices, rng), links: shuffle(input.links, rng) };
    const { model } = trainImpactModel(samples, { epochs: 2, seed: 1, hiddenChannels: 8, numLayers: 2 });
    const score = (i: SnapshotInput) => {
      const snap = buildSnapshot(i);
      const f = extractSnapshotFeatures(snap);
      const p = predictImpact(model, { arrays: f.arrays, linkEnds: f.linkEnds, linkAttr: f.linkAttr, prior: buildImpactPrior(f) });
      return {
        device: new Map(snap.devices.map((d) => [d.id, p.device[d.index]!])),
        link: new Map(snap.links.map((l) => [l.id, p.link[l.index]!])),
      };
    };
    const a = score(input);
    const b = score(permuted);
    for (const [id, v] of a.device) expect(b.device.get(id)).toBeCloseTo(v, 4);
    for (const [id, v] of a.link) expect(b.link.get(id)).toBeCloseTo(v, 4);
    model.dispose();
  });
});
