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

/** Robust location and scale of one evidence component on the training graph: z = (value − median) / scale. */
export interface EvidenceScale {
  median: number;
  scale: number;
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
  /** Location and scale of each evidence component on the training graph. */
  evidence: { device: Record<DeviceEvidence, EvidenceScale>; link: Record<LinkEvidence, EvidenceScale> };
  /** Quantiles (0 %, 1 %, …, 100 %) of the combined raw scores on the training graph: the served score is their CDF. */
  quantiles: { device: number[]; link: number[] };
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
  /** Column names for the reasons; default NODE_FEATURES / EDGE_FEATURES when the widths match. */
  featureNames?: { node: readonly string[]; link: readonly string[] };
  /** Called after every epoch with the total loss. */
  onEpoch?: (e: { epoch: number; loss: number }) => void;
}

/** Scores and embeddings of one graph; every array is in the input's node or link order. */
export interface AnomalyScores {
  /** One score per device in [0, 1], higher = more anomalous (CDF of the training graph's scores). */
  device: Float32Array;
  /** One per link (same order as linkEnds). */
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

export const DEVICE_EVIDENCE = ['attributes', 'degree', 'linkReconstruction', 'sharedNeighbours'] as const;
export const LINK_EVIDENCE = ['existence', 'attributes', 'sharedNeighbours', 'ends'] as const;
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

function prepare(input: AnomalyInput, config: AnomalyModelConfig): Prepared {
  const { x, e, link } = readInput(input);
  if (x.width !== config.nodeFeatures) throw bad(`x has ${x.width} columns, the model reads ${config.nodeFeatures}`);
  if (e.width !== config.edgeFeatures) throw bad(`edgeAttr has ${e.width} columns, the model reads ${config.edgeFeatures}`);
  if (input.linkEnds.a.length > 0 && link.width !== config.linkFeatures) throw bad(`linkAttr has ${link.width} columns, the model reads ${config.linkFeatures}`);
  const graph = buildGraphTensors({
    ...input.arrays,
    x: standardise(x.data, x.width, config.inputMoments.node), numNodeFeatures: x.width,
    edgeAttr: standardise(e.data, e.width, config.inputMoments.edge), numEdgeFeatures: e.width,
  });
  return {
    graph,
    link: standardise(link.data, link.width, config.inputMoments.link),
    ends: input.linkEnds,
    neighbours: neighbourSets(input.arrays.numNodes, input.linkEnds),
    numLinks: input.linkEnds.a.length,
    dispose: () => graph.dispose(),
  };
}

/** A config for `input` before training: shapes, seed, input moments; calibration is filled in by training. */
function initialConfig(input: AnomalyInput, options: AnomalyTrainingOptions): AnomalyModelConfig {
  const { x, e, link } = readInput(input);
  const names = options.featureNames ?? {
    node: x.width === NODE_FEATURES.length ? NODE_FEATURES : [],
    link: link.width === EDGE_FEATURES.length ? EDGE_FEATURES : [],
  };
  const unit = Object.fromEntries(DEVICE_EVIDENCE.map((k) => [k, { median: 0, scale: 1 }])) as Record<DeviceEvidence, EvidenceScale>;
  const unitLink = Object.fromEntries(LINK_EVIDENCE.map((k) => [k, { median: 0, scale: 1 }])) as Record<LinkEvidence, EvidenceScale>;
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
    evidence: { device: unit, link: unitLink },
    quantiles: { device: [], link: [] },
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
    const xHat = net.reconstructAttributes(p.graph);
    const nodeResidual = tf.sub(p.graph.x, xHat);
    const { logits, hidden } = net.linkLogits(h, p.ends);
    const linkWidth = model.config.linkFeatures;
    const linkResidual = p.numLinks === 0 || linkWidth === 0
      ? tf.zeros([p.numLinks, linkWidth])
      : tf.sub(tf.tensor2d(p.link, [p.numLinks, linkWidth]), tf.slice(net.reconstructLinkAttributes(h, p.ends), [0, 0], [-1, linkWidth]));
    const read = (t: tf.Tensor) => t.dataSync().slice() as Float32Array;
    return { embedding: read(h), nodeResidual: read(nodeResidual), logits: read(logits), linkHidden: read(hidden), linkResidual: read(linkResidual) };
  });
}

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
  const linkReconstruction = new Float64Array(n);
  const sharedNeighbours = new Float64Array(n);
  for (let l = 0; l < L; l++) {
    for (const v of [p.ends.a[l]!, p.ends.b[l]!]) {
      linkReconstruction[v] = Math.max(linkReconstruction[v]!, existence[l]!);
      sharedNeighbours[v] = Math.max(sharedNeighbours[v]!, sharedShare[l]! * Math.log1p(shared[l]!));
    }
  }
  return {
    device: { attributes, degree: degree.map(Math.log1p), linkReconstruction, sharedNeighbours },
    link: { existence, attributes: linkAttributes, sharedNeighbours: Float64Array.from(sharedShare, (s, l) => s * Math.log1p(shared[l]!)) },
    attributeZ,
  };
}

function median(values: ArrayLike<number>): number {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return 0;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median and 1.4826·MAD (floored by a share of the spread, so a mostly-constant component does not explode). */
function robustScale(values: ArrayLike<number>): EvidenceScale {
  const med = median(values);
  const mad = 1.4826 * median(Float64Array.from(values, (v) => Math.abs(v - med)));
  let spread = 0;
  for (let i = 0; i < values.length; i++) spread = Math.max(spread, Math.abs(values[i]! - med));
  return { median: med, scale: Math.max(mad, 0.05 * spread, 1e-6) };
}

const zOf = (v: number, s: EvidenceScale) => (v - s.median) / s.scale;

/** Combined raw scores: per element, the largest robust z over its components (each component alone can flag). */
function combine(config: AnomalyModelConfig, p: Prepared, raw: RawEvidence): { device: Float64Array; link: Float64Array; deviceZ: Record<DeviceEvidence, Float64Array>; linkZ: Record<LinkEvidence, Float64Array> } {
  const n = p.graph.numNodes;
  const deviceZ = Object.fromEntries(DEVICE_EVIDENCE.map((k) => [k, raw.device[k].map((v) => zOf(v, config.evidence.device[k]))])) as Record<DeviceEvidence, Float64Array>;
  const device = new Float64Array(n).fill(-Infinity);
  for (const k of DEVICE_EVIDENCE) for (let v = 0; v < n; v++) device[v] = Math.max(device[v]!, deviceZ[k][v]!);
  if (n > 0) for (let v = 0; v < n; v++) if (!Number.isFinite(device[v]!)) device[v] = 0;
  const ends = Float64Array.from(p.ends.a, (a, l) => Math.min(device[a]!, device[p.ends.b[l]!]!));
  const rawLink = { ...raw.link, ends };
  const linkZ = Object.fromEntries(LINK_EVIDENCE.map((k) => [k, rawLink[k].map((v) => zOf(v, config.evidence.link[k]))])) as Record<LinkEvidence, Float64Array>;
  const link = new Float64Array(p.numLinks).fill(-Infinity);
  for (const k of LINK_EVIDENCE) for (let l = 0; l < p.numLinks; l++) link[l] = Math.max(link[l]!, linkZ[k][l]!);
  return { device, link, deviceZ, linkZ };
}

/** 101 quantiles (0 %, 1 %, …, 100 %). */
function quantiles(values: ArrayLike<number>): number[] {
  const s = Float64Array.from(values).sort();
  if (s.length === 0) return [];
  return Array.from({ length: 101 }, (_, q) => {
    const pos = (q / 100) * (s.length - 1);
    const lo = Math.floor(pos);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
  });
}

/** The training graph's CDF at `v`, interpolated between quantiles; 0 or 1 outside their range. */
function calibrate(v: number, q: number[]): number {
  if (q.length === 0) return 0.5;
  if (v <= q[0]!) return 0;
  if (v >= q[q.length - 1]!) return 1;
  let lo = 0, hi = q.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (q[mid]! <= v) lo = mid; else hi = mid;
  }
  const width = q[hi]! - q[lo]!;
  return (lo + (width > 0 ? (v - q[lo]!) / width : 0)) / (q.length - 1);
}

/**
 * Trains the network on `input` alone (unsupervised, as DOMINANT is): loss = attribute MSE + link BCE against as
 * many sampled non-links + link-attribute MSE, full graph, one Adam step per epoch. Then measures the
 * calibration (residual scales, evidence scales, score quantiles) on the same graph and stores it in the config.
 */
export function trainAnomalyModel(input: AnomalyInput, options: AnomalyTrainingOptions = {}): { model: AnomalyModel; history: { epoch: number; loss: number }[] } {
  const config = initialConfig(input, options);
  const model = createAnomalyModel(config);
  const p = prepare(input, config);
  const rng = createRng(config.seed + 7);
  const optimizer = tf.train.adam(options.learningRate ?? 0.01);
  const history: { epoch: number; loss: number }[] = [];
  const net = model.network;
  const linkTarget = p.numLinks === 0 || config.linkFeatures === 0 ? undefined : tf.tensor2d(p.link, [p.numLinks, config.linkFeatures]);
  try {
    for (let epoch = 1; epoch <= (options.epochs ?? 150); epoch++) {
      const negatives = sampleNonLinks(p.graph, p.numLinks, rng);
      const cost = optimizer.minimize(() => tf.tidy(() => {
        let loss = tf.losses.meanSquaredError(p.graph.x, net.reconstructAttributes(p.graph)) as tf.Scalar;
        if (p.numLinks > 0) {
          const h = net.encode(p.graph);
          const logits = tf.concat([net.linkLogits(h, p.ends).logits, net.linkLogits(h, negatives).logits]);
          const labels = tf.concat([tf.ones([p.numLinks]), tf.zeros([negatives.a.length])]);
          loss = tf.add(loss, tf.losses.sigmoidCrossEntropy(labels, logits));
          if (linkTarget !== undefined) {
            const eHat = tf.slice(net.reconstructLinkAttributes(h, p.ends), [0, 0], [-1, config.linkFeatures]);
            loss = tf.add(loss, tf.losses.meanSquaredError(linkTarget, eHat));
          }
        }
        return loss;
      }), true, model.trainableWeights)!;
      const loss = cost.dataSync()[0]!;
      cost.dispose();
      history.push({ epoch, loss });
      options.onEpoch?.({ epoch, loss });
    }
    calibrateOn(model, p);
    return { model, history };
  } finally {
    optimizer.dispose();
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
  for (const k of DEVICE_EVIDENCE) config.evidence.device[k] = robustScale(raw.device[k]);
  for (const k of ['existence', 'attributes', 'sharedNeighbours'] as const) config.evidence.link[k] = robustScale(raw.link[k]);
  // The link's 'ends' component reads the devices' combined scores: scale it after those are known.
  config.evidence.link.ends = { median: 0, scale: 1 };
  const first = combine(config, p, raw);
  const ends = Float64Array.from(p.ends.a, (a, l) => Math.min(first.device[a]!, first.device[p.ends.b[l]!]!));
  config.evidence.link.ends = robustScale(ends);
  const combined = combine(config, p, raw);
  config.quantiles = { device: quantiles(combined.device), link: quantiles(combined.link) };
}

const DEVICE_WORDS: Record<Exclude<DeviceEvidence, 'attributes'>, string> = {
  degree: 'degree far above the network\'s typical device',
  linkReconstruction: 'has a link the model finds unlikely between its ends',
  sharedNeighbours: 'part of a densely interlinked group (links whose ends share most neighbours)',
};
const LINK_WORDS: Record<LinkEvidence, string> = {
  existence: 'unlikely between its two ends (link reconstruction)',
  attributes: 'its attributes differ from what its ends imply',
  sharedNeighbours: 'its ends share most of their neighbours (dense cluster)',
  ends: 'both ends are anomalous devices',
};

/** Up to 3 reasons: components whose robust z exceeds 2, strongest first; attribute evidence names its columns. */
function explainDevice(config: AnomalyModelConfig, v: number, z: Record<DeviceEvidence, Float64Array>, attributeZ: Float64Array, neighbours: Int32Array, deviceScore: Float64Array): string[] {
  const F = config.nodeFeatures;
  const items: { z: number; text: string }[] = [];
  for (let k = 0; k < F; k++) {
    const r = attributeZ[v * F + k]!;
    if (Math.abs(r) > 3) {
      const name = config.featureNames.node[k] ?? `#${k}`;
      items.push({ z: Math.min(z.attributes[v]!, Math.abs(r)), text: `attribute '${name}' far ${r > 0 ? 'above' : 'below'} what its neighbours imply` });
    }
  }
  for (const k of ['degree', 'linkReconstruction', 'sharedNeighbours'] as const) {
    if (z[k][v]! > 2) items.push({ z: z[k][v]!, text: DEVICE_WORDS[k] });
  }
  let worst = -1;
  for (const u of neighbours) if (worst < 0 || deviceScore[u]! > deviceScore[worst]!) worst = u;
  const out = items.sort((p, q) => q.z - p.z).slice(0, 3).map((i) => i.text);
  // Only for a device that is itself flagged: a cluster of anomalies explains its members.
  if (out.length < 3 && deviceScore[v]! > 2 && worst >= 0 && deviceScore[worst]! > 2) out.push(`neighbour device #${worst} is anomalous too`);
  return out;
}

function explainLink(config: AnomalyModelConfig, l: number, z: Record<LinkEvidence, Float64Array>, residual: Float32Array): string[] {
  const D = config.linkFeatures;
  const items: { z: number; text: string }[] = [];
  for (const k of LINK_EVIDENCE) {
    if (z[k][l]! <= 2) continue;
    if (k === 'attributes' && D > 0) {
      let top = 0;
      for (let c = 1; c < D; c++) if (Math.abs(residual[l * D + c]! / config.residualScale.link[c]!) > Math.abs(residual[l * D + top]! / config.residualScale.link[top]!)) top = c;
      items.push({ z: z[k][l]!, text: `attribute '${config.featureNames.link[top] ?? `#${top}`}' differs from what its ends imply` });
    } else items.push({ z: z[k][l]!, text: LINK_WORDS[k] });
  }
  return items.sort((p, q) => q.z - p.z).slice(0, 3).map((i) => i.text);
}

/** One forward pass over `input`: calibrated scores, embeddings and reasons for every device and link. */
export function scoreAnomalies(model: AnomalyModel, input: AnomalyInput): AnomalyScores {
  const config = model.config;
  if (config.quantiles.device.length === 0) throw bad('the model is not calibrated (train it, or restore a trained config)');
  const p = prepare(input, config);
  try {
    const f = forward(model, p);
    const raw = rawEvidence(config, p, f);
    const { device, link, deviceZ, linkZ } = combine(config, p, raw);
    return {
      device: Float32Array.from(device, (v) => calibrate(v, config.quantiles.device)),
      link: Float32Array.from(link, (v) => calibrate(v, config.quantiles.link)),
      deviceEmbedding: f.embedding,
      linkEmbedding: f.linkHidden,
      embeddingDim: config.hiddenChannels,
      deviceReasons: Array.from(device, (_, v) => explainDevice(config, v, deviceZ, raw.attributeZ, p.neighbours[v]!, device)),
      linkReasons: Array.from(link, (_, l) => explainLink(config, l, linkZ, f.linkResidual)),
    };
  } finally {
    p.dispose();
  }
}

/** The robust z of every evidence component per device and per link (what the served score takes the maximum of): for diagnostics and benchmarks. */
export function scoreAnomalyEvidence(model: AnomalyModel, input: AnomalyInput): { device: Record<DeviceEvidence, Float64Array>; link: Record<LinkEvidence, Float64Array>; attributeZ: Float64Array } {
  const p = prepare(input, model.config);
  try {
    const raw = rawEvidence(model.config, p, forward(model, p));
    const { deviceZ, linkZ } = combine(model.config, p, raw);
    return { device: deviceZ, link: linkZ, attributeZ: raw.attributeZ };
  } finally {
    p.dispose();
  }
}
