// Trains the encoder to reconstruct the graph's links (negative sampling); a fixed seed gives the same embeddings every run.
import * as tf from '@tensorflow/tfjs';
import type { GraphTensors } from './graph-tensors.js';
import { Encoder, type EncoderOptions } from './models/encoder.js';
import { LinkDecoder } from './models/link-decoder.js';
import { createRng } from './random.js';

/** Options of trainLinkReconstruction. */
export interface LinkTrainingOptions {
  /** Encoder shape (its input widths come from the graph, its seed from `seed`). */
  encoder: Omit<EncoderOptions, 'inChannels' | 'edgeChannels' | 'seed'>;
  /** Passes over all links; default 50. */
  epochs?: number;
  /** Adam learning rate; default 0.01. */
  learningRate?: number;
  /** Sampled non-links per real link, per epoch; default 1. */
  negativeRatio?: number;
  /** Seeds weights and negative sampling: the same seed, graph and backend give identical embeddings. */
  seed?: number;
  /** Called after every epoch (progress lines, early stopping by the caller's own rule: return true to stop). */
  onEpoch?: (progress: { epoch: number; loss: number }) => boolean | void;
}

/** What training produced; the caller owns (and disposes) encoder and decoder. */
export interface LinkTrainingResult {
  encoder: Encoder;
  decoder: LinkDecoder;
  /** Mean binary cross-entropy per epoch. */
  losses: number[];
  /** Final node embeddings, row-major [numNodes, hiddenChannels], read out of the backend. */
  embeddings: Float32Array;
}

/**
 * Samples `count` node pairs (a, b), a ≠ b, that are not edges in either direction: the negatives of
 * link prediction. Gives up on a pair after a few tries (dense graphs), keeping what it has.
 */
export function sampleNonLinks(graph: GraphTensors, count: number, rng: () => number): { a: Int32Array; b: Int32Array } {
  const n = graph.numNodes;
  const key = (u: number, v: number) => (u < v ? u * n + v : v * n + u);
  const linked = new Set<number>();
  for (let e = 0; e < graph.numEdges; e++) linked.add(key(graph.source[e]!, graph.target[e]!));
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < count && n > 1; k++) {
    for (let attempt = 0; attempt < 10; attempt++) {
      const u = Math.floor(rng() * n);
      const v = Math.floor(rng() * n);
      if (u !== v && !linked.has(key(u, v))) {
        a.push(u);
        b.push(v);
        break;
      }
    }
  }
  return { a: Int32Array.from(a), b: Int32Array.from(b) };
}

/** Fits encoder + decoder so real links score high and sampled non-links low; full-graph, one step per epoch. */
export function trainLinkReconstruction(graph: GraphTensors, options: LinkTrainingOptions): LinkTrainingResult {
  const seed = options.seed ?? 0;
  const epochs = options.epochs ?? 50;
  const rng = createRng(seed);
  const encoder = new Encoder({ ...options.encoder, inChannels: graph.numNodeFeatures, edgeChannels: graph.numEdgeFeatures, seed });
  const decoder = new LinkDecoder(encoder.hiddenChannels, seed + 1000);
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const weights = [...encoder.trainableWeights, ...decoder.trainableWeights];
  const positives = { a: graph.source, b: graph.target };
  const losses: number[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const negatives = sampleNonLinks(graph, Math.round(graph.numEdges * (options.negativeRatio ?? 1)), rng);
      const labels = tf.tidy(() =>
        tf.concat([tf.ones([positives.a.length]), tf.zeros([negatives.a.length])]),
      );
      const cost = optimizer.minimize(
        () =>
          tf.tidy(() => {
            const h = encoder.encode(graph);
            const logits = tf.concat([decoder.logits(encoder, h, positives), decoder.logits(encoder, h, negatives)]);
            return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
          }),
        true,
        weights,
      )!;
      const loss = cost.dataSync()[0]!;
      tf.dispose([cost, labels]);
      losses.push(loss);
      if (options.onEpoch?.({ epoch, loss }) === true) break;
    }
    const h = encoder.encode(graph);
    const embeddings = h.dataSync().slice() as Float32Array;
    h.dispose();
    return { encoder, decoder, losses, embeddings };
  } finally {
    optimizer.dispose();
  }
}
