// GraphSAGE-style convolution with edge features: a node's own state plus the reduced states and links of its neighbours.
import * as tf from '@tensorflow/tfjs';
import { aggregate } from '../aggregate.js';
import type { GraphTensors } from '../graph-tensors.js';
import { MessagePassing, type MessagePassingOptions } from '../message-passing.js';
import { glorotUniform, zerosBias } from './init-weights.js';

/** Options of a SageConv layer. */
export interface SageConvOptions extends MessagePassingOptions {
  /** Width of the node features it reads (F_in). */
  inChannels: number;
  /** Width of the edge features it reads (D); 0 for none. */
  edgeChannels: number;
  /** Width of its output. */
  units: number;
  /** Adds a bias; default true. */
  useBias?: boolean;
  /** Seed of the weight initialiser; default 0. */
  seed?: number;
}

/**
 * x'_i = x_i · W_root + aggr_{j→i}( [x_j ‖ e_ji] ) · W_neigh + b   (PyG SAGEConv, with edge features)
 *
 * Shapes: x [N, F_in], e [E, D] → x' [N, units]; W_root [F_in, units], W_neigh split as
 * W_node [F_in, units] and W_edge [D, units], b [units].
 * The aggregate of a concatenation is the concatenation of aggregates (for max too, feature by
 * feature), so node rows reduce straight over the CSR and edge rows over their edges: no [E, F]
 * message tensor is ever built. For sum and mean, reduction commutes with W_node, so when
 * units < F_in the layer projects first and reduces the narrower rows (as PyG does).
 */
export class SageConv extends MessagePassing {
  readonly inChannels: number;
  readonly edgeChannels: number;
  readonly #units: number;
  readonly rootKernel: tf.Variable;
  readonly nodeKernel: tf.Variable;
  readonly edgeKernel: tf.Variable | undefined;
  readonly bias: tf.Variable | undefined;

  constructor(options: SageConvOptions) {
    super(options);
    const seed = options.seed ?? 0;
    this.inChannels = options.inChannels;
    this.edgeChannels = options.edgeChannels;
    this.#units = options.units;
    this.rootKernel = glorotUniform(options.inChannels, options.units, seed);
    this.nodeKernel = glorotUniform(options.inChannels, options.units, seed + 1);
    this.edgeKernel = options.edgeChannels > 0 ? glorotUniform(options.edgeChannels, options.units, seed + 2) : undefined;
    this.bias = options.useBias ?? true ? zerosBias(options.units) : undefined;
  }

  get units(): number {
    return this.#units;
  }

  get trainableWeights(): tf.Variable[] {
    return [this.rootKernel, this.nodeKernel, this.edgeKernel, this.bias].filter((w): w is tf.Variable => w !== undefined);
  }

  protected override messageAndAggregate(x: tf.Tensor2D, graph: GraphTensors, edgeAttr: tf.Tensor2D): tf.Tensor2D {
    const nodes = graph.neighbourReduction(this.flow);
    const projectFirst = this.aggr !== 'max' && this.#units < this.inChannels;
    let out: tf.Tensor2D = projectFirst
      ? aggregate(tf.matMul(x, this.nodeKernel as tf.Tensor2D), nodes, this.aggr)
      : tf.matMul<tf.Tensor2D>(aggregate(x, nodes, this.aggr), this.nodeKernel as tf.Tensor2D);
    if (this.edgeKernel !== undefined) {
      const edges = aggregate(edgeAttr, graph.edgeReduction(this.flow), this.aggr);
      out = tf.add<tf.Tensor2D>(out, tf.matMul(edges, this.edgeKernel as tf.Tensor2D));
    }
    return out;
  }

  protected override update(aggregated: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const out = tf.add<tf.Tensor2D>(tf.matMul(x, this.rootKernel as tf.Tensor2D), aggregated);
    return this.bias === undefined ? out : tf.add<tf.Tensor2D>(out, this.bias);
  }

  protected call(x: tf.Tensor2D, graph: GraphTensors, edgeAttr: tf.Tensor2D): tf.Tensor2D {
    return this.propagate(x, graph, edgeAttr);
  }
}
