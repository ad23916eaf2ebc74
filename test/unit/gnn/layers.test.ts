import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggr } from '../../../gnn/aggregate.js';
import { initBackend, type BackendKind } from '../../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../../gnn/graph-tensors.js';
import { GineConv } from '../../../gnn/layers/gine-conv.js';
import { SageConv } from '../../../gnn/layers/sage-conv.js';
import type { MessagePassing } from '../../../gnn/message-passing.js';
import { HAND_GRAPH, randomGraph, relabel } from './small-graph.js';

const expectClose = (got: number[][], want: number[][], digits = 4) => {
  expect(got).toHaveLength(want.length);
  got.forEach((row, i) => row.forEach((v, f) => expect(v).toBeCloseTo(want[i]![f]!, digits)));
};

/** A SageConv on the hand graph with W_root = I, W_node = 2I, W_edge = [1, −1], b = [0.5, 0]. */
function handSage(aggr: Aggr): SageConv {
  const layer = new SageConv({ inChannels: 2, edgeChannels: 1, units: 2, aggr });
  layer.rootKernel.assign(tf.tensor2d([[1, 0], [0, 1]]));
  layer.nodeKernel.assign(tf.tensor2d([[2, 0], [0, 2]]));
  layer.edgeKernel!.assign(tf.tensor2d([[1, -1]]));
  layer.bias!.assign(tf.tensor1d([0.5, 0]));
  return layer;
}

for (const kind of ['cpu', 'wasm'] satisfies BackendKind[]) {
  describe(`layers on ${kind}`, () => {
    let hand: GraphTensors;
    beforeAll(async () => {
      await initBackend({ prefer: [kind] });
      hand = buildGraphTensors(HAND_GRAPH);
    });
    afterAll(() => hand.dispose());

    it('SageConv by hand: x_i·W_root + aggr([x_j ‖ e_ji])·W_neigh + b', () => {
      // x = [1,0] [0,1] [2,2] [5,5]; edges 0→1 (e=1), 2→1 (e=3), 1→2 (e=2); node 3 isolated.
      // mean, node 1: [0,1] + 2·mean([1,0],[2,2]) = [3,2] + mean(1,3)=2 → [2,−2] + [.5,0] = [5.5, 1]
      // mean, node 2: [2,2] + 2·[0,1] = [0,2] + 2 → [2,−2] + [.5,0] = [4.5, 2]
      // nodes 0 and 3 hear nothing: x_i + b
      const cases: [Aggr, number[][]][] = [
        ['mean', [[1.5, 0], [5.5, 1], [4.5, 2], [5.5, 5]]],
        // sum, node 1: [0,1] + 2·[3,2] + 4·[1,−1] + [.5,0] = [10.5, 1]
        ['sum', [[1.5, 0], [10.5, 1], [4.5, 2], [5.5, 5]]],
        // max, node 1: [0,1] + 2·[2,2] + 3·[1,−1] + [.5,0] = [7.5, 2]
        ['max', [[1.5, 0], [7.5, 2], [4.5, 2], [5.5, 5]]],
      ];
      for (const [aggr, want] of cases) {
        const layer = handSage(aggr);
        const out = layer.apply(hand);
        expect(out.shape).toEqual([4, 2]);
        expectClose(out.arraySync() as number[][], want);
        out.dispose();
        layer.dispose();
      }
    });

    it('GineConv by hand: MLP((1+ε)·x_i + Σ relu(x_j + e_ji·W_e + b_e))', () => {
      const layer = new GineConv({ inChannels: 2, edgeChannels: 1, units: 2, eps: 0.5 });
      layer.edgeKernel!.assign(tf.tensor2d([[1, -1]]));
      layer.kernel1.assign(tf.tensor2d([[1, 0], [0, 1]]));
      layer.bias1.assign(tf.tensor1d([-2, 0]));
      layer.kernel2.assign(tf.tensor2d([[1, 0], [0, 1]]));
      layer.bias2.assign(tf.tensor1d([0, 1]));
      // messages: 0→1 relu([1,0]+[1,−1]) = [2,0]; 2→1 relu([2,2]+[3,−3]) = [5,0]; 1→2 relu([0,1]+[2,−2]) = [2,0]
      // z = 1.5·x + Σ: [1.5,0], [7,1.5], [5,3], [7.5,7.5]
      // relu(z + [−2,0]) + [0,1]: [0,1], [5,2.5], [3,4], [5.5,8.5]
      const out = layer.apply(hand);
      expectClose(out.arraySync() as number[][], [[0, 1], [5, 2.5], [3, 4], [5.5, 8.5]]);
      out.dispose();
      layer.dispose();
    });

    const makers: [string, () => MessagePassing][] = [
      ['SageConv mean', () => new SageConv({ inChannels: 3, edgeChannels: 2, units: 5, seed: 1 })],
      ['SageConv max', () => new SageConv({ inChannels: 3, edgeChannels: 2, units: 5, aggr: 'max', seed: 2 })],
      ['SageConv sum, projecting first (units < in)', () => new SageConv({ inChannels: 3, edgeChannels: 2, units: 2, aggr: 'sum', seed: 3 })],
      ['GineConv sum', () => new GineConv({ inChannels: 3, edgeChannels: 2, units: 5, seed: 4 })],
      ['GineConv mean, reversed flow', () => new GineConv({ inChannels: 3, edgeChannels: 2, units: 5, aggr: 'mean', flow: 'target_to_source', seed: 5 })],
    ];
    for (const [name, make] of makers) {
      it(`${name}: shapes, permutation invariance, isolated nodes, no leaks`, () => {
        const layer = make();
        const arrays = randomGraph(11);
        const { graph: relabelled, perm } = relabel(arrays, 99);
        const g = buildGraphTensors(arrays);
        const h = buildGraphTensors(relabelled);
        const bare = buildGraphTensors({ ...arrays, source: [], target: [], edgeAttr: [] });
        const noEdges = tf.zeros([0, 2]) as tf.Tensor2D;
        const before = tf.memory().numTensors;
        const out = layer.apply(g);
        const outPerm = layer.apply(h);
        expect(out.shape).toEqual([12, layer.units]);
        const a = out.arraySync() as number[][];
        const b = outPerm.arraySync() as number[][];
        // Node i is node perm[i] in the relabelled graph: same output row.
        expectClose(a, a.map((_, i) => b[perm[i]!]!));
        // Nodes 10 and 11 have no edges: the layer sees only their own features (the neighbour part is zero).
        const alone = layer.apply(bare, g.x, noEdges);
        const c = alone.arraySync() as number[][];
        expectClose([a[10]!, a[11]!], [c[10]!, c[11]!]);
        tf.dispose([out, outPerm, alone]);
        expect(tf.memory().numTensors).toBe(before);
        noEdges.dispose();
        bare.dispose();
        g.dispose();
        h.dispose();
        layer.dispose();
      });
    }
  });
}
