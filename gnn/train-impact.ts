// Trains the failure-impact model on several graphs with exact labels; a fixed seed gives the same model every run.
import * as tf from '@tensorflow/tfjs';
import { buildGraphTensors, type GraphArrays, type GraphTensors } from './graph-tensors.js';
import type { LayerKind } from './models/encoder.js';
import { ImpactModel, type ImpactLinks } from './models/impact-head.js';
import { createRng } from './random.js';

/** One graph as plain arrays: what graph/ hands over, with or without its labels. */
export interface ImpactGraphArrays {
  arrays: GraphArrays;
  /** The two ends of every link to score. */
  linkEnds: { a: Int32Array; b: Int32Array };
  /** Per-link features, row-major [links, linkChannels]. */
  linkAttr: Float32Array;
  /**
   * A cheap prior per node and per link, in target units, that the heads add to their output (e.g. sampled
   * betweenness): the network then learns only the correction. Absent means zero.
   */
  prior?: { device: Float32Array; link: Float32Array };
}

/** A training graph: arrays plus the regression targets per node and per link. */
export interface ImpactSample extends ImpactGraphArrays {
  deviceTarget: Float32Array;
  linkTarget: Float32Array;
}

/** Options of trainImpactModel. */
export interface ImpactTrainingOptions {
  /** Embedding and head width; default 32. */
  hiddenChannels?: number;
  /** Message-passing layers; default 3. */
  numLayers?: number;
  /** Layer kind; default 'gine'. */
  layer?: LayerKind;
  /** Passes over all graphs (one Adam step per graph); default 60. */
  epochs?: number;
  /** Adam learning rate; default 0.005. */
  learningRate?: number;
  /** Seeds weights and the graph order of every epoch. Default 0. */
  seed?: number;
  /** How the prior combines with the heads (see ImpactModelOptions.priorMode); default 'add'. */
  priorMode?: 'add' | 'scale';
  /** Progress after every epoch (mean loss over graphs, and the model for validation); return true to stop early. */
  onEpoch?: (progress: { epoch: number; loss: number; model: ImpactModel }) => boolean | void;
}

/** A graph's tensors and link inputs, built once and reused every epoch. Call `dispose()`. */
export interface PreparedImpactGraph {
  graph: GraphTensors;
  links: ImpactLinks;
  prior: { device: tf.Tensor1D; link: tf.Tensor1D } | undefined;
  dispose(): void;
}

/** Validates the arrays and builds tensors (and CSR layouts) for one graph. */
export function prepareImpactGraph(input: ImpactGraphArrays): PreparedImpactGraph {
  const graph = buildGraphTensors(input.arrays);
  const L = input.linkEnds.a.length;
  const attr = tf.tensor2d(input.linkAttr, [L, L === 0 ? 0 : input.linkAttr.length / L]);
  const prior = input.prior === undefined ? undefined : { device: tf.tensor1d(input.prior.device), link: tf.tensor1d(input.prior.link) };
  return {
    graph,
    links: { ends: input.linkEnds, attr },
    prior,
    dispose: () => { graph.dispose(); tf.dispose([attr, ...(prior ? [prior.device, prior.link] : [])]); },
  };
}

/** Scores every node and link of one graph in one forward pass, read back as plain arrays. */
export function predictImpact(model: ImpactModel, input: ImpactGraphArrays | PreparedImpactGraph): { device: Float32Array; link: Float32Array } {
  const prepared = 'graph' in input ? input : prepareImpactGraph(input);
  try {
    const { device, link } = model.predict(prepared.graph, prepared.links, prepared.prior);
    const out = { device: device.dataSync().slice() as Float32Array, link: link.dataSync().slice() as Float32Array };
    tf.dispose([device, link]);
    return out;
  } finally {
    if (prepared !== input) prepared.dispose();
  }
}

/** What training produced; the caller owns (and disposes) the model. */
export interface ImpactTrainingResult {
  model: ImpactModel;
  /** Mean loss (node MSE + link MSE) over the graphs, per epoch. */
  losses: number[];
}

/**
 * Full-graph steps, one per graph per epoch, graphs in a seeded shuffled order. Loss = MSE over nodes +
 * MSE over links, so a graph's links do not drown its nodes (there are more of them).
 */
export function trainImpactModel(samples: readonly ImpactSample[], options: ImpactTrainingOptions = {}): ImpactTrainingResult {
  if (samples.length === 0) throw new Error('trainImpactModel: no samples');
  const seed = options.seed ?? 0;
  const rng = createRng(seed);
  const first = samples[0]!;
  const prepared = samples.map(prepareImpactGraph);
  const targets = samples.map((s) => ({ device: tf.tensor1d(s.deviceTarget), link: tf.tensor1d(s.linkTarget) }));
  const model = new ImpactModel({
    inChannels: prepared[0]!.graph.numNodeFeatures,
    edgeChannels: prepared[0]!.graph.numEdgeFeatures,
    linkChannels: first.linkEnds.a.length === 0 ? 0 : first.linkAttr.length / first.linkEnds.a.length,
    ...(options.hiddenChannels === undefined ? {} : { hiddenChannels: options.hiddenChannels }),
    ...(options.numLayers === undefined ? {} : { numLayers: options.numLayers }),
    ...(options.layer === undefined ? {} : { layer: options.layer }),
    ...(options.priorMode === undefined ? {} : { priorMode: options.priorMode }),
    seed,
  });
  const optimizer = tf.train.adam(options.learningRate ?? 0.005);
  const weights = model.trainableWeights;
  const losses: number[] = [];
  const order = samples.map((_, i) => i);
  try {
    for (let epoch = 1; epoch <= (options.epochs ?? 60); epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      let total = 0;
      for (const g of order) {
        const p = prepared[g]!;
        const t = targets[g]!;
        const cost = optimizer.minimize(() => tf.tidy(() => {
          const { device, link } = model.predict(p.graph, p.links, p.prior);
          const nodeLoss = tf.losses.meanSquaredError(t.device, device);
          // A graph without links still trains its node head.
          const linkLoss = t.link.size === 0 ? tf.scalar(0) : tf.losses.meanSquaredError(t.link, link);
          return tf.add(nodeLoss, linkLoss) as tf.Scalar;
        }), true, weights)!;
        total += cost.dataSync()[0]!;
        cost.dispose();
      }
      const loss = total / order.length;
      losses.push(loss);
      if (options.onEpoch?.({ epoch, loss, model }) === true) break;
    }
    return { model, losses };
  } finally {
    optimizer.dispose();
    for (const p of prepared) p.dispose();
    for (const t of targets) tf.dispose([t.device, t.link]);
  }
}
