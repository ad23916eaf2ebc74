// Stacked message-passing layers → node embeddings; a link's embedding from its two ends and its own features.
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../../src/errors.js';
import { aggregate, type Aggr } from '../aggregate.js';
import type { Flow, GraphTensors } from '../graph-tensors.js';
import { GineConv } from '../layers/gine-conv.js';
import { SageConv } from '../layers/sage-conv.js';
import type { MessagePassing } from '../message-passing.js';
import { Reduction } from '../reduction.js';

/** Which layer the encoder stacks. */
export type LayerKind = 'sage' | 'gine';

/** Options of an Encoder. */
export interface EncoderOptions {
  /** Width of the node features (F_in). */
  inChannels: number;
  /** Width of the edge features (D); 0 for none. */
  edgeChannels: number;
  /** Width of every layer's output, and so of the node embeddings. */
  hiddenChannels: number;
  /** Number of message-passing layers (the receptive field in hops); default 2. */
  numLayers?: number;
  /** Layer kind; default 'sage'. */
  layer?: LayerKind;
  /** Aggregation of every layer; default: the layer's own ('mean' for sage, 'sum' for gine). */
  aggr?: Aggr;
  /** Direction of flow; default 'source_to_target'. */
  flow?: Flow;
  /** Seed of every weight initialiser (layer k uses seed + 10·k); default 0. */
  seed?: number;
}

/** Builds one layer of the stack (PyG's BasicGNN: the same kind at every depth, widths chained). */
function createLayer(kind: LayerKind, inChannels: number, options: EncoderOptions, seed: number): MessagePassing {
  const common = {
    inChannels,
    edgeChannels: options.edgeChannels,
    units: options.hiddenChannels,
    seed,
    ...(options.aggr === undefined ? {} : { aggr: options.aggr }),
    ...(options.flow === undefined ? {} : { flow: options.flow }),
  };
  return kind === 'gine' ? new GineConv(common) : new SageConv(common);
}

/**
 * Node encoder: h⁰ = x, hᵏ = relu(layerₖ(hᵏ⁻¹, e)) for k < K, h = layer_K(h^{K-1}, e) (no
 * activation on the last layer, so embeddings can be negative, as in PyG's BasicGNN).
 * Shapes: x [N, F_in], e [E, D] → h [N, hiddenChannels].
 */
export class Encoder {
  readonly layers: readonly MessagePassing[];
  readonly hiddenChannels: number;
  readonly edgeChannels: number;

  constructor(options: EncoderOptions) {
    const numLayers = options.numLayers ?? 2;
    if (!Number.isInteger(numLayers) || numLayers < 1) throw new TopolensError('TOPO_BAD_INPUT', `Encoder: numLayers = ${numLayers}`);
    const seed = options.seed ?? 0;
    const layers: MessagePassing[] = [];
    for (let k = 0; k < numLayers; k++) {
      const inChannels = k === 0 ? options.inChannels : options.hiddenChannels;
      layers.push(createLayer(options.layer ?? 'sage', inChannels, options, seed + 10 * k));
    }
    this.layers = layers;
    this.hiddenChannels = options.hiddenChannels;
    this.edgeChannels = options.edgeChannels;
  }

  get trainableWeights(): tf.Variable[] {
    return this.layers.flatMap((layer) => layer.trainableWeights);
  }

  /** Node embeddings [numNodes, hiddenChannels] of `graph` (features default to graph.x). */
  encode(graph: GraphTensors, x: tf.Tensor2D = graph.x): tf.Tensor2D {
    return tf.tidy(() => {
      let h = x;
      this.layers.forEach((layer, k) => {
        h = layer.apply(graph, h);
        if (k < this.layers.length - 1) h = tf.relu(h);
      });
      return h;
    });
  }

  /**
   * Link embeddings [L, 2·hiddenChannels + D]: [h_a + h_b ‖ h_a ⊙ h_b ‖ e_ab]. Both parts from the
   * ends are symmetric in a and b, because a physical link has no direction.
   * @param h node embeddings [numNodes, hiddenChannels]
   * @param ends the two ends of each link (node indices, equal lengths)
   * @param edgeAttr the links' own features [L, D]; omit for candidate links that have none
   *   (negative samples), which then get width 2·hiddenChannels
   */
  linkEmbeddings(h: tf.Tensor2D, ends: { a: Int32Array; b: Int32Array }, edgeAttr?: tf.Tensor2D): tf.Tensor2D {
    const numNodes = h.shape[0];
    if (ends.a.length !== ends.b.length) throw new TopolensError('TOPO_BAD_INPUT', 'linkEmbeddings: ends differ in length');
    for (const idx of [ends.a, ends.b]) {
      for (const v of idx) if (v < 0 || v >= numNodes) throw new TopolensError('TOPO_BAD_INPUT', `linkEmbeddings: node ${v} out of range`);
    }
    return tf.tidy(() => {
      // Gathers as CSR reductions, so their gradient is a CSR sum rather than an unsortedSegmentSum.
      const ha = aggregate(h, Reduction.gather(ends.a, numNodes), 'sum');
      const hb = aggregate(h, Reduction.gather(ends.b, numNodes), 'sum');
      const parts = [tf.add(ha, hb), tf.mul(ha, hb)];
      if (edgeAttr !== undefined) parts.push(edgeAttr);
      return tf.concat(parts, 1) as tf.Tensor2D;
    });
  }

  /** Frees every layer's variables. */
  dispose(): void {
    for (const layer of this.layers) layer.dispose();
  }
}
