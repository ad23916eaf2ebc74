// Scores the stored topology with a saved model: impact, anomaly, risk with explanations, embeddings, drift → Neo4j.
import path from 'node:path';
import { initBackend } from '../../gnn/backend.js';
import { assignWeights, loadModelFiles } from '../../gnn/model-files.js';
import { ImpactModel, type ImpactModelOptions } from '../../gnn/models/impact-head.js';
import { createAnomalyModel, scoreAnomalies, type AnomalyModelConfig } from '../../gnn/train-anomaly.js';
import { predictImpact } from '../../gnn/train-impact.js';
import type { SnapshotService } from '../analysis/snapshot-service.js';
import { TopolensError } from '../errors.js';
import { buildImpactPrior, composeImpact, extractSnapshotFeatures, SNAPSHOT_FEATURE_SCHEMA, type SnapshotFeatures } from '../graph/snapshot-features.js';
import type { Snapshot } from '../graph/snapshot.js';
import type { ModelStore, ElementScoreRow } from '../store/model-store.js';
import { measureDrift, type DriftReport, type FeatureDistribution } from './feature-drift.js';
import { bgpChurnSource, bgpNotOnLinks, ospfInstabilitySource, tallyOspfEvents } from './instability-evidence.js';
import { scoreRisk, type Risk } from './risk-score.js';

/** What training and scoring read and write through. */
export interface LearningDeps {
  snapshots: SnapshotService;
  models: ModelStore;
}

export interface ScoreSummary {
  modelVersion: string;
  devices: number;
  links: number;
  embeddingDim: number;
  drift: { status: DriftReport['status']; maxPsi: number; topDevice: DriftReport['device']; topLink: DriftReport['link'] };
  topDevices: { id: string; label: string; score: number; summary: string }[];
  topLinks: { id: string; label: string; score: number; summary: string }[];
  /** What instability evidence the store held: BGP event windows, OSPF adjacency events (and those tied to no current link). */
  instabilityEvidence: { bgpWindows: number; ospfEvents: number; ospfEventsWithoutLink: number };
}

const NO_MODEL = 'no model trained yet: run `topolens train`';

/** Loads both models of a version from its files: rebuilt from their stored configs, weights assigned in order. */
export async function loadModels(dir: string): Promise<{ impact: ImpactModel; anomaly: ReturnType<typeof createAnomalyModel> }> {
  const files = await loadModelFiles(dir);
  const byName = new Map(files.models.map((m) => [m.name, m]));
  const impactFile = byName.get('impact');
  const anomalyFile = byName.get('anomaly');
  if (!impactFile || !anomalyFile) throw new TopolensError('TOPO_BAD_INPUT', `${path.join(dir, 'model.json')}: expected an impact and an anomaly model`);
  const impact = new ImpactModel(impactFile.config as ImpactModelOptions);
  const anomaly = createAnomalyModel(anomalyFile.config as AnomalyModelConfig);
  try {
    assignWeights(impact.trainableWeights, impactFile.weights, `${dir} impact model`);
    assignWeights(anomaly.trainableWeights, anomalyFile.weights, `${dir} anomaly model`);
  } catch (err) {
    impact.dispose();
    anomaly.dispose();
    throw err;
  }
  return { impact, anomaly };
}

function rowsOf(embedding: Float32Array, dim: number, count: number, risks: Risk[], ids: readonly string[]): ElementScoreRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: ids[i]!,
    embedding: Array.from(embedding.subarray(i * dim, (i + 1) * dim)),
    score: risks[i]!.score,
    impact: risks[i]!.impact,
    anomaly: risks[i]!.anomaly,
    instability: risks[i]!.instability,
    explanation: JSON.stringify(risks[i]!.explanation),
  }));
}

/**
 * Scores the stored topology with `version` (default: the newest model) and writes everything back.
 * `prepared` (from training: features extracted with the model's seed) spares extracting them again while the
 * stored topology is still the snapshot they came from.
 */
export async function scoreTopology(
  deps: LearningDeps,
  options: { version?: string; prepared?: { snapshot: Snapshot; features: SnapshotFeatures } } = {},
): Promise<ScoreSummary> {
  const found = await deps.models.findModel(options.version);
  if (!found) throw new TopolensError('TOPO_NOT_FOUND', options.version === undefined ? NO_MODEL : `model ${options.version} not found (list them with GraphQL \`models\`)`);
  const { model } = found;
  if (JSON.stringify(model.featureSchema) !== JSON.stringify(SNAPSHOT_FEATURE_SCHEMA)) {
    throw new TopolensError('TOPO_BAD_INPUT', `model ${model.version} was trained on another feature schema; train a new one with \`topolens train\``);
  }
  await initBackend();
  const { snapshot, version: topologyVersion } = await deps.snapshots.currentWithVersion();
  const features = options.prepared?.snapshot === snapshot ? options.prepared.features : extractSnapshotFeatures(snapshot, { seed: model.seed });
  const models = await loadModels(model.path);
  let impact: { device: Float64Array; link: Float64Array };
  let anomaly: ReturnType<typeof scoreAnomalies>;
  try {
    impact = composeImpact(features, predictImpact(models.impact, { ...features, prior: buildImpactPrior(features) }));
    anomaly = scoreAnomalies(models.anomaly, features);
  } finally {
    models.impact.dispose();
    models.anomaly.dispose();
  }
  const distribution = found.trainingDistribution as FeatureDistribution;
  const drift = measureDrift(distribution, { device: features.arrays.x as Float32Array, link: features.linkAttr });
  const [churn, ospfEvents] = await Promise.all([deps.models.deviceBgpChurn(), deps.models.ospfAdjacencyEvents()]);
  const ospf = tallyOspfEvents(snapshot, ospfEvents);

  const deviceIds = snapshot.devices.map((d) => d.id);
  const deviceLabels = snapshot.devices.map((d) => d.label);
  const neighbours: number[][] = snapshot.devices.map(() => []);
  for (const l of snapshot.links) { neighbours[l.a]!.push(l.b); neighbours[l.b]!.push(l.a); }
  const shared = { deviceIds, deviceLabels, deviceAnomaly: anomaly.device };
  const deviceRisk = scoreRisk({
    ...shared, kind: 'device', ids: deviceIds, labels: deviceLabels, impact: impact.device, lostPairs: features.deviceLostPairs,
    anomaly: anomaly.device, anomalyReasons: anomaly.deviceReasons,
    instability: [bgpChurnSource(deviceIds, churn), ospfInstabilitySource(ospf, 'device')],
    features: features.arrays.x as Float32Array, summaries: distribution.device,
    neighbours: neighbours.map((ns) => [...new Set(ns)]),
  });
  const linkIds = snapshot.links.map((l) => l.id);
  const linkLabels = snapshot.links.map((l) => `${deviceLabels[l.a]} – ${deviceLabels[l.b]}`);
  const linkRisk = scoreRisk({
    ...shared, kind: 'link', ids: linkIds, labels: linkLabels, impact: impact.link, lostPairs: features.linkLostPairs,
    anomaly: anomaly.link, anomalyReasons: anomaly.linkReasons,
    instability: [ospfInstabilitySource(ospf, 'link'), bgpNotOnLinks(linkIds.length)],
    features: features.linkAttr, summaries: distribution.link,
    neighbours: snapshot.links.map((l) => [l.a, l.b]),
  });

  const dim = anomaly.embeddingDim;
  await deps.models.ensureDeviceVectorIndex(dim);
  await deps.models.writeScores(
    model.version,
    rowsOf(anomaly.deviceEmbedding, dim, deviceIds.length, deviceRisk, deviceIds),
    rowsOf(anomaly.linkEmbedding, dim, linkIds.length, linkRisk, linkIds),
  );
  const at = new Date().toISOString();
  await deps.models.recordScoringRun(model.version, {
    id: `${model.version}@${at}`, at, driftStatus: drift.status, maxPsi: drift.maxPsi, drift,
    devices: deviceIds.length, links: linkIds.length, topologyVersion,
  }, dim);
  const top = (risks: Risk[], ids: readonly string[], labels: readonly string[]) =>
    risks.map((r, i) => ({ id: ids[i]!, label: labels[i]!, score: r.score, summary: r.explanation.summary }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).slice(0, 5);
  return {
    modelVersion: model.version, devices: deviceIds.length, links: linkIds.length, embeddingDim: dim,
    drift: { status: drift.status, maxPsi: drift.maxPsi, topDevice: drift.device.slice(0, 3), topLink: drift.link.slice(0, 3) },
    topDevices: top(deviceRisk, deviceIds, deviceLabels),
    topLinks: top(linkRisk, linkIds, linkLabels),
    instabilityEvidence: { bgpWindows: churn.windows, ospfEvents: ospf.events, ospfEventsWithoutLink: ospf.withoutLink },
  };
}
