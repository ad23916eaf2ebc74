// Learned risk end to end on the real Neo4j: train (CLI and admin-only GraphQL), model files, (:Model), scores,
// embeddings, the vector index, drift, and identical embeddings for the same seed.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi } from '../../src/cli/serve-command.js';
import type { HttpServerHandle } from '../../src/api/http-server.js';
import { importFile } from '../../src/imports/import-files.js';
import { scoreTopology } from '../../src/learning/score-topology.js';
import type { App } from '../../src/main.js';
import { clearDatabase, connectTestApp, testConfig } from '../helpers/test-app.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/topolens.js', import.meta.url));
const GEANT = fileURLToPath(new URL('../../data/Geant2012.graphml', import.meta.url));
const TOKEN = 'test-admin-token-0123456789';
const MODELS_DIR = mkdtempSync(path.join(os.tmpdir(), 'topolens-models-'));

let app: App;
let api: HttpServerHandle;

async function gql(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: any; errors?: any[] }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(api.url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: any[] };
}

const TRAIN = `mutation Train($seed: Int, $epochs: Int) {
  train(seed: $seed, epochs: $epochs) { scoredDevices scoredLinks model { version seed embeddingDim metrics { epochs trainingGraphs validationGraphs validationSpearmanDevices } } }
}`;

async function embeddings(): Promise<Map<string, number[]>> {
  const body = await gql('{ devices(first: 500) { edges { node { id embedding } } } }');
  expect(body.errors).toBeUndefined();
  return new Map(body.data.devices.edges.map((e: any) => [e.node.id, e.node.embedding]));
}

const cosine = (a: number[], b: number[]) => {
  let ab = 0, aa = 0, bb = 0;
  a.forEach((x, i) => { ab += x * b[i]!; aa += x * x; bb += b[i]! ** 2; });
  return ab / Math.sqrt(aa * bb);
};

beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
  await importFile(app.stores, GEANT);
  api = await startApi(app, { ...testConfig({ TOPOLENS_ADMIN_TOKEN: TOKEN, TOPOLENS_MODELS_DIR: MODELS_DIR }), port: 0 });
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('before any training', () => {
  it('says how to get a model, and serves null risk', async () => {
    await expect(scoreTopology(app)).rejects.toMatchObject({ code: 'TOPO_NOT_FOUND', message: expect.stringContaining('topolens train') });
    const body = await gql('{ device(id: "DE") { risk { score } embedding } models { version } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ device: { risk: null, embedding: null }, models: [] });
  });
});

describe('train mutation', () => {
  it('is refused without the admin token or with a wrong one', async () => {
    for (const token of [undefined, 'wrong-token-but-long-enough']) {
      const body = await gql(TRAIN, { seed: 3, epochs: 5 }, token);
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const models = await gql('{ models { version } }');
    expect(models.data.models).toEqual([]);
  });

  it('validates its input', async () => {
    const body = await gql(TRAIN, { seed: 3, epochs: 100000 }, TOKEN);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('trained model', () => {
  let version: string;
  let first: Map<string, number[]>;

  beforeAll(async () => {
    const body = await gql(TRAIN, { seed: 3, epochs: 8 }, TOKEN);
    expect(body.errors).toBeUndefined();
    version = body.data.train.model.version;
    expect(body.data.train).toMatchObject({ scoredDevices: 40, scoredLinks: 61 });
    first = await embeddings();
  }, 300_000);

  it('saves tfjs model files and records a (:Model) with metrics, feature schema and backend', async () => {
    const [row] = await app.executor.read('MATCH (m:Model {version: $version}) RETURN m {.*} AS m', { version });
    const m = row!.m as Record<string, any>;
    expect(['wasm', 'cpu', 'tfjs-node', 'tfjs-node-gpu']).toContain(m.backend);
    expect(JSON.parse(m.featureSchema).node).toContain('betweenness');
    expect(JSON.parse(m.metrics).impact.epochs).toBeLessThanOrEqual(8);
    expect(existsSync(path.join(MODELS_DIR, version, 'model.json'))).toBe(true);
    expect(existsSync(path.join(MODELS_DIR, version, 'weights.bin'))).toBe(true);
    const models = await gql('{ models(first: 5) { version seed embeddingDim deviceFeatures metrics { epochs maxEpochs bestEpoch trainingGraphs validationGraphs } lastScoring { devices links driftStatus maxPsi drift { kind feature psi } } } }');
    expect(models.errors).toBeUndefined();
    const [listed] = models.data.models;
    expect(listed).toMatchObject({ version, seed: 3, metrics: { maxEpochs: 8 }, lastScoring: { devices: 40, links: 61, driftStatus: 'stable' } });
    expect(listed.embeddingDim).toBeGreaterThan(0);
    expect(listed.metrics.bestEpoch).toBeGreaterThanOrEqual(1);
    expect(listed.metrics.bestEpoch).toBeLessThanOrEqual(listed.metrics.epochs);
    // Scored on the very network it was trained for: no drift at all.
    expect(listed.lastScoring.maxPsi).toBe(0);
  });

  it('writes risk and embeddings with the model version onto devices and links', async () => {
    const body = await gql(`{
      device(id: "DE") { id embedding risk { score anomaly impact instability modelVersion explanation { summary components { name value weight contribution } features { feature zScore } neighbours { id anomaly } reasons } } }
      links(first: 3) { edges { node { id embedding risk { score modelVersion explanation { reasons } } } } }
    }`);
    expect(body.errors).toBeUndefined();
    const risk = body.data.device.risk;
    expect(risk.modelVersion).toBe(version);
    expect(risk.score).toBeCloseTo(risk.explanation.components.reduce((s: number, c: any) => s + c.contribution, 0), 3);
    expect(risk.explanation.components.map((c: any) => c.name)).toEqual(['impact', 'anomaly', 'instability']);
    expect(risk.explanation.neighbours.length).toBeGreaterThan(0);
    expect(risk.explanation.reasons).toContain('no instability evidence (instability 0): no BGP event windows in the store; no OSPF adjacency or cost changes recorded (an LSDB import records them against the previous one)');
    expect(body.data.device.embedding).toEqual(first.get(body.data.device.id));
    for (const e of body.data.links.edges) {
      expect(e.node.risk.modelVersion).toBe(version);
      expect(e.node.embedding.length).toBeGreaterThan(0);
    }
  });

  it('ranks topRisks highest first, and explains a cut vertex by the pairs its failure disconnects', async () => {
    const body = await gql('{ d: topRisks(kind: DEVICE, first: 40) { kind id label device { id } risk { score impact explanation { reasons } } } l: topRisks(kind: LINK, first: 5) { id label link { id } risk { score } } }');
    expect(body.errors).toBeUndefined();
    const scores = body.data.d.map((r: any) => r.risk.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(body.data.d).toHaveLength(40);
    expect(body.data.l).toHaveLength(5);
    expect(body.data.l[0].label).toMatch(/ – /);
    const cut = body.data.d.find((r: any) => r.risk.explanation.reasons.some((x: string) => x.includes('disconnects')));
    expect(cut).toBeDefined();
    const tooMany = await gql('{ topRisks(kind: DEVICE, first: 501) { id } }');
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers similarDevices from the vector index as a brute-force cosine search would', async () => {
    const body = await gql('{ device(id: "DE") { id } similarDevices(id: "DE", first: 5) { device { id } similarity } }');
    expect(body.errors).toBeUndefined();
    const self = body.data.device.id as string;
    const got = body.data.similarDevices.map((s: any) => s.device.id);
    const de = first.get(self)!;
    const expected = [...first.entries()].filter(([id]) => id !== self)
      .map(([id, e]) => ({ id, sim: cosine(de, e) })).sort((a, b) => b.sim - a.sim).slice(0, 5).map((x) => x.id);
    expect(got).toHaveLength(5);
    expect(got).not.toContain(self);
    expect(new Set(got)).toEqual(new Set(expected));
    const sims = body.data.similarDevices.map((s: any) => s.similarity);
    expect(sims).toEqual([...sims].sort((a: number, b: number) => b - a));
    const unknown = await gql('{ similarDevices(id: "nowhere") { similarity } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives identical embeddings when trained again with the same seed', async () => {
    const again = await gql(TRAIN, { seed: 3, epochs: 8 }, TOKEN);
    expect(again.errors).toBeUndefined();
    expect(again.data.train.model.version).not.toBe(version);
    expect(await embeddings()).toEqual(first);
  }, 300_000);

  it('`topolens train --json` and `topolens score` from the CLI', async () => {
    const env = { ...process.env, NEO4J_URI: inject('neo4jUri'), LOG_LEVEL: 'warn', TOPOLENS_MODELS_DIR: MODELS_DIR };
    const { stdout } = await run('node', [BIN, 'train', '--json', '--epochs', '3', '--perturbed', '1', '--generated', '30', '--seed', '4'], { env });
    const summary = JSON.parse(stdout);
    expect(summary.scoring).toMatchObject({ devices: 40, links: 61 });
    expect(summary.metrics.impact.epochs).toBeLessThanOrEqual(3);
    const scored = await run('node', [BIN, 'score', '--json'], { env });
    expect(JSON.parse(scored.stdout)).toMatchObject({ modelVersion: summary.version, drift: { status: 'stable' } });
  }, 300_000);

  it('counts BGP churn from a device\'s peer address as instability evidence', async () => {
    const [de] = await app.executor.read('MATCH (d:Device {hostname: "DE"}) RETURN d.id AS id');
    // The shapes the BGP import writes: an address alias of the device, and a window of events from that peer.
    await app.executor.write(`MERGE (:DeviceAlias {key: 'ip:192.0.2.1', deviceId: $id})
      CREATE (:BgpEventWindow {id: 'test-window', peerAddress: '192.0.2.1', prefix: '198.51.100.0/24', windowStart: 0, windowSeconds: 300,
        announcements: 100, withdrawals: 30, pathChanges: 10, flaps: 5})`, { id: de!.id });
    await scoreTopology(app);
    const body = await gql('{ device(id: "DE") { risk { instability explanation { components { name value } reasons } } } other: device(id: "UK") { risk { instability explanation { reasons } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.device.risk.instability).toBe(45);
    expect(body.data.device.risk.explanation.components.find((c: any) => c.name === 'instability').value).toBeCloseTo(1 - Math.exp(-45 / 50), 4);
    expect(body.data.device.risk.explanation.reasons).toContain('45 BGP withdrawals, path changes and flaps tied to it');
    expect(body.data.other.risk.instability).toBe(0);
    expect(body.data.other.risk.explanation.reasons).toContain('no instability evidence (instability 0): no BGP events from a peer address of this device; no OSPF adjacency or cost changes recorded (an LSDB import records them against the previous one)');
  });

  it('reports drift when the scored topology has moved away from the one trained on', async () => {
    await importFile(app.stores, fileURLToPath(new URL('../fixtures/topology/graphml/Abilene.graphml', import.meta.url)));
    const summary = await scoreTopology(app);
    expect(summary.devices).toBe(51);
    expect(summary.drift.maxPsi).toBeGreaterThan(0);
    const models = await gql('{ models(first: 1) { lastScoring { devices maxPsi driftStatus drift { kind feature psi meanShift } } } }');
    expect(models.errors).toBeUndefined();
    const run = models.data.models[0].lastScoring;
    expect(run.devices).toBe(51);
    expect(run.maxPsi).toBeCloseTo(summary.drift.maxPsi, 9);
    expect(Math.max(...run.drift.map((d: any) => d.psi))).toBeCloseTo(run.maxPsi, 9);
  });
});
