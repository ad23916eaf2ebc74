import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, type Aggr } from '../../../gnn/aggregate.js';
import { initBackend, type BackendKind } from '../../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../../gnn/graph-tensors.js';
import { createRng } from '../../../gnn/random.js';
import { Reduction } from '../../../gnn/reduction.js';
import { HAND_GRAPH, randomGraph } from './small-graph.js';

const AGGRS: Aggr[] = ['sum', 'mean', 'max'];

/** f(x) = Σ tanh(aggregate(x)) · R: non-linear, so a wrong gradient cannot cancel out. */
function lossOf(values: tf.Tensor2D, reduction: Reduction, aggr: Aggr, weights: tf.Tensor2D): tf.Scalar {
  return tf.sum(tf.mul(tf.tanh(aggregate(values, reduction, aggr)), weights));
}

/** Central finite differences of lossOf for every coordinate of `values`. */
function numericGradient(values: number[][], reduction: Reduction, aggr: Aggr, weights: tf.Tensor2D, eps: number): number[][] {
  return values.map((row, i) =>
    row.map((_, f) => {
      const at = (delta: number) =>
        tf.tidy(() => {
          const moved = values.map((r) => [...r]);
          moved[i]![f]! += delta;
          return lossOf(tf.tensor2d(moved), reduction, aggr, weights).arraySync();
        });
      return (at(eps) - at(-eps)) / (2 * eps);
    }),
  );
}

for (const kind of ['cpu', 'wasm'] satisfies BackendKind[]) {
  describe(`aggregate on ${kind}`, () => {
    let hand: GraphTensors;
    beforeAll(async () => {
      await initBackend({ prefer: [kind] });
      hand = buildGraphTensors(HAND_GRAPH);
    });
    afterAll(() => hand.dispose());

    it('reduces neighbours by hand: node 1 hears 0 and 2, node 2 hears 1, nodes 0 and 3 hear nothing (zeros)', () => {
      const r = hand.neighbourReduction();
      // x0 = [1,0], x1 = [0,1], x2 = [2,2]
      expect(tf.tidy(() => aggregate(hand.x, r, 'sum').arraySync())).toEqual([[0, 0], [3, 2], [0, 1], [0, 0]]);
      expect(tf.tidy(() => aggregate(hand.x, r, 'mean').arraySync())).toEqual([[0, 0], [1.5, 1], [0, 1], [0, 0]]);
      expect(tf.tidy(() => aggregate(hand.x, r, 'max').arraySync())).toEqual([[0, 0], [2, 2], [0, 1], [0, 0]]);
      // The other flow: node 0 hears 1, node 1 hears 2, node 2 hears 1.
      const back = hand.neighbourReduction('target_to_source');
      expect(tf.tidy(() => aggregate(hand.x, back, 'sum').arraySync())).toEqual([[0, 1], [2, 2], [0, 1], [0, 0]]);
    });

    it('reduces per-edge values into receivers, and gathers senders', () => {
      // edge attrs 1 (0→1), 3 (2→1), 2 (1→2)
      expect(tf.tidy(() => aggregate(hand.edgeAttr, hand.edgeReduction(), 'mean').arraySync())).toEqual([[0], [2], [2], [0]]);
      expect(tf.tidy(() => aggregate(hand.edgeAttr, hand.edgeReduction(), 'max').arraySync())).toEqual([[0], [3], [2], [0]]);
      expect(tf.tidy(() => aggregate(hand.x, hand.senderGather(), 'sum').arraySync())).toEqual([[1, 0], [2, 2], [0, 1]]);
      expect(tf.tidy(() => aggregate(hand.x, hand.receiverGather(), 'sum').arraySync())).toEqual([[0, 1], [0, 1], [2, 2]]);
    });

    it('gives node 3, with no edges at all, zeros and a zero gradient', () => {
      for (const aggr of AGGRS) {
        const grad = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(aggregate(x as tf.Tensor2D, hand.neighbourReduction(), aggr)))(hand.x).arraySync() as number[][]);
        expect(grad[3]).toEqual([0, 0]);
      }
    });

    for (const aggr of AGGRS) {
      it(`${aggr}: the custom gradient matches finite differences`, () => {
        const g = buildGraphTensors(randomGraph(7, 8, 20, 3, 2));
        const weights = tf.tensor2d(Array.from({ length: 8 }, (_, i) => [1, -0.5, 0.25].map((w) => w * (1 + i / 8))));
        const x = g.x.arraySync() as number[][];
        const analytic = tf.tidy(() => tf.grad((v: tf.Tensor) => lossOf(v as tf.Tensor2D, g.neighbourReduction(), aggr, weights))(g.x).arraySync() as number[][]);
        // Feature values are ≥ 0.1 apart, so a ±1e-3 step never changes which neighbour wins a max.
        const numeric = numericGradient(x, g.neighbourReduction(), aggr, weights, 1e-3);
        analytic.forEach((row, i) => row.forEach((v, f) => expect(v).toBeCloseTo(numeric[i]![f]!, 2)));
        weights.dispose();
        g.dispose();
      });
    }

    it('matches a dense reference on a larger random graph (forward and gradient), sum and mean', () => {
      const rng = createRng(3);
      const n = 50;
      const e = 200;
      const source = Array.from({ length: e }, () => Math.floor(rng() * n));
      const target = Array.from({ length: e }, () => Math.floor(rng() * n));
      const x = Array.from({ length: n }, () => [rng(), rng() - 0.5, rng() * 3, -rng()]);
      const g = buildGraphTensors({ numNodes: n, x, source, target });
      // Dense adjacency A[i][j] = number of edges j→i; mean divides row i by its in-degree.
      const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      source.forEach((s, k) => adj[target[k]!]![s]!++);
      for (const aggr of ['sum', 'mean'] as const) {
        const a = adj.map((row) => {
          const deg = row.reduce((p, q) => p + q, 0);
          return aggr === 'mean' && deg > 0 ? row.map((v) => v / deg) : row;
        });
        const w = tf.tensor2d(Array.from({ length: n }, (_, i) => [1, 2, -1, i / n]));
        const ref = tf.tidy(() => {
          const dense = tf.tensor2d(a);
          const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.tanh(tf.matMul(dense, v as tf.Tensor2D)), w));
          return { value: tf.matMul(dense, g.x).arraySync() as number[][], grad: tf.grad(f)(g.x).arraySync() as number[][] };
        });
        const got = tf.tidy(() => ({
          value: aggregate(g.x, g.neighbourReduction(), aggr).arraySync(),
          grad: tf.grad((v: tf.Tensor) => lossOf(v as tf.Tensor2D, g.neighbourReduction(), aggr, w))(g.x).arraySync() as number[][],
        }));
        got.value.forEach((row, i) => row.forEach((v, f) => expect(v).toBeCloseTo(ref.value[i]![f]!, 4)));
        got.grad.forEach((row, i) => row.forEach((v, f) => expect(v).toBeCloseTo(ref.grad[i]![f]!, 4)));
        w.dispose();
      }
      g.dispose();
    });

    it('frees everything it makes, with and without a gradient tape', () => {
      const before = tf.memory().numTensors;
      for (const aggr of AGGRS) {
        tf.tidy(() => {
          aggregate(hand.x, hand.neighbourReduction(), aggr);
        });
        tf.tidy(() => {
          tf.grad((x: tf.Tensor) => tf.sum(aggregate(x as tf.Tensor2D, hand.neighbourReduction(), aggr)))(hand.x);
        });
        aggregate(hand.x, hand.neighbourReduction(), aggr).dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  });
}
