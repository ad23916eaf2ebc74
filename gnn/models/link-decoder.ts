// Reconstruction head: scores how likely a link between two nodes is, from their embeddings.
import * as tf from '@tensorflow/tfjs';
import { glorotUniform, zerosBias } from '../layers/init-weights.js';
import type { Encoder } from './encoder.js';

/**
 * logit(a, b) = [h_a + h_b ‖ h_a ⊙ h_b] · w + c, symmetric in a and b.
 * Shapes: h [N, H] → logits [L]; w [2H, 1], c [1]. It reads no link features, so real links and
 * sampled non-links look alike to it except through the embeddings.
 */
export class LinkDecoder {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(hiddenChannels: number, seed: number) {
    this.kernel = glorotUniform(2 * hiddenChannels, 1, seed);
    this.bias = zerosBias(1);
  }

  get trainableWeights(): tf.Variable[] {
    return [this.kernel, this.bias];
  }

  /** Logits [L] for the candidate links (a[k], b[k]). */
  logits(encoder: Encoder, h: tf.Tensor2D, ends: { a: Int32Array; b: Int32Array }): tf.Tensor1D {
    return tf.tidy(() => {
      const links = encoder.linkEmbeddings(h, ends);
      return tf.reshape(tf.add(tf.matMul(links, this.kernel as tf.Tensor2D), this.bias), [-1]) as tf.Tensor1D;
    });
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias.dispose();
  }
}
