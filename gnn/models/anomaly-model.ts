// Reconstruction heads for anomaly scoring: a device's attributes from its neighbourhood, link existence and link attributes from the ends.
import * as tf from '@tensorflow/tfjs';
import { aggregate } from '../aggregate.js';
import type { GraphTensors } from '../graph-tensors.js';
import { glorotUniform, zerosBias } from '../layers/init-weights.js';
import { Reduction } from '../reduction.js';
import { Encoder } from './encoder.js';

/** Shape of an AnomalyNetwork. */
export interface AnomalyNetworkOptions {
  /** Width of the node attributes (F). */
  inChannels: number;
  /** Width of the edge attributes (D). */
  edgeChannels: number;
  /** Embedding and hidden width (H). */
  hiddenChannels: number;
  /** Message-passing layers of the encoder. */
  numLayers: number;
  seed: number;
}

/** relu(z · W₁ + b₁) · W₂ + b₂, with the hidden layer readable (it is the link embedding). */
class TwoLayer {
  readonly weights: [tf.Variable, tf.Variable, tf.Variable, tf.Variable];

  constructor(inWidth: number, hidden: number, outWidth: number, seed: number) {
    this.weights = [glorotUniform(inWidth, hidden, seed), zerosBias(hidden), glorotUniform(hidden, outWidth, seed + 1), zerosBias(outWidth)];
  }

  hidden(z: tf.Tensor2D): tf.Tensor2D {
    return tf.relu(tf.add(tf.matMul(z, this.weights[0] as tf.Tensor2D), this.weights[1])) as tf.Tensor2D;
  }

  output(hidden: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(hidden, this.weights[2] as tf.Tensor2D), this.weights[3]) as tf.Tensor2D;
  }
}

/**
 * Three reconstruction heads on one encoder (inputs standardised by the caller):
 * - attributes: x̂_v = MLP([mean_u x_u ‖ max_u x_u ‖ Σ e ‖ mean e ‖ max e]) over v's neighbours u and incident
 *   edges e only, never x_v itself, so a device whose attributes disagree with its surroundings cannot be
 *   reconstructed (what DOMINANT's attribute decoder does, without the identity shortcut of a self-loop);
 * - link existence: logit(a, b) = MLP([h_a + h_b ‖ h_a ⊙ h_b]), trained against sampled non-links;
 * - link attributes: ê_ab = MLP([h_a + h_b ‖ h_a ⊙ h_b]) (a second output of the same hidden layer width).
 * Shapes: x [N, F], e [E, D], h [N, H]; attribute head [5F→…] is [2F + 3D, H, F], link heads [2H, H, 1] and [2H, H, D].
 */
export class AnomalyNetwork {
  readonly encoder: Encoder;
  readonly #attr: TwoLayer;
  readonly #link: TwoLayer;
  readonly #edge: TwoLayer;

  constructor(options: AnomalyNetworkOptions) {
    const { inChannels: F, edgeChannels: D, hiddenChannels: H, seed } = options;
    this.encoder = new Encoder({ inChannels: F, edgeChannels: D, hiddenChannels: H, numLayers: options.numLayers, layer: 'sage', seed });
    this.#attr = new TwoLayer(2 * F + 3 * D, H, F, seed + 1000);
    this.#link = new TwoLayer(2 * H, H, 1, seed + 2000);
    this.#edge = new TwoLayer(2 * H, H, Math.max(D, 1), seed + 3000);
  }

  /** Every trainable variable, in a fixed order (encoder layers, then attribute, link and link-attribute heads). */
  get trainableWeights(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.#attr.weights, ...this.#link.weights, ...this.#edge.weights];
  }

  /** Node embeddings [N, H]. */
  encode(graph: GraphTensors): tf.Tensor2D {
    return this.encoder.encode(graph);
  }

  /**
   * What the attribute head reads [N, 2F + 3D]: [mean_u x_u ‖ max_u x_u ‖ Σ e ‖ mean e ‖ max e]. It holds no
   * weights, so a training loop computes it once.
   */
  attributeContext(graph: GraphTensors): tf.Tensor2D {
    return tf.tidy(() => {
      const nodes = graph.neighbourReduction();
      const edges = graph.edgeReduction();
      return tf.concat([
        aggregate(graph.x, nodes, 'mean'), aggregate(graph.x, nodes, 'max'),
        aggregate(graph.edgeAttr, edges, 'sum'), aggregate(graph.edgeAttr, edges, 'mean'), aggregate(graph.edgeAttr, edges, 'max'),
      ], 1) as tf.Tensor2D;
    });
  }

  /** Reconstructed attributes [N, F] from `attributeContext`. */
  reconstructAttributes(context: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.#attr.output(this.#attr.hidden(context)));
  }

  /** [h_a + h_b ‖ h_a ⊙ h_b] for candidate links [L, 2H]: symmetric in a and b. */
  pairs(h: tf.Tensor2D, ends: { a: Int32Array; b: Int32Array }): tf.Tensor2D {
    return tf.tidy(() => {
      const n = h.shape[0];
      const ha = aggregate(h, Reduction.gather(ends.a, n), 'sum');
      const hb = aggregate(h, Reduction.gather(ends.b, n), 'sum');
      return tf.concat([tf.add(ha, hb), tf.mul(ha, hb)], 1) as tf.Tensor2D;
    });
  }

  /** Link-existence logits [L] and their hidden layer [L, H] (the link embedding), from `pairs`. */
  linkLogits(pairs: tf.Tensor2D): { logits: tf.Tensor1D; hidden: tf.Tensor2D } {
    return tf.tidy(() => {
      const hidden = this.#link.hidden(pairs);
      return { logits: tf.reshape(this.#link.output(hidden), [-1]) as tf.Tensor1D, hidden };
    });
  }

  /** Reconstructed link attributes [L, D] from `pairs`. */
  reconstructLinkAttributes(pairs: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.#edge.output(this.#edge.hidden(pairs)));
  }

  dispose(): void {
    this.encoder.dispose();
    for (const w of [...this.#attr.weights, ...this.#link.weights, ...this.#edge.weights]) w.dispose();
  }
}
