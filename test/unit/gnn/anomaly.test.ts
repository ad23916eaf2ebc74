import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';
import { createAnomalyModel, scoreAnomalies, trainAnomalyModel, type AnomalyInput } from '../../../gnn/train-anomaly.js';
import { injectCliques } from '../../../src/graph/inject-anomalies.js';
import { extractSnapshotFeatures } from '../../../src/graph/snapshot-features.js';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import type { Device, Link } from '../../../src/model/index.js';

const EPOCHS = 25;

/** A ring of n devices (no triangles anywhere), plus `isolated` unlinked devices. */
function ringTopology(n: number, isolated = 0): { devices: Device[]; links: Link[] } {
  const devices: Device[] = Array.from({ length: n + isolated }, (_, i) => ({ id: `d${String(i).padStart(3, '0')}`, hostname: `d${i}` }));
  const links: Link[] = [];
  for (let i = 0; i < n; i++) {
    links.push({ id: `r${i}`, aDeviceId: devices[i]!.id, bDeviceId: devices[(i + 1) % n]!.id, costAtoB: 10, costBtoA: 10 });
  }
  return { devices, links };
}

function toInput(t: { devices: Device[]; links: Link[] }): { input: AnomalyInput; linkIndex: Map<string, number> } {
  const snapshot = buildSnapshot(t);
  const f = extractSnapshotFeatures(snapshot);
  return { input: { arrays: f.arrays, linkEnds: f.linkEnds, linkAttr: f.linkAttr }, linkIndex: snapshot.linkIndex };
}

/** The same graph with node i renamed perm[i] (rows of x moved, edges and link ends renamed; edge and link order kept). */
function relabel(input: AnomalyInput, perm: Int32Array): AnomalyInput {
  const n = input.arrays.numNodes;
  const F = input.arrays.numNodeFeatures!;
  const x = input.arrays.x as Float32Array;
  const moved = new Float32Array(x.length);
  for (let v = 0; v < n; v++) moved.set(x.subarray(v * F, (v + 1) * F), perm[v]! * F);
  const rename = (idx: ArrayLike<number>) => Int32Array.from(idx, (v) => perm[v]!);
  return {
    arrays: { ...input.arrays, x: moved, source: rename(input.arrays.source), target: rename(input.arrays.target) },
    linkEnds: { a: rename(input.linkEnds.a), b: rename(input.linkEnds.b) },
    linkAttr: input.linkAttr,
  };
}

describe('anomaly model', () => {
  // A 60-device ring with one 4-clique of devices far apart on it.
  const clean = ringTopology(60);
  const injected = injectCliques(clean, { cliques: 1, cliqueSize: 4, minHops: 8, seed: 5 });
  const { input, linkIndex } = toInput(injected.topology);
  let trained: ReturnType<typeof trainAnomalyModel>;

  beforeAll(async () => {
    await initBackend({ prefer: ['wasm'] });
    trained = trainAnomalyModel(input, { seed: 1, epochs: EPOCHS, hiddenChannels: 16 });
  });

  it('scores every device and link in [0, 1] with embeddings and reasons of the right shapes', () => {
    const s = scoreAnomalies(trained.model, input);
    const n = input.arrays.numNodes;
    const L = input.linkEnds.a.length;
    expect(s.device).toHaveLength(n);
    expect(s.link).toHaveLength(L);
    expect(s.embeddingDim).toBe(16);
    expect(s.deviceEmbedding).toHaveLength(n * 16);
    expect(s.linkEmbedding).toHaveLength(L * 16);
    expect(s.deviceReasons).toHaveLength(n);
    expect(s.linkReasons).toHaveLength(L);
    for (const v of [...s.device, ...s.link]) expect(v >= 0 && v <= 1).toBe(true);
    for (const r of [...s.deviceReasons, ...s.linkReasons]) expect(r.length).toBeLessThanOrEqual(3);
    expect(trained.history).toHaveLength(EPOCHS);
    expect(trained.history.at(-1)!.loss).toBeLessThan(trained.history[0]!.loss);
  });

  it('ranks the injected clique\'s devices and spurious links above every normal one, and says why', () => {
    const s = scoreAnomalies(trained.model, input);
    const members = new Set(injected.structuralDevices);
    const lowestMember = Math.min(...[...members].map((v) => s.device[v]!));
    for (let v = 0; v < s.device.length; v++) if (!members.has(v)) expect(s.device[v]).toBeLessThan(lowestMember);
    const spurious = new Set(injected.spuriousLinkIds.map((id) => linkIndex.get(id)!));
    const lowestSpurious = Math.min(...[...spurious].map((l) => s.link[l]!));
    for (let l = 0; l < s.link.length; l++) if (!spurious.has(l)) expect(s.link[l]).toBeLessThan(lowestSpurious);
    for (const v of members) expect(s.deviceReasons[v]!.length).toBeGreaterThan(0);
    // The least anomalous device has nothing to explain.
    const quiet = [...Array(s.device.length).keys()].sort((p, q) => s.device[p]! - s.device[q]!)[0]!;
    expect(s.deviceReasons[quiet]).toEqual([]);
  });

  it('names the attribute column of a device whose attributes were swapped', () => {
    const F = input.arrays.numNodeFeatures!;
    const x = (input.arrays.x as Float32Array).slice();
    // Device 30 (a plain ring device) claims 9 links: the degree columns disagree with its two links.
    x[30 * F + 0] = Math.log1p(9);
    x[30 * F + 1] = 4;
    const s = scoreAnomalies(trained.model, { ...input, arrays: { ...input.arrays, x } });
    expect(s.device[30]).toBeGreaterThan(0.9);
    expect(s.deviceReasons[30]!.join(' ')).toMatch(/attribute '(logDegree|relativeDegree)'/);
  });

  it('gives the same scores, permuted, when the nodes are relabelled', () => {
    const n = input.arrays.numNodes;
    const perm = Int32Array.from({ length: n }, (_, i) => (i * 7 + 3) % n); // 7 is prime to 64
    expect(new Set(perm).size).toBe(n);
    const s = scoreAnomalies(trained.model, input);
    const p = scoreAnomalies(trained.model, relabel(input, perm));
    for (let v = 0; v < n; v++) expect(p.device[perm[v]!]).toBeCloseTo(s.device[v]!, 4);
    for (let l = 0; l < s.link.length; l++) expect(p.link[l]).toBeCloseTo(s.link[l]!, 4);
  });

  it('scores isolated devices (finite, in range) next to linked ones', () => {
    const { input: withIsolated } = toInput(ringTopology(30, 3));
    const { model } = trainAnomalyModel(withIsolated, { seed: 2, epochs: 5, hiddenChannels: 8 });
    const s = scoreAnomalies(model, withIsolated);
    model.dispose();
    for (const v of [30, 31, 32]) {
      expect(Number.isFinite(s.device[v])).toBe(true);
      expect(s.device[v]! >= 0 && s.device[v]! <= 1).toBe(true);
    }
  });

  it('is reproducible: same seed → identical scores; a model rebuilt from its config and weights scores the same', () => {
    const small = toInput(ringTopology(24)).input;
    const a = trainAnomalyModel(small, { seed: 3, epochs: 5, hiddenChannels: 8 });
    const b = trainAnomalyModel(small, { seed: 3, epochs: 5, hiddenChannels: 8 });
    const sa = scoreAnomalies(a.model, small);
    expect(scoreAnomalies(b.model, small).device).toEqual(sa.device);
    expect(b.history).toEqual(a.history);
    // What persistence does: JSON config round trip, fresh model, weights assigned in order.
    const rebuilt = createAnomalyModel(JSON.parse(JSON.stringify(a.model.config)));
    rebuilt.trainableWeights.forEach((w, i) => w.assign(a.model.trainableWeights[i]!));
    const sr = scoreAnomalies(rebuilt, small);
    expect(sr.device).toEqual(sa.device);
    expect(sr.link).toEqual(sa.link);
    for (const m of [a.model, b.model, rebuilt]) m.dispose();
  });

  it('leaves no tensors behind after training (once disposed) and after scoring', () => {
    const small = toInput(ringTopology(20)).input;
    const before = tf.memory().numTensors;
    const { model } = trainAnomalyModel(small, { seed: 4, epochs: 3, hiddenChannels: 8 });
    const withModel = tf.memory().numTensors;
    scoreAnomalies(model, small);
    expect(tf.memory().numTensors).toBe(withModel);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses input whose widths differ from the model\'s, and an uncalibrated model', () => {
    const F = input.arrays.numNodeFeatures!;
    const narrow = { ...input, arrays: { ...input.arrays, x: new Float32Array(input.arrays.numNodes * (F - 1)), numNodeFeatures: F - 1 } };
    expect(() => scoreAnomalies(trained.model, narrow)).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    const uncalibrated = JSON.parse(JSON.stringify(trained.model.config));
    uncalibrated.deviceQuantiles = [];
    const fresh = createAnomalyModel(uncalibrated);
    expect(() => scoreAnomalies(fresh, input)).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    fresh.dispose();
  });
});
