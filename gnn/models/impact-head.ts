// Failure-impact regression heads: one value per node and per link from the encoder's embeddings and the raw features.
import * as tf from '@tensorflow/tfjs';
import type { GraphTensors } from '../graph-tensors.js';
import { glorotUniform, zerosBias } from '../layers/init-weights.js';
import { Encoder, type LayerKind } from './encoder.js';

/** Options of an ImpactModel. */
export interface ImpactModelOptions {
  /** Width of the node features (F). */
  inChannels: number;
  /** Width of the edge features (D). */
  edgeChannels: number;
  /** Width of the per-link features the link head reads (usually D). */
  linkChannels: number;
  /** Width of the embeddings and of each head's hidden layer; default 32. */
  hiddenChannels?: number;
  /** Message-passing layers (hops seen); default 3. */
  numLayers?: number;
  /** Layer kind; default 'gine'. */
  layer?: LayerKind;
  /** Seeds every initialiser; default 0. */
  seed?: number;
  /**
   * How a prior combines with the heads' output c: 'add' (default) gives prior + c; 'scale' gives
   * log1p(expm1(prior) · exp(c)), a per-element factor on the prior in its own units, so an element the prior
   * puts at exactly 0 stays 0 and an untrained model (c = 0, last layer zeroed) returns the prior unchanged.
   */
  priorMode?: 'add' | 'scale';
}

/** The links to score: their two ends and their own features [L, linkChannels]. */
export interface ImpactLinks {
  ends: { a: Int32Array; b: Int32Array };
  attr: tf.Tensor2D;
}

/** relu(z · W₁ + b₁) · W₂ + b₂ → one value per row. */
class Mlp {
  readonly weights: tf.Variable[];

  constructor(inWidth: number, hidden: number, seed: number, zeroOutput = false) {
    const out = zeroOutput ? tf.variable(tf.zeros([hidden, 1])) : glorotUniform(hidden, 1, seed + 1);
    this.weights = [glorotUniform(inWidth, hidden, seed), zerosBias(hidden), out, zerosBias(1)];
  }

  apply(z: tf.Tensor2D): tf.Tensor1D {
    const [w1, b1, w2, b2] = this.weights as [tf.Variable, tf.Variable, tf.Variable, tf.Variable];
    const hidden = tf.relu(tf.add(tf.matMul(z, w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
    return tf.reshape(tf.add(tf.matMul(hidden, w2 as tf.Tensor2D), b2), [-1]) as tf.Tensor1D;
  }
}

/**
 * node value_v = MLP_node([h_v ‖ x_v]);  link value_ab = MLP_link([h_a + h_b ‖ h_a ⊙ h_b ‖ e_ab]).
 * Shapes: x [N, F], e [E, D], link features [L, D_link] → device [N], link [L]; h [N, H] from the encoder.
 * The raw features skip the encoder because the strongest signals (betweenness, detour) are already
 * per-element; message passing adds the neighbourhood context. Both heads are symmetric in a and b.
 */
export class ImpactModel {
  readonly encoder: Encoder;
  readonly #nodeHead: Mlp;
  readonly #linkHead: Mlp;
  readonly #priorMode: 'add' | 'scale';

  constructor(options: ImpactModelOptions) {
    const hidden = options.hiddenChannels ?? 32;
    const seed = options.seed ?? 0;
    this.encoder = new Encoder({
      inChannels: options.inChannels,
      edgeChannels: options.edgeChannels,
      hiddenChannels: hidden,
      numLayers: options.numLayers ?? 3,
      layer: options.layer ?? 'gine',
      seed,
    });
    this.#priorMode = options.priorMode ?? 'add';
    const zeroOutput = this.#priorMode === 'scale';
    this.#nodeHead = new Mlp(hidden + options.inChannels, hidden, seed + 2000, zeroOutput);
    this.#linkHead = new Mlp(2 * hidden + options.linkChannels, hidden, seed + 3000, zeroOutput);
  }

  get trainableWeights(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.#nodeHead.weights, ...this.#linkHead.weights];
  }

  /**
   * Predicted values per node [N] and per link [L]; the caller disposes both.
   * @param prior values the heads' outputs are added to (the model then learns a correction to them)
   */
  predict(graph: GraphTensors, links: ImpactLinks, prior?: { device: tf.Tensor1D; link: tf.Tensor1D }): { device: tf.Tensor1D; link: tf.Tensor1D } {
    return tf.tidy(() => {
      const h = this.encoder.encode(graph);
      let device = this.#nodeHead.apply(tf.concat([h, graph.x], 1) as tf.Tensor2D);
      let link = this.#linkHead.apply(this.encoder.linkEmbeddings(h, links.ends, links.attr));
      if (prior !== undefined && this.#priorMode === 'scale') {
        device = tf.log1p(tf.mul(tf.expm1(prior.device), tf.exp(device))) as tf.Tensor1D;
        link = tf.log1p(tf.mul(tf.expm1(prior.link), tf.exp(link))) as tf.Tensor1D;
      } else if (prior !== undefined) {
        device = tf.add(device, prior.device);
        link = tf.add(link, prior.link);
      }
      return { device, link };
    });
  }

  dispose(): void {
    this.encoder.dispose();
    for (const w of [...this.#nodeHead.weights, ...this.#linkHead.weights]) w.dispose();
  }
}
