// GINE-style convolution: sums neighbours' states shifted by their link's features, then a two-layer MLP.
import * as tf from '@tensorflow/tfjs';
import type { GraphTensors } from '../graph-tensors.js';
import { MessagePassing, type MessageInputs, type MessagePassingOptions } from '../message-passing.js';
import { glorotUniform, zerosBias } from './init-weights.js';

/** Options of a GineConv layer. */
export interface GineConvOptions extends MessagePassingOptions {
  /** Width of the node features it reads (F_in). */
  inChannels: number;
  /** Width of the edge features it reads (D); 0 for none. */
  edgeChannels: number;
  /** Width of the MLP's hidden layer and output. */
  units: number;
  /** Initial ε, the weight of a node's own state against its neighbours'; default 0. */
  eps?: number;
  /** Learns ε; default false. */
  trainEps?: boolean;
  /** Seed of the weight initialiser; default 0. */
  seed?: number;
}

/**
 * x'_i = MLP( (1 + ε) · x_i + aggr_{j→i} relu(x_j + e_ji · W_e + b_e) ),  MLP(z) = relu(z·W_1 + b_1)·W_2 + b_2
 * (PyG GINEConv; `aggr` defaults to 'sum', which keeps GIN's power to tell multisets apart)
 *
 * Shapes: x [N, F_in], e [E, D] → x' [N, units]; W_e [D, F_in], b_e [F_in], W_1 [F_in, units],
 * b_1 [units], W_2 [units, units], b_2 [units]. The message is non-linear in x_j, so unlike
 * SageConv it is built per edge ([E, F_in]) and reduced over the edges' CSR.
 */
export class GineConv extends MessagePassing {
  readonly inChannels: number;
  readonly edgeChannels: number;
  readonly #units: number;
  readonly edgeKernel: tf.Variable | undefined;
  readonly edgeBias: tf.Variable | undefined;
  readonly kernel1: tf.Variable;
  readonly bias1: tf.Variable;
  readonly kernel2: tf.Variable;
  readonly bias2: tf.Variable;
  readonly eps: tf.Variable;
  readonly #trainEps: boolean;

  constructor(options: GineConvOptions) {
    super({ ...options, aggr: options.aggr ?? 'sum' });
    const seed = options.seed ?? 0;
    this.inChannels = options.inChannels;
    this.edgeChannels = options.edgeChannels;
    this.#units = options.units;
    if (options.edgeChannels > 0) {
      this.edgeKernel = glorotUniform(options.edgeChannels, options.inChannels, seed);
      this.edgeBias = zerosBias(options.inChannels);
    }
    this.kernel1 = glorotUniform(options.inChannels, options.units, seed + 1);
    this.bias1 = zerosBias(options.units);
    this.kernel2 = glorotUniform(options.units, options.units, seed + 2);
    this.bias2 = zerosBias(options.units);
    this.#trainEps = options.trainEps ?? false;
    this.eps = tf.tidy(() => tf.variable(tf.scalar(options.eps ?? 0), this.#trainEps));
  }

  get units(): number {
    return this.#units;
  }

  get trainableWeights(): tf.Variable[] {
    const ws = [this.edgeKernel, this.edgeBias, this.kernel1, this.bias1, this.kernel2, this.bias2]
      .filter((w): w is tf.Variable => w !== undefined);
    return this.#trainEps ? [...ws, this.eps] : ws;
  }

  protected override message({ xJ, edgeAttr }: MessageInputs): tf.Tensor2D {
    if (this.edgeKernel === undefined || this.edgeBias === undefined) return tf.relu(xJ);
    return tf.relu(tf.add<tf.Tensor2D>(xJ, tf.add(tf.matMul(edgeAttr, this.edgeKernel as tf.Tensor2D), this.edgeBias)));
  }

  protected override update(aggregated: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
    const z = tf.add<tf.Tensor2D>(tf.mul(x, tf.add(1, this.eps)), aggregated);
    const hidden = tf.relu(tf.add(tf.matMul(z, this.kernel1 as tf.Tensor2D), this.bias1));
    return tf.add<tf.Tensor2D>(tf.matMul(hidden, this.kernel2 as tf.Tensor2D), this.bias2);
  }

  protected call(x: tf.Tensor2D, graph: GraphTensors, edgeAttr: tf.Tensor2D): tf.Tensor2D {
    return this.propagate(x, graph, edgeAttr);
  }

  override dispose(): void {
    super.dispose();
    // ε is not in trainableWeights when fixed, but the layer still owns it.
    if (!this.#trainEps) this.eps.dispose();
  }
}
