// Neo4j side of learned risk: (:Model) records, scoring runs with drift, scores and embeddings, the vector index.
import neo4j from 'neo4j-driver';
import type { Device, Link } from '../model/index.js';
import type { Executor } from './executor.js';
import * as Q from './cypher/model-queries.js';

const VECTOR_INDEX = 'device_embedding';
const WRITE_BATCH = 1000;

/** How many OSPF events of one kind an adjacency saw, and the devices at its ends (null where gone). */
export interface OspfAdjacencyEventCount {
  kind: 'adjacency-up' | 'adjacency-down' | 'cost-change';
  adjacencyId: string;
  fromDeviceId: string | null;
  toDeviceId: string | null;
  events: number;
}

/** A trained model as stored: JSON-valued fields are kept as strings in Neo4j and parsed here. */
export interface ModelRecord {
  version: string;
  createdAt: string;
  backend: string;
  seed: number;
  /** Folder holding model.json and weights.bin. */
  path: string;
  metrics: Record<string, unknown>;
  featureSchema: Record<string, unknown>;
  embeddingDim: number;
  topologyVersion: string;
}

export interface ScoringRunRecord {
  id: string;
  at: string;
  driftStatus: string;
  maxPsi: number;
  drift: unknown;
  devices: number;
  links: number;
  topologyVersion: string;
}

/** Per element: its scores, the explanation as JSON, and its embedding. */
export interface ElementScoreRow {
  id: string;
  embedding: number[];
  score: number;
  impact: number;
  anomaly: number;
  instability: number;
  explanation: string;
}

/** A Device or Link read back with its stored score properties. */
export type Scored<T> = T & {
  embedding?: number[] | null;
  riskScore?: number | null;
  riskImpact?: number | null;
  riskAnomaly?: number | null;
  riskInstability?: number | null;
  riskExplanation?: string | null;
  modelVersion?: string | null;
};

function toModel(row: Record<string, unknown>): ModelRecord {
  const m = row as Record<string, unknown> & { metrics: string; featureSchema: string };
  return {
    version: String(m.version),
    createdAt: String(m.createdAt),
    backend: String(m.backend),
    seed: Number(m.seed),
    path: String(m.path),
    metrics: JSON.parse(m.metrics) as Record<string, unknown>,
    featureSchema: JSON.parse(m.featureSchema) as Record<string, unknown>,
    embeddingDim: Number(m.embeddingDim),
    topologyVersion: String(m.topologyVersion),
  };
}

export class ModelStore {
  constructor(private readonly executor: Executor) {}

  async recordModel(model: ModelRecord, trainingDistribution: unknown): Promise<void> {
    await this.executor.write(Q.CREATE_MODEL, {
      version: model.version, createdAt: model.createdAt, backend: model.backend, seed: model.seed, path: model.path,
      metrics: JSON.stringify(model.metrics), featureSchema: JSON.stringify(model.featureSchema),
      distribution: JSON.stringify(trainingDistribution), embeddingDim: model.embeddingDim, topologyVersion: model.topologyVersion,
    });
  }

  /** Newest first, each with its latest scoring run; only `version` when given. */
  async listModels(limit: number, version?: string): Promise<{ model: ModelRecord; lastScoring: ScoringRunRecord | null }[]> {
    const rows = await this.executor.read(Q.LIST_MODELS, { limit: neo4j.int(limit), version: version ?? null });
    return rows.map((r) => {
      const s = r.lastScoring as (Record<string, unknown> & { drift: string }) | null;
      return {
        model: toModel(r.model as Record<string, unknown>),
        lastScoring: s === null ? null : { ...(s as unknown as ScoringRunRecord), drift: JSON.parse(s.drift) as unknown },
      };
    });
  }

  /** A model by version, or the newest when `version` is omitted; null when none is stored. */
  async findModel(version?: string): Promise<{ model: ModelRecord; trainingDistribution: unknown } | null> {
    const [row] = version === undefined ? await this.executor.read(Q.LATEST_MODEL) : await this.executor.read(Q.MODEL_BY_VERSION, { version });
    if (!row) return null;
    return { model: toModel(row.model as Record<string, unknown>), trainingDistribution: JSON.parse(String(row.distribution)) as unknown };
  }

  /** Records a scoring run and the embedding width it wrote (known once the model has run). */
  async recordScoringRun(version: string, run: ScoringRunRecord, embeddingDim: number): Promise<void> {
    await this.executor.write(Q.CREATE_SCORING_RUN, { ...run, version, embeddingDim, drift: JSON.stringify(run.drift) });
  }

  /** Writes scores and embeddings in one transaction, and clears those an older model left elsewhere. */
  async writeScores(version: string, devices: readonly ElementScoreRow[], links: readonly ElementScoreRow[]): Promise<void> {
    await this.executor.inTransaction(async (tx) => {
      await tx.run(Q.CLEAR_STALE_SCORES, { version });
      for (let i = 0; i < devices.length; i += WRITE_BATCH) await tx.run(Q.WRITE_DEVICE_SCORES, { version, rows: devices.slice(i, i + WRITE_BATCH) });
      for (let i = 0; i < links.length; i += WRITE_BATCH) await tx.run(Q.WRITE_LINK_SCORES, { version, rows: links.slice(i, i + WRITE_BATCH) });
    });
  }

  /** The cosine vector index on Device.embedding at `dimensions`; recreated when a model changes the width. */
  async ensureDeviceVectorIndex(dimensions: number): Promise<void> {
    const [existing] = await this.executor.read(Q.VECTOR_INDEX_OPTIONS, { name: VECTOR_INDEX });
    if (existing && Number(existing.dimensions) !== dimensions) await this.executor.write(Q.DROP_INDEX, { name: VECTOR_INDEX });
    // Integers, not JS numbers (which the driver sends as floats): LIMIT and index options insist on them.
    await this.executor.write(Q.CREATE_DEVICE_VECTOR_INDEX, { dimensions: neo4j.int(dimensions) });
    await this.executor.write(Q.AWAIT_INDEXES);
  }

  /** Nearest devices by cosine similarity of their embeddings (the device itself left out). */
  async similarDevices(id: string, first: number): Promise<{ device: Scored<Device>; score: number }[]> {
    const rows = await this.executor.read(Q.SIMILAR_DEVICES, { id, k: neo4j.int(first + 1), first: neo4j.int(first) });
    return rows.map((r) => ({ device: r.device as Scored<Device>, score: Number(r.score) }));
  }

  async topRisks(kind: 'device' | 'link', first: number): Promise<Scored<Device>[] | Scored<Link>[]> {
    const rows = await this.executor.read(kind === 'device' ? Q.TOP_DEVICE_RISKS : Q.TOP_LINK_RISKS, { first: neo4j.int(first) });
    return rows.map((r) => r.element as Scored<Device> & Scored<Link>);
  }

  /** BGP withdrawals + path changes + flaps per device id (devices a BGP peer address ties to), and whether any windows exist. */
  async deviceBgpChurn(): Promise<{ churn: Map<string, number>; windows: number }> {
    const [rows, [count]] = await Promise.all([this.executor.read(Q.DEVICE_BGP_CHURN), this.executor.read(Q.BGP_WINDOW_COUNT)]);
    return { churn: new Map(rows.map((r) => [String(r.deviceId), Number(r.churn)])), windows: Number(count?.windows ?? 0) };
  }

  /** Recorded OSPF adjacency events per adjacency and kind, with the device ids of both ends where still known. */
  async ospfAdjacencyEvents(): Promise<OspfAdjacencyEventCount[]> {
    const rows = await this.executor.read(Q.OSPF_ADJACENCY_EVENTS);
    return rows.map((r) => ({
      kind: r.kind as OspfAdjacencyEventCount['kind'],
      adjacencyId: String(r.adjacencyId),
      fromDeviceId: r.fromDeviceId == null ? null : String(r.fromDeviceId),
      toDeviceId: r.toDeviceId == null ? null : String(r.toDeviceId),
      events: Number(r.events),
    }));
  }
}
