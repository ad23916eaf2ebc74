import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendKind } from '../../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../../gnn/graph-tensors.js';
import { Encoder, type LayerKind } from '../../../gnn/models/encoder.js';
import { randomGraph, relabel } from './small-graph.js';

for (const kind of ['cpu', 'wasm'] satisfies BackendKind[]) {
  for (const layer of ['sage', 'gine'] satisfies LayerKind[]) {
    describe(`Encoder (${layer}) on ${kind}`, () => {
      let g: GraphTensors;
      let encoder: Encoder;
      beforeAll(async () => {
        await initBackend({ prefer: [kind] });
        g = buildGraphTensors(randomGraph(5, 12, 30, 3, 2));
        encoder = new Encoder({ inChannels: 3, edgeChannels: 2, hiddenChannels: 8, numLayers: 2, layer, seed: 7 });
      });
      afterAll(() => {
        encoder.dispose();
        g.dispose();
      });

      it('gives node embeddings [N, hidden] and link embeddings [L, 2·hidden + D], symmetric in the ends', () => {
        const h = encoder.encode(g);
        expect(h.shape).toEqual([12, 8]);
        const links = encoder.linkEmbeddings(h, { a: g.source, b: g.target }, g.edgeAttr);
        expect(links.shape).toEqual([30, 18]);
        const swapped = encoder.linkEmbeddings(h, { a: g.target, b: g.source }, g.edgeAttr);
        expect(swapped.arraySync()).toEqual(links.arraySync());
        const candidates = encoder.linkEmbeddings(h, { a: new Int32Array([0, 1]), b: new Int32Array([11, 10]) });
        expect(candidates.shape).toEqual([2, 16]);
        tf.dispose([h, links, swapped, candidates]);
      });

      it('is invariant to relabelling nodes and reordering edges', () => {
        const arrays = randomGraph(5, 12, 30, 3, 2);
        const { graph, perm } = relabel(arrays, 4);
        const other = buildGraphTensors(graph);
        const a = tf.tidy(() => encoder.encode(g).arraySync());
        const b = tf.tidy(() => encoder.encode(other).arraySync());
        a.forEach((row, i) => row.forEach((v, f) => expect(v).toBeCloseTo(b[perm[i]!]![f]!, 4)));
        other.dispose();
      });

      it('trains: gradients reach every weight, the loss falls, and a step leaves tf.memory().numTensors unchanged', () => {
        const target = tf.tidy(() => tf.randomUniform([12, 8], -1, 1, 'float32', 3));
        const optimizer = tf.train.adam(0.01);
        const loss = () =>
          tf.tidy(() => {
            const h = encoder.encode(g);
            const links = encoder.linkEmbeddings(h, { a: g.source, b: g.target }, g.edgeAttr);
            return tf.add(tf.mean(tf.squaredDifference(h, target)), tf.mul(0.01, tf.mean(tf.square(links)))) as tf.Scalar;
          });
        const grads = tf.variableGrads(loss, encoder.trainableWeights);
        for (const w of encoder.trainableWeights) {
          expect(tf.tidy(() => tf.sum(tf.abs(grads.grads[w.name]!)).arraySync()), `gradient of ${w.name}`).toBeGreaterThan(0);
        }
        tf.dispose([grads.value, ...Object.values(grads.grads)]);

        const step = () => {
          const cost = optimizer.minimize(loss, true, encoder.trainableWeights)!;
          const v = cost.dataSync()[0]!;
          cost.dispose();
          return v;
        };
        const first = step(); // Adam makes its moment variables on the first step
        const before = tf.memory().numTensors;
        let last = first;
        for (let i = 0; i < 20; i++) last = step();
        expect(tf.memory().numTensors).toBe(before);
        expect(last).toBeLessThan(first);
        optimizer.dispose();
        target.dispose();
      });
    });
  }
}
