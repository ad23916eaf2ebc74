import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendKind } from '../../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../../gnn/graph-tensors.js';
import { createRng } from '../../../gnn/random.js';
import { sampleNonLinks, trainLinkReconstruction, type LinkTrainingOptions } from '../../../gnn/train.js';
import { randomGraph } from './small-graph.js';

for (const kind of ['cpu', 'wasm'] satisfies BackendKind[]) {
  describe(`trainLinkReconstruction on ${kind}`, () => {
    let g: GraphTensors;
    beforeAll(async () => {
      await initBackend({ prefer: [kind] });
      g = buildGraphTensors(randomGraph(21, 20, 40, 3, 2));
    });
    afterAll(() => g.dispose());

    const train = (seed: number, epochs = 8) => {
      const options: LinkTrainingOptions = { encoder: { hiddenChannels: 8, numLayers: 2, layer: 'sage' }, epochs, seed };
      const result = trainLinkReconstruction(g, options);
      result.encoder.dispose();
      result.decoder.dispose();
      return result;
    };

    it('gives identical embeddings and losses when re-run with the same seed, other ones with another seed', () => {
      const first = train(42);
      const again = train(42);
      expect(again.embeddings).toEqual(first.embeddings);
      expect(again.losses).toEqual(first.losses);
      expect(train(43).embeddings).not.toEqual(first.embeddings);
      expect(first.embeddings).toHaveLength(20 * 8);
    });

    it('learns (the loss falls) and leaves no tensors behind once the caller disposes the model', () => {
      const before = tf.memory().numTensors;
      const result = train(1, 40);
      expect(result.losses.at(-1)!).toBeLessThan(result.losses[0]!);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('samples non-links only: distinct ends, never an edge in either direction', () => {
      const { a, b } = sampleNonLinks(g, 100, createRng(5));
      expect(a.length).toBe(100);
      const edges = new Set([...g.source].map((s, e) => `${Math.min(s, g.target[e]!)}-${Math.max(s, g.target[e]!)}`));
      for (let k = 0; k < a.length; k++) {
        expect(a[k]).not.toBe(b[k]);
        expect(edges.has(`${Math.min(a[k]!, b[k]!)}-${Math.max(a[k]!, b[k]!)}`)).toBe(false);
      }
    });
  });
}
