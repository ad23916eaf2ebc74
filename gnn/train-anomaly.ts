// Unsupervised structural anomaly scores: reconstruction heads trained on the graph they score, combined with cheap structural evidence.
import * as tf from '@tensorflow/tfjs';
import { EDGE_FEATURES, NODE_FEATURES } from '../src/graph/snapshot-features.js';
import { TopolensError } from '../src/errors.js';
import { columnMoments, countDegrees, countSharedNeighbours, neighbourSets } from './anomaly-evidence.js';
import { buildGraphTensors, type GraphArrays, type GraphTensors } from './graph-tensors.js';
import { AnomalyNetwork } from './models/anomaly-model.js';
import { createRng } from './random.js';
import { sampleNonLinks } from './train.js';

/** What the anomaly model reads; extractSnapshotFeatures' result satisfies it. */
export interface AnomalyInput {
  arrays: GraphArrays;
  /** The two ends of every link (edges of `arrays` may list each link twice, once per direction). */
  linkEnds: { a: Int32Array; b: Int32Array };
  /** Per-link attributes, row-major [links, linkChannels]. */
  linkAttr: Float32Array;
}

/**
 * Everything needed to rebuild a model and score with it, as plain JSON: shape, seed, the input
 * standardisation and the calibration measured on the training graph.
 */
export interface AnomalyModelConfig {
  version: 1;
  /** Width of node attributes `x` (F). */
  nodeFeatures: number;
  /** Width of edge attributes (D). */
  edgeFeatures: number;
  /** Width of `linkAttr` rows. */
  linkFeatures: number;
  /** Embedding width (H). */
  hiddenChannels: number;
  /** Message-passing layers. */
  numLayers: number;
  seed: number;
  /** Names of the node and link attribute columns, for the reasons. */
  featureNames: { node: string[]; link: string[] };
  /** Column moments of x, edgeAttr and linkAttr on the training graph (inputs are standardised with them). */
  inputMoments: { node: Moments; edge: Moments; link: Moments };
  /** Root-mean-square reconstruction residual per node attribute and per link attribute on the training graph. */
  residualScale: { node: number[]; link: number[] };
  /**
   * Per evidence component, its quantiles (0, 0.5 %, …, 100 %) on the training graph: a value's percentile under them
   * is what the served score combines, so scores on the training graph are its percentile ranks.
   */
  evidence: { device: Record<DeviceEvidence, number[]>; link: Record<Exclude<LinkEvidence, 'ends'>, number[]> };
  /** Median and robust scale (1.4826·MAD) of the two scored device components on the training graph. */
  deviceScale: Record<'attributes' | 'sharedNeighbours', { median: number; scale: number }>;
  /** Quantiles of the combined device evidence (max of the two robust z) on the training graph: the served device score is its CDF. */
  deviceQuantiles: number[];
}

/** Column means and standard deviations. */
export interface Moments {
  mean: number[];
  std: number[];
}

/** Options of trainAnomalyModel. */
export interface AnomalyTrainingOptions {
  /** Seeds weights and negative sampling: the same seed, input and backend give identical scores. Default 0. */
  seed?: number;
  /** Full-graph Adam steps; default 150. */
  epochs?: number;
  /** Embedding width; default 32. */
  hiddenChannels?: number;
  /** Adam learning rate; default 0.01. */
  learningRate?: number;
  /** Share of nodes with the largest attribute residual left out of the attribute loss after the first third of training; default 0.05. */
  trimShare?: number;
  /** Column names for the reasons; default NODE_FEATURES / EDGE_FEATURES when the widths match. */
  featureNames?: { node: readonly string[]; link: readonly string[] };
  /** Called after every epoch with the total loss. */
  onEpoch?: (e: { epoch: number; loss: number }) => void;
}

/** Scores and embeddings of one graph; every array is in the input's node or link order. */
export interface AnomalyScores {
  /**
   * One score per device in [0, 1], higher = more anomalous: the training graph's CDF of the larger robust z of two
   * components (attribute reconstruction error, shared-neighbour density), so on the training graph it is a percentile rank.
   */
  device: Float32Array;
  /** One per link (same order as linkEnds): mean of its shared-neighbour percentile and its ends' smaller score. */
  link: Float32Array;
  /** Row-major [numNodes, embeddingDim] from the encoder. */
  deviceEmbedding: Float32Array;
  /** Row-major [numLinks, embeddingDim]: the link head's hidden layer over both ends (which carry the link's own features). */
  linkEmbedding: Float32Array;
  embeddingDim: number;
  /** Per device, up to 3 short reasons, strongest first. */
  deviceReasons: string[][];
  linkReasons: string[][];
}

/**
 * Evidence per device: `attributes` (learned: how far its attributes are from what its neighbourhood reconstructs) and
 * `sharedNeighbours` (structural: its links' ends share most of their neighbours, as inside an injected clique) make
 * the score; `degree` and `linkReconstruction` (the link head's error, at its worst incident link) only explain.
 */
export const DEVICE_EVIDENCE = ['attributes', 'sharedNeighbours', 'degree', 'linkReconstruction'] as const;
/**
 * Evidence per link: `sharedNeighbours` and `ends` (the smaller of its two devices' scores) make the score;
 * `existence` (link head) and `attributes` (link-attribute head) only explain.
 */
export const LINK_EVIDENCE = ['sharedNeighbours', 'ends', 'existence', 'attributes'] as const;
export type DeviceEvidence = (typeof DEVICE_EVIDENCE)[number];
export type LinkEvidence = (typeof LINK_EVIDENCE)[number];

/** The trained network and its JSON config. */
export class AnomalyModel {
  readonly config: AnomalyModelConfig;
  readonly network: AnomalyNetwork;

  constructor(config: AnomalyModelConfig) {
    this.config = config;
    this.network = new AnomalyNetwork({
      inChannels: config.nodeFeatures, edgeChannels: config.edgeFeatures,
      hiddenChannels: config.hiddenChannels, numLayers: config.numLayers, seed: config.seed,
    });
  }

  /** Ordered and stable: persistence saves and restores weights in this order. */
  get trainableWeights(): tf.Variable[] {
    return this.network.trainableWeights;
  }

  dispose(): void {
    this.network.dispose();
  }
}

/** A fresh model for `config` (persistence builds one, then assigns the saved weights in trainableWeights order). */
export function createAnomalyModel(config: AnomalyModelConfig): AnomalyModel {
  return new AnomalyModel(config);
}

const bad = (message: string) => new TopolensError('TOPO_BAD_INPUT', `anomaly model: ${message}`);

/** Row-major values as a flat Float32Array with its width. */
function flatRows(rows: GraphArrays['x'] | undefined, count: number, width: number | undefined): { data: Float32Array; width: number } {
  if (rows === undefined) return { data: new Float32Array(0), width: 0 };
  if (rows instanceof Float32Array) return { data: rows, width: width ?? (count === 0 ? 0 : rows.length / count) };
  const w = rows[0]?.length ?? width ?? 0;
  const data = new Float32Array(count * w);
  rows.forEach((row, i) => data.set(row, i * w));
  return { data, width: w };
}

const standardise = (data: Float32Array, width: number, m: Moments) =>
  data.map((v, p) => (v - m.mean[p % width]!) / m.std[p % width]!);

const toMoments = (m: { mean: Float64Array; std: Float64Array }): Moments => ({ mean: Array.from(m.mean), std: Array.from(m.std) });

/** The input with standardised tensors, plus the plain structure the evidence needs. */
interface Prepared {
  graph: GraphTensors;
  /** The attribute head's input (weight-free, computed once). */
  context: tf.Tensor2D;
  link: Float32Array;
  ends: { a: Int32Array; b: Int32Array };
  neighbours: Int32Array[];
  numLinks: number;
  dispose(): void;
}

function readInput(input: AnomalyInput): { x: { data: Float32Array; width: number }; e: { data: Float32Array; width: number }; link: { data: Float32Array; width: number } } {
  const n = input.arrays.numNodes;
  const L = input.linkEnds.a.length;
  if (input.linkEnds.b.length !== L) throw bad(`linkEnds.a has ${L} entries, linkEnds.b ${input.linkEnds.b.length}`);
  for (const idx of [input.linkEnds.a, input.linkEnds.b]) {
    for (const v of idx) if (!(v >= 0 && v < n)) throw bad(`link end ${v} is not a node index in [0, ${n})`);
  }
  const x = flatRows(input.arrays.x, n, input.arrays.numNodeFeatures);
  const e = flatRows(input.arrays.edgeAttr, input.arrays.source.length, input.arrays.numEdgeFeatures);
  const linkWidth = L === 0 ? 0 : input.linkAttr.length / L;
  if (!Number.isInteger(linkWidth)) throw bad(`linkAttr has ${input.linkAttr.length} values for ${L} links`);
  return { x, e, link: { data: input.linkAttr, width: linkWidth } };
}

function prepare(input: AnomalyInput, model: AnomalyModel): Prepared {
  const config = model.config;
  const { x, e, link } = readInput(input);
  if (x.width !== config.nodeFeatures) throw bad(`x has ${x.width} columns, the model reads ${config.nodeFeatures}`);
  if (e.width !== config.edgeFeatures) throw bad(`edgeAttr has ${e.width} columns, the model reads ${config.edgeFeatures}`);
  if (input.linkEnds.a.length > 0 && link.width !== config.linkFeatures) throw bad(`linkAttr has ${link.width} columns, the model reads ${config.linkFeatures}`);
  const graph = buildGraphTensors({
    ...input.arrays,
    x: standardise(x.data, x.width, config.inputMoments.node), numNodeFeatures: x.width,
    edgeAttr: standardise(e.data, e.width, config.inputMoments.edge), numEdgeFeatures: e.width,
  });
  const context = model.network.attributeContext(graph);
  return {
    graph,
    context,
    link: standardise(link.data, link.width, config.inputMoments.link),
    ends: input.linkEnds,
    neighbours: neighbourSets(input.arrays.numNodes, input.linkEnds),
    numLinks: input.linkEnds.a.length,
    dispose: () => { graph.dispose(); context.dispose(); },
  };
}

/** A config for `input` before training: shapes, seed, input moments; calibration is filled in by training. */
function initialConfig(input: AnomalyInput, options: AnomalyTrainingOptions): AnomalyModelConfig {
  const { x, e, link } = readInput(input);
  const names = options.featureNames ?? {
    node: x.width === NODE_FEATURES.length ? NODE_FEATURES : [],
    link: link.width === EDGE_FEATURES.length ? EDGE_FEATURES : [],
  };
  return {
    version: 1,
    nodeFeatures: x.width,
    edgeFeatures: e.width,
    linkFeatures: link.width,
    hiddenChannels: options.hiddenChannels ?? 32,
    numLayers: 2,
    seed: options.seed ?? 0,
    featureNames: { node: [...names.node], link: [...names.link] },
    inputMoments: { node: toMoments(columnMoments(x.data, x.width)), edge: toMoments(columnMoments(e.data, e.width)), link: toMoments(columnMoments(link.data, link.width)) },
    residualScale: { node: new Array<number>(x.width).fill(1), link: new Array<number>(link.width).fill(1) },
    evidence: { device: { attributes: [], sharedNeighbours: [], degree: [], linkReconstruction: [] }, link: { sharedNeighbours: [], existence: [], attributes: [] } },
    deviceScale: { attributes: { median: 0, scale: 1 }, sharedNeighbours: { median: 0, scale: 1 } },
    deviceQuantiles: [],
  };
}

/** Raw per-element outputs of one forward pass, read back as plain arrays. */
interface Forward {
  embedding: Float32Array;
  /** Standardised attribute residuals [N, F]. */
  nodeResidual: Float32Array;
  /** Link-existence logits [L]. */
  logits: Float32Array;
  linkHidden: Float32Array;
  /** Standardised link-attribute residuals [L, D_link]. */
  linkResidual: Float32Array;
}

function forward(model: AnomalyModel, p: Prepared): Forward {
  const net = model.network;
  return tf.tidy(() => {
    const h = net.encode(p.graph);
    const nodeResidual = tf.sub(p.graph.x, net.reconstructAttributes(p.context));
    const pairs = net.pairs(h, p.ends);
    const { logits, hidden } = net.linkLogits(pairs);
    const linkWidth = model.config.linkFeatures;
    const linkResidual = p.numLinks === 0 || linkWidth === 0
      ? tf.zeros([p.numLinks, linkWidth])
      : tf.sub(tf.tensor2d(p.link, [p.numLinks, linkWidth]), tf.slice(net.reconstructLinkAttributes(pairs), [0, 0], [-1, linkWidth]));
    const read = (t: tf.Tensor) => t.dataSync().slice() as Float32Array;
    return { embedding: read(h), nodeResidual: read(nodeResidual), logits: read(logits), linkHidden: read(hidden), linkResidual: read(linkResidual) };
  });
}

const concatIndex = (p: Int32Array, q: Int32Array) => {
  const out = new Int32Array(p.length + q.length);
  out.set(p);
  out.set(q, p.length);
  return out;
};

const softplus = (v: number) => (v > 30 ? v : Math.log1p(Math.exp(v)));

/** Raw evidence per device and per link, before robust scaling. */
interface RawEvidence {
  device: Record<DeviceEvidence, Float64Array>;
  link: Record<Exclude<LinkEvidence, 'ends'>, Float64Array>;
  /** Per device, the residual of each attribute divided by its training scale (for reasons). */
  attributeZ: Float64Array;
}

function rawEvidence(config: AnomalyModelConfig, p: Prepared, f: Forward): RawEvidence {
  const n = p.graph.numNodes;
  const F = config.nodeFeatures;
  const D = config.linkFeatures;
  const attributeZ = new Float64Array(n * F);
  const attributes = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let s = 0;
    for (let k = 0; k < F; k++) {
      const z = f.nodeResidual[v * F + k]! / config.residualScale.node[k]!;
      attributeZ[v * F + k] = z;
      s += z * z;
    }
    attributes[v] = Math.sqrt(s / Math.max(1, F));
  }
  const L = p.numLinks;
  const existence = Float64Array.from(f.logits, (logit) => softplus(-logit)); // −log σ(logit)
  const linkAttributes = new Float64Array(L);
  for (let l = 0; l < L; l++) {
    let s = 0;
    for (let k = 0; k < D; k++) s += (f.linkResidual[l * D + k]! / config.residualScale.link[k]!) ** 2;
    linkAttributes[l] = Math.sqrt(s / Math.max(1, D));
  }
  const degree = countDegrees(n, p.ends);
  const shared = countSharedNeighbours(p.neighbours, p.ends);
  // Shared neighbours relative to the smaller end's degree: near 1 inside a clique, whatever its size.
  const sharedShare = Float64Array.from(shared, (s, l) => s / Math.max(1, Math.min(degree[p.ends.a[l]!]!, degree[p.ends.b[l]!]!) - 1));
  const linkShared = Float64Array.from(sharedShare, (s, l) => s * Math.log1p(shared[l]!));
  const linkReconstruction = new Float64Array(n);
  const sharedNeighbours = new Float64Array(n);
  for (let l = 0; l < L; l++) {
    for (const v of [p.ends.a[l]!, p.ends.b[l]!]) {
      linkReconstruction[v] = Math.max(linkReconstruction[v]!, existence[l]!);
      sharedNeighbours[v] = Math.max(sharedNeighbours[v]!, linkShared[l]!);
    }
  }
  return {
    device: { attributes, degree: degree.map(Math.log1p), linkReconstruction, sharedNeighbours },
    link: { existence, attributes: linkAttributes, sharedNeighbours: linkShared },
    attributeZ,
  };
}

/** 201 quantiles (0 %, 0.5 %, …, 100 %), linearly interpolated. */
function quantiles(values: ArrayLike<number>): number[] {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return [0];
  return Array.from({ length: 201 }, (_, q) => {
    const pos = (q / 200) * (s.length - 1);
    const lo = Math.floor(pos);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
  });
}

/** The training graph's CDF at `v`, interpolated between quantiles (tied quantiles give their upper end); 0 or 1 outside their range. */
function percentile(v: number, q: readonly number[]): number {
  if (q.length < 2) return 0;
  if (v < q[0]!) return 0;
  if (v >= q[q.length - 1]!) return 1;
  let lo = 0, hi = q.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= v) lo = mid; else hi = mid;
  }
  const width = q[hi]! - q[lo]!;
  return (lo + (width > 0 ? (v - q[lo]!) / width : 0)) / (q.length - 1);
}

/** Every component as a percentile of the training graph, and the served scores combined from them. */
interface Combined {
  device: Float64Array;
  link: Float64Array;
  devicePercentile: Record<DeviceEvidence, Float64Array>;
  linkPercentile: Record<LinkEvidence, Float64Array>;
}

/** Median and 1.4826·MAD, floored by a share of the largest deviation so a mostly-constant component cannot explode. */
function robustScale(values: ArrayLike<number>): { median: number; scale: number } {
  const q = quantiles(values);
  const median = q[100]!;
  const deviations = Float64Array.from(values, (v) => Math.abs(v - median));
  const mad = quantiles(deviations)[100]!;
  const largest = deviations.reduce((m, d) => Math.max(m, d), 0);
  return { median, scale: Math.max(1.4826 * mad, 0.05 * largest, 1e-6) };
}

/** Largest robust z of the two scored device components: either kind of evidence alone can flag a device (BOND's `combo` rule). */
function deviceEvidence(config: AnomalyModelConfig, raw: RawEvidence): Float64Array {
  const { attributes, sharedNeighbours } = config.deviceScale;
  return raw.device.attributes.map((v, i) =>
    Math.max((v - attributes.median) / attributes.scale, (raw.device.sharedNeighbours[i]! - sharedNeighbours.median) / sharedNeighbours.scale));
}

/**
 * device = CDF_train(max(z_attributes, z_sharedNeighbours)), robust z against the training graph, so one device far out on
 * either scale stands out even when the other scale has outliers of its own;
 * link = (p_sharedNeighbours + min(device_a, device_b)) / 2: a link inside a dense cluster between anomalous devices.
 */
function combine(config: AnomalyModelConfig, p: Prepared, raw: RawEvidence): Combined {
  const toP = (values: Float64Array, q: readonly number[]) => values.map((v) => percentile(v, q));
  const devicePercentile = Object.fromEntries(DEVICE_EVIDENCE.map((k) => [k, toP(raw.device[k], config.evidence.device[k])])) as Record<DeviceEvidence, Float64Array>;
  const device = toP(deviceEvidence(config, raw), config.deviceQuantiles);
  const ends = Float64Array.from(p.ends.a, (a, l) => Math.min(device[a]!, device[p.ends.b[l]!]!));
  const linkPercentile: Record<LinkEvidence, Float64Array> = {
    sharedNeighbours: toP(raw.link.sharedNeighbours, config.evidence.link.sharedNeighbours),
    ends,
    existence: toP(raw.link.existence, config.evidence.link.existence),
    attributes: toP(raw.link.attributes, config.evidence.link.attributes),
  };
  const link = linkPercentile.sharedNeighbours.map((v, l) => (v + ends[l]!) / 2);
  return { device, link, devicePercentile, linkPercentile };
}

/**
 * Weights [N, 1] that leave the `share` of nodes with the largest attribute residual out of the attribute loss: the
 * head then stops bending towards the anomalies it should fail to reconstruct (a trimmed, robust loss).
 */
function trimmedWeights(net: AnomalyNetwork, p: Prepared, share: number): tf.Tensor2D {
  const n = p.graph.numNodes;
  const error = tf.tidy(() => tf.sum(tf.square(tf.sub(p.graph.x, net.reconstructAttributes(p.context))), 1).dataSync());
  const order = Array.from({ length: n }, (_, v) => v).sort((u, v) => error[v]! - error[u]!);
  const w = new Float32Array(n).fill(1);
  for (const v of order.slice(0, Math.floor(n * share))) w[v] = 0;
  return tf.tensor2d(w, [n, 1]);
}

/**
 * Trains the network on `input` alone (unsupervised, as DOMINANT is): loss = attribute MSE + link BCE against as
 * many sampled non-links + link-attribute MSE, full graph, one Adam step per epoch. Then measures the
 * calibration (residual scales, quantiles of every evidence component) on the same graph and stores it in the config.
 */
export function trainAnomalyModel(input: AnomalyInput, options: AnomalyTrainingOptions = {}): { model: AnomalyModel; history: { epoch: number; loss: number }[] } {
  const config = initialConfig(input, options);
  const model = createAnomalyModel(config);
  const p = prepare(input, model);
  const rng = createRng(config.seed + 7);
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const history: { epoch: number; loss: number }[] = [];
  const net = model.network;
  const linkTarget = p.numLinks === 0 || config.linkFeatures === 0 ? undefined : tf.tensor2d(p.link, [p.numLinks, config.linkFeatures]);
  const epochs = options.epochs ?? 150;
  const trim = options.trimShare ?? 0.05;
  // Per-node weights of the attribute loss: all 1 at first, then 0 for the worst-reconstructed share.
  let nodeWeights = tf.ones([p.graph.numNodes, 1]);
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      if (trim > 0 && epoch > epochs / 3 && epoch % 10 === 0) {
        const next = trimmedWeights(net, p, trim);
        nodeWeights.dispose();
        nodeWeights = next;
      }
      const negatives = sampleNonLinks(p.graph, p.numLinks, rng);
      // Real links first, then the sampled non-links: one gather and one head pass for both.
      const candidates = { a: concatIndex(p.ends.a, negatives.a), b: concatIndex(p.ends.b, negatives.b) };
      const labels = tf.tidy(() => tf.concat([tf.ones([p.numLinks]), tf.zeros([negatives.a.length])]));
      const cost = optimizer.minimize(() => tf.tidy(() => {
        let loss = tf.losses.meanSquaredError(p.graph.x, net.reconstructAttributes(p.context), nodeWeights) as tf.Scalar;
        if (p.numLinks > 0) {
          const pairs = net.pairs(net.encode(p.graph), candidates);
          loss = tf.add(loss, tf.losses.sigmoidCrossEntropy(labels, net.linkLogits(pairs).logits));
          if (linkTarget !== undefined) {
            const real = tf.slice(pairs, [0, 0], [p.numLinks, -1]);
            const eHat = tf.slice(net.reconstructLinkAttributes(real), [0, 0], [-1, config.linkFeatures]);
            loss = tf.add(loss, tf.losses.meanSquaredError(linkTarget, eHat));
          }
        }
        return loss;
      }), true, model.trainableWeights)!;
      labels.dispose();
      const loss = cost.dataSync()[0]!;
      cost.dispose();
      history.push({ epoch, loss });
      options.onEpoch?.({ epoch, loss });
    }
    calibrateOn(model, p);
    return { model, history };
  } finally {
    optimizer.dispose();
    nodeWeights.dispose();
    linkTarget?.dispose();
    p.dispose();
  }
}

/** Fills the config's calibration from the training graph itself. */
function calibrateOn(model: AnomalyModel, p: Prepared): void {
  const config = model.config;
  const f = forward(model, p);
  const rms = (res: Float32Array, width: number, k: number) => {
    const rows = width === 0 ? 0 : res.length / width;
    let s = 0;
    for (let r = 0; r < rows; r++) s += res[r * width + k]! ** 2;
    // Floor: a column reconstructed exactly (e.g. one the edges determine) still tolerates float noise.
    return Math.max(0.05, Math.sqrt(s / Math.max(1, rows)));
  };
  config.residualScale = {
    node: Array.from({ length: config.nodeFeatures }, (_, k) => rms(f.nodeResidual, config.nodeFeatures, k)),
    link: Array.from({ length: config.linkFeatures }, (_, k) => rms(f.linkResidual, config.linkFeatures, k)),
  };
  const raw = rawEvidence(config, p, f);
  config.evidence = {
    device: Object.fromEntries(DEVICE_EVIDENCE.map((k) => [k, quantiles(raw.device[k])])) as Record<DeviceEvidence, number[]>,
    link: { sharedNeighbours: quantiles(raw.link.sharedNeighbours), existence: quantiles(raw.link.existence), attributes: quantiles(raw.link.attributes) },
  };
  config.deviceScale = { attributes: robustScale(raw.device.attributes), sharedNeighbours: robustScale(raw.device.sharedNeighbours) };
  config.deviceQuantiles = quantiles(deviceEvidence(config, raw));
}

/** A component counts as a reason from this training-graph percentile on (scored ones), or 0.99 (explaining ones). */
const REASON_PERCENTILE = 0.95;
const pct = (p: number) => `top ${Math.max(0.5, Math.round((1 - p) * 200) / 2)} %`;

/**
 * Up to 3 reasons for a device, strongest first: its attribute columns farthest from what its neighbourhood
 * reconstructs, dense-cluster membership, then the explaining components and the most anomalous neighbour.
 */
function explainDevice(config: AnomalyModelConfig, v: number, c: Combined, raw: RawEvidence, neighbours: Int32Array): string[] {
  const F = config.nodeFeatures;
  const pc = c.devicePercentile;
  const items: { weight: number; text: string }[] = [];
  if (pc.attributes[v]! >= REASON_PERCENTILE) {
    const columns = Array.from({ length: F }, (_, k) => k).filter((k) => Math.abs(raw.attributeZ[v * F + k]!) > 3)
      .sort((p, q) => Math.abs(raw.attributeZ[v * F + q]!) - Math.abs(raw.attributeZ[v * F + p]!)).slice(0, 2);
    for (const k of columns) {
      const z = raw.attributeZ[v * F + k]!;
      items.push({ weight: pc.attributes[v]! + Math.abs(z) * 1e-6, text: `attribute '${config.featureNames.node[k] ?? `#${k}`}' far ${z > 0 ? 'above' : 'below'} what its neighbourhood implies (${Math.abs(z).toFixed(1)}× the usual error)` });
    }
  }
  if (pc.sharedNeighbours[v]! >= REASON_PERCENTILE) items.push({ weight: pc.sharedNeighbours[v]!, text: `in a densely interlinked group: its links' ends share most of their neighbours (${pct(pc.sharedNeighbours[v]!)})` });
  // The explaining components speak only for a device the score flags.
  const flagged = c.device[v]! >= REASON_PERCENTILE;
  if (flagged && pc.degree[v]! >= 0.99) items.push({ weight: pc.degree[v]! - 0.5, text: `degree ${Math.round(Math.expm1(raw.device.degree[v]!))}, far above its network's typical device (${pct(pc.degree[v]!)})` });
  if (flagged && pc.linkReconstruction[v]! >= 0.99) items.push({ weight: pc.linkReconstruction[v]! - 0.5, text: 'has a link the link-reconstruction head finds unlikely' });
  const out = items.sort((p, q) => q.weight - p.weight).slice(0, 3).map((i) => i.text);
  let worst = -1;
  for (const u of neighbours) if (worst < 0 || c.device[u]! > c.device[worst]!) worst = u;
  // Only for a flagged device: a cluster of anomalies explains its members.
  if (out.length < 3 && flagged && worst >= 0 && c.device[worst]! >= REASON_PERCENTILE) out.push(`neighbour device #${worst} is anomalous too`);
  return out;
}

/** Up to 3 reasons for a link: dense cluster, anomalous ends, then the link heads' errors (naming the worst attribute). */
function explainLink(config: AnomalyModelConfig, l: number, c: Combined, ends: { a: Int32Array; b: Int32Array }, residual: Float32Array): string[] {
  const D = config.linkFeatures;
  const pc = c.linkPercentile;
  const out: string[] = [];
  if (pc.sharedNeighbours[l]! >= REASON_PERCENTILE) out.push(`its ends share most of their neighbours, as inside a clique (${pct(pc.sharedNeighbours[l]!)})`);
  if (pc.ends[l]! >= REASON_PERCENTILE) out.push(`both ends are anomalous devices (#${ends.a[l]}, #${ends.b[l]})`);
  const flagged = c.link[l]! >= REASON_PERCENTILE;
  if (flagged && pc.existence[l]! >= 0.99) out.push('the link-reconstruction head finds it unlikely between its ends');
  if (flagged && pc.attributes[l]! >= 0.99 && D > 0) {
    let top = 0;
    const z = (k: number) => Math.abs(residual[l * D + k]! / config.residualScale.link[k]!);
    for (let k = 1; k < D; k++) if (z(k) > z(top)) top = k;
    out.push(`attribute '${config.featureNames.link[top] ?? `#${top}`}' differs from what its ends imply`);
  }
  return out.slice(0, 3);
}

/** One forward pass over `input`: calibrated scores, embeddings and reasons for every device and link. */
export function scoreAnomalies(model: AnomalyModel, input: AnomalyInput): AnomalyScores {
  const config = model.config;
  if (config.deviceQuantiles.length < 2) throw bad('the model is not calibrated (train it, or restore a trained config)');
  const p = prepare(input, model);
  try {
    const f = forward(model, p);
    const raw = rawEvidence(config, p, f);
    const c = combine(config, p, raw);
    return {
      device: Float32Array.from(c.device),
      link: Float32Array.from(c.link),
      deviceEmbedding: f.embedding,
      linkEmbedding: f.linkHidden,
      embeddingDim: config.hiddenChannels,
      deviceReasons: Array.from(c.device, (_, v) => explainDevice(config, v, c, raw, p.neighbours[v]!)),
      linkReasons: Array.from(c.link, (_, l) => explainLink(config, l, c, p.ends, f.linkResidual)),
    };
  } finally {
    p.dispose();
  }
}

/** Every evidence component per device and per link as a training-graph percentile (the served score combines some): for diagnostics and benchmarks. */
export function scoreAnomalyEvidence(model: AnomalyModel, input: AnomalyInput): { device: Record<DeviceEvidence, Float64Array>; link: Record<LinkEvidence, Float64Array>; attributeZ: Float64Array } {
  const p = prepare(input, model);
  try {
    const raw = rawEvidence(model.config, p, forward(model, p));
    const c = combine(model.config, p, raw);
    return { device: c.devicePercentile, link: c.linkPercentile, attributeZ: raw.attributeZ };
  } finally {
    p.dispose();
  }
}
