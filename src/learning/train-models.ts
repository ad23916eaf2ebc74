// `topolens train` as a use case: corpus from the stored topology → impact + anomaly models → files, (:Model), scores.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../../gnn/backend.js';
import * as tf from '@tensorflow/tfjs';
import { assignWeights, saveModelFiles } from '../../gnn/model-files.js';
import type { ImpactModel } from '../../gnn/models/impact-head.js';
import { spearman } from '../../gnn/rank-metrics.js';
import { trainAnomalyModel } from '../../gnn/train-anomaly.js';
import { predictImpact, trainImpactModel } from '../../gnn/train-impact.js';
import { parseGraphml } from '../../import/topology/graphml.js';
import { TopolensError } from '../errors.js';
import { generateIspTopology } from '../graph/generate-isp-topology.js';
import { composeImpact, EDGE_FEATURES, NODE_FEATURES, SNAPSHOT_FEATURE_SCHEMA } from '../graph/snapshot-features.js';
import { labelSnapshot, labelTopology, perturbTopology, snapshotTopology, type LabelledTopology } from './impact-corpus.js';
import { summariseFeatures } from './feature-drift.js';
import { loadModels, scoreTopology, type LearningDeps, type ScoreSummary } from './score-topology.js';

/** Options of trainModels; defaults keep a GEANT-sized network to about a minute on 2 cores. */
export interface TrainModelsOptions {
  /** Folder under which `<version>/model.json` and `weights.bin` are written. */
  modelsDir: string;
  /** Seeds features, corpus, weights and sampling: the same seed and data give the same model. Default 7. */
  seed?: number;
  /** Most impact-model epochs (early stopping may end sooner); default 60. */
  epochs?: number;
  /** Anomaly-model epochs; default the model's own (150: fewer lowers its BOND AUC, e.g. Kdl 0.981 → 0.972 at 50). */
  anomalyEpochs?: number;
  /** Epochs without a 1 % better validation loss before the impact model stops (best epoch kept); default 10. */
  patience?: number;
  /** Seeded perturbed copies of the stored topology (links removed, costs jittered); default 6. */
  perturbedCopies?: number;
  /** Sizes of generated ISP topologies added to the corpus; default [50, 80, 120]. */
  generatedSizes?: number[];
  /** A folder of extra GraphML topologies (e.g. the Topology Zoo) to train on. */
  corpusDir?: string;
  onProgress?: (event: TrainProgress) => void;
}

export type TrainProgress =
  | { phase: 'label'; done: number; total: number; graph: string }
  | { phase: 'impact'; epoch: number; epochs: number; loss: number; validationLoss?: number; validationSpearman?: number }
  | { phase: 'anomaly'; epoch: number; epochs: number; loss: number }
  | { phase: 'validate' | 'save' | 'score' };

export interface TrainSummary {
  version: string;
  path: string;
  backend: string;
  seed: number;
  metrics: TrainMetrics;
  scoring: ScoreSummary;
}

export interface TrainMetrics {
  corpus: { training: number; validation: number; devices: number; links: number };
  impact: { epochs: number; bestEpoch: number; maxEpochs: number; stoppedEarly: boolean; earlyStoppingOn: 'validationMedianLoss' | 'trainingLoss'; validationMedianLoss: number; trainingLoss: number; validationLoss: number; validationSpearmanDevices: number; validationSpearmanLinks: number };
  anomaly: { epochs: number; finalLoss: number };
  seconds: { labels: number; impact: number; anomaly: number; total: number };
}

/**
 * Passed to the trainer and stored as the model's config alike, so the files rebuild the same model. 'scale'
 * multiplies the stretch-estimate prior per element: on GEANT's held-out graphs validation Spearman went from
 * 0.90 / 0.48 (devices / links, 'add') to 1.00 / 0.96.
 */
const IMPACT_SHAPE = { hiddenChannels: 32, numLayers: 3, layer: 'gine' as const, priorMode: 'scale' as const };
const MIN_DEVICES = 3;
/** The anomaly model's own default (gnn/train-anomaly.ts), at which its BOND figures were measured. */
const DEFAULT_ANOMALY_EPOCHS = 150;

/** Early stopping waits this long: the first epochs of the impact model swing widely. */
const MIN_EPOCHS = 15;

function readCorpusDir(dir: string): { name: string; topology: ReturnType<typeof parseGraphml> }[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.graphml')).sort();
  } catch (err) {
    throw new TopolensError('TOPO_BAD_INPUT', `--corpus ${dir}: not a readable folder of .graphml files`, { cause: err });
  }
  if (files.length === 0) throw new TopolensError('TOPO_BAD_INPUT', `--corpus ${dir}: expected .graphml files, found none`);
  return files.map((f) => {
    const file = path.join(dir, f);
    return { name: f.slice(0, -'.graphml'.length), topology: parseGraphml(readFileSync(file, 'utf8'), { file, observedAt: new Date(0).toISOString() }) };
  });
}

/** Mean of the finite values (a constant graph gives a NaN Spearman). */
const finiteMean = (xs: number[]) => {
  const ok = xs.filter(Number.isFinite);
  return ok.length === 0 ? Number.NaN : ok.reduce((s, x) => s + x, 0) / ok.length;
};

function validate(model: Parameters<typeof predictImpact>[0], graphs: readonly LabelledTopology[]): { loss: number; medianLoss: number; devices: number; links: number } {
  const losses: number[] = [];
  const devices: number[] = [];
  const links: number[] = [];
  const mse = (p: Float32Array, t: Float32Array) => (t.length === 0 ? 0 : p.reduce((s, v, i) => s + (v - t[i]!) ** 2, 0) / t.length);
  for (const g of graphs) {
    const pred = predictImpact(model, g.sample);
    losses.push(mse(pred.device, g.sample.deviceTarget) + mse(pred.link, g.sample.linkTarget));
    const impact = composeImpact(g.features, pred);
    devices.push(spearman(impact.device, g.exact.device));
    links.push(spearman(impact.link, g.exact.link));
  }
  const sorted = losses.filter(Number.isFinite).sort((a, b) => a - b);
  const medianLoss = sorted.length === 0 ? Number.NaN : (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
  return { loss: finiteMean(losses), medianLoss, devices: finiteMean(devices), links: finiteMean(links) };
}

/**
 * The files must rebuild the very model that was trained: a constructor option left out of the stored config
 * would otherwise give a different model silently. Compares both on the stored network.
 */
async function checkReload(dir: string, trained: ImpactModel, graph: LabelledTopology): Promise<void> {
  const reloaded = await loadModels(dir);
  try {
    const want = predictImpact(trained, graph.sample);
    const got = predictImpact(reloaded.impact, graph.sample);
    let worst = 0;
    want.device.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - got.device[i]!)); });
    want.link.forEach((v, i) => { worst = Math.max(worst, Math.abs(v - got.link[i]!)); });
    if (!(worst <= 1e-5)) throw new TopolensError('TOPO_INTERNAL', `${dir}: the saved impact model does not reproduce the trained one (max difference ${worst}); its stored config is incomplete`);
  } finally {
    reloaded.impact.dispose();
    reloaded.anomaly.dispose();
  }
}

/** A sortable, unique-enough version: UTC time to the millisecond and the seed. */
function newVersion(seed: number): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').replace('.', '')}-s${seed}`;
}

export async function trainModels(deps: LearningDeps, options: TrainModelsOptions): Promise<TrainSummary> {
  const started = performance.now();
  const seed = options.seed ?? 7;
  const maxEpochs = options.epochs ?? 60;
  const patience = options.patience ?? 10;
  const progress = options.onProgress ?? (() => {});
  const backend = await initBackend();
  const { snapshot, version: topologyVersion } = await deps.snapshots.currentWithVersion();
  if (snapshot.devices.length < MIN_DEVICES || snapshot.links.length === 0) {
    throw new TopolensError('TOPO_BAD_INPUT', `nothing to train on: the store holds ${snapshot.devices.length} devices and ${snapshot.links.length} links (import a topology first)`);
  }
  // Corpus: the stored network and seeded perturbed copies, generated ISP networks, optional GraphML files.
  const stored = snapshotTopology(snapshot);
  const copies = options.perturbedCopies ?? 6;
  const tasks: { name: string; role: 'train' | 'validation'; make: () => LabelledTopology }[] = [
    { name: 'stored', role: 'train', make: () => labelSnapshot('stored', snapshot, seed) },
  ];
  for (let i = 0; i < copies; i++) {
    // Every third copy is held out for validation (the first copies train, so small corpora still train).
    const role = copies > 1 && i % 3 === 2 ? 'validation' : 'train';
    tasks.push({ name: `stored-perturbed-${i}`, role, make: () => labelTopology(`stored-perturbed-${i}`, perturbTopology(stored, seed * 1000 + i, 0.05 + 0.02 * (i % 3)), seed) });
  }
  (options.generatedSizes ?? [50, 80, 120]).forEach((n, i, all) => {
    // The middle size is held out: validation then asks for interpolation in size, not extrapolation.
    const role = all.length > 2 && i === Math.floor(all.length / 2) ? 'validation' : 'train';
    tasks.push({ name: `isp-${n}`, role, make: () => labelTopology(`isp-${n}`, generateIspTopology({ nodes: n, seed: seed * 100 + i }), seed) });
  });
  if (options.corpusDir) {
    readCorpusDir(options.corpusDir).forEach((c, i) => tasks.push({ name: c.name, role: i % 4 === 3 ? 'validation' : 'train', make: () => labelTopology(c.name, c.topology, seed) }));
  }
  const labelled: { role: 'train' | 'validation'; graph: LabelledTopology }[] = [];
  for (const t of tasks) {
    labelled.push({ role: t.role, graph: t.make() });
    progress({ phase: 'label', done: labelled.length, total: tasks.length, graph: t.name });
  }
  const train = labelled.filter((l) => l.role === 'train').map((l) => l.graph);
  const validation = labelled.filter((l) => l.role === 'validation').map((l) => l.graph);
  const labelsDone = performance.now();

  // Impact model with early stopping on the validation loss: after every epoch the held-out graphs are scored,
  // the best epoch's weights are kept, and training stops after `patience` epochs without a 1 % better loss,
  // never before MIN_EPOCHS (the first epochs swing widely). The median over held-out graphs is watched, so one
  // graph the model extrapolates badly to cannot decide alone. (A trainer that does not hand out its model per
  // epoch falls back to the training loss.)
  const watched = validation.length > 0 ? validation : train;
  let best = Infinity;
  let bestEpoch = 0;
  let sinceBest = 0;
  let epochsRun = 0;
  let bestWeights: tf.Tensor[] | null = null;
  const impact = trainImpactModel(train.map((g) => g.sample), {
    ...IMPACT_SHAPE, epochs: maxEpochs, seed,
    onEpoch: (p) => {
      const { epoch, loss } = p;
      const model = (p as { model?: ImpactModel }).model;
      epochsRun = epoch;
      const v = model ? validate(model, watched) : null;
      const monitored = v ? v.medianLoss : loss;
      progress({ phase: 'impact', epoch, epochs: maxEpochs, loss, ...(v ? { validationLoss: v.medianLoss, validationSpearman: finiteMean([v.devices, v.links]) } : {}) });
      if (monitored < best * 0.99) {
        best = monitored;
        bestEpoch = epoch;
        sinceBest = 0;
        if (model) { tf.dispose(bestWeights ?? []); bestWeights = model.trainableWeights.map((w) => tf.clone(w)); }
      } else sinceBest++;
      return epoch >= MIN_EPOCHS && sinceBest >= patience;
    },
  });
  if (bestWeights !== null) assignWeights(impact.model.trainableWeights, bestWeights, 'impact model (best epoch)');
  const impactDone = performance.now();
  progress({ phase: 'validate' });
  const val = validate(impact.model, watched);

  // Anomaly model: what is unusual within this network, so it trains on the stored topology alone.
  const storedGraph = labelled[0]!.graph;
  const anomalyEpochs = options.anomalyEpochs ?? DEFAULT_ANOMALY_EPOCHS;
  const anomaly = trainAnomalyModel(storedGraph.features, {
    seed, epochs: anomalyEpochs,
    onEpoch: ({ epoch, loss }) => progress({ phase: 'anomaly', epoch, epochs: anomalyEpochs, loss }),
  });
  const anomalyDone = performance.now();

  const version = newVersion(seed);
  const dir = path.join(options.modelsDir, version);
  // Drift is measured against the network the model was trained for (not the pooled corpus, whose generated
  // graphs would make every real network look drifted): a later import that changes it shows up as drift.
  const distribution = summariseFeatures(
    [{ device: storedGraph.features.arrays.x as Float32Array, link: storedGraph.features.linkAttr }],
    { device: NODE_FEATURES, link: EDGE_FEATURES },
  );
  const impactConfig = {
    inChannels: NODE_FEATURES.length, edgeChannels: EDGE_FEATURES.length, linkChannels: EDGE_FEATURES.length, ...IMPACT_SHAPE, seed,
  };
  const metrics: TrainMetrics = {
    corpus: {
      training: train.length, validation: validation.length,
      devices: train.reduce((s, g) => s + g.snapshot.devices.length, 0), links: train.reduce((s, g) => s + g.snapshot.links.length, 0),
    },
    impact: {
      epochs: epochsRun, bestEpoch, maxEpochs, stoppedEarly: epochsRun < maxEpochs,
      earlyStoppingOn: bestWeights === null ? 'trainingLoss' : 'validationMedianLoss', validationMedianLoss: val.medianLoss, trainingLoss: impact.losses.at(-1) ?? Number.NaN,
      validationLoss: val.loss, validationSpearmanDevices: val.devices, validationSpearmanLinks: val.links,
    },
    anomaly: { epochs: anomaly.history.length, finalLoss: anomaly.history.at(-1)?.loss ?? Number.NaN },
    seconds: {
      labels: (labelsDone - started) / 1000, impact: (impactDone - labelsDone) / 1000, anomaly: (anomalyDone - impactDone) / 1000,
      total: (performance.now() - started) / 1000,
    },
  };
  progress({ phase: 'save' });
  try {
    await saveModelFiles(dir, [
      { name: 'impact', config: impactConfig, weights: impact.model.trainableWeights },
      { name: 'anomaly', config: anomaly.model.config, weights: anomaly.model.trainableWeights },
    ], { version, seed, backend: backend.kind, featureSchema: SNAPSHOT_FEATURE_SCHEMA, metrics, trainingDistribution: distribution });
    await checkReload(dir, impact.model, storedGraph);
  } finally {
    impact.model.dispose();
    anomaly.model.dispose();
  }
  // The embedding width is the anomaly model's; the vector index is created for it when scores are written.
  await deps.models.recordModel({
    version, createdAt: new Date().toISOString(), backend: backend.kind, seed, path: dir,
    metrics: metrics as unknown as Record<string, unknown>, featureSchema: SNAPSHOT_FEATURE_SCHEMA as unknown as Record<string, unknown>,
    embeddingDim: 0, topologyVersion,
  }, distribution);
  progress({ phase: 'score' });
  // Scores come from the files just written, so every trained model is known to load.
  const scoring = await scoreTopology(deps, { version, prepared: { snapshot, features: storedGraph.features } });
  metrics.seconds.total = (performance.now() - started) / 1000;
  return { version, path: dir, backend: backend.kind, seed, metrics, scoring };
}
