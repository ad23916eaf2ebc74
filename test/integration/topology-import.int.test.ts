// GraphML and JSON imports against the real Neo4j: counts, idempotence, and nothing written on bad input.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importFile } from '../../src/imports/import-files.js';
import { ParseError } from '../../src/errors.js';
import { MIGRATIONS_DIR, type App } from '../../src/main.js';
import { loadMigrations } from '../../src/store/migrations.js';
import { clearDatabase, connectTestApp, graphCounts } from '../helpers/test-app.js';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/topology/${p}`, import.meta.url));
const ABILENE = fixture('graphml/Abilene.graphml');
const SHARED_ABILENE = path.resolve(fileURLToPath(new URL('../../../shared/data/topologies/zoo/Abilene.graphml', import.meta.url)));

let app: App;
let tmp: string;

beforeAll(async () => {
  app = await connectTestApp();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'topolens-import-'));
});
afterAll(async () => app?.close());
beforeEach(async () => clearDatabase(app.executor));

describe('GraphML import into Neo4j', () => {
  it('writes Abilene (shared data) as 11 devices and 14 links', async () => {
    await importFile(app.stores, SHARED_ABILENE);
    expect(await app.store.counts()).toEqual({ devices: 11, links: 14, interfaces: 0 });
    const [row] = await app.executor.read('MATCH (:Link)-[c:CONNECTS]->(:Device) RETURN count(c) AS n');
    expect(row?.n).toBe(28);
  });

  it('leaves every count identical when the same file is imported twice', async () => {
    await importFile(app.stores, ABILENE);
    const once = await graphCounts(app.executor);
    await importFile(app.stores, ABILENE);
    expect(await graphCounts(app.executor)).toEqual(once);
    expect(once[':Device']).toBe(11);
    expect(once[':Import']).toBe(1);
  });

  it('writes nothing for truncated XML and names file and line', async () => {
    await importFile(app.stores, fixture('json/asymmetric-square.json'));
    const before = await graphCounts(app.executor);
    const text = readFileSync(ABILENE, 'utf8');
    const cut = path.join(tmp, 'truncated.graphml');
    writeFileSync(cut, text.slice(0, Math.floor(text.length * 0.8)));
    const err = await importFile(app.stores, cut).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).location).toMatchObject({ file: cut });
    expect((err as ParseError).location.line).toBeGreaterThan(1);
    expect(await graphCounts(app.executor)).toEqual(before);
  });

  it('writes nothing for an edge to a missing node and names its line', async () => {
    const lines = readFileSync(ABILENE, 'utf8').split('\n');
    const lastEdge = lines.map((l, i) => (l.includes('<edge ') ? i : -1)).filter((i) => i >= 0).at(-1) as number;
    lines[lastEdge] = (lines[lastEdge] as string).replace(/source="\d+"/, 'source="42"');
    const bad = path.join(tmp, 'dangling-edge.graphml');
    writeFileSync(bad, lines.join('\n'));
    const err = await importFile(app.stores, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).location).toEqual({ file: bad, line: lastEdge + 1 });
    expect(await app.store.counts()).toEqual({ devices: 0, links: 0, interfaces: 0 });
  });
});

describe('JSON topology import into Neo4j', () => {
  it('writes devices, interfaces and links with per-direction costs, idempotently', async () => {
    await importFile(app.stores, fixture('json/asymmetric-square.json'));
    const once = await graphCounts(app.executor);
    await importFile(app.stores, fixture('json/asymmetric-square.json'));
    expect(await graphCounts(app.executor)).toEqual(once);
    expect(await app.store.counts()).toEqual({ devices: 4, links: 4, interfaces: 8 });
    expect(once['[ON_LINK]']).toBe(8);
    const [link] = await app.store.linksByIds(['square/r1|eth1~square/r4|eth1']);
    expect(link).toMatchObject({ aDeviceId: 'square/r4', costAtoB: 40, costBtoA: 5 });
  });

  it('records the schema version of the applied migrations', async () => {
    const rows = await app.executor.read('MATCH (m:SchemaMigration) RETURN m.version AS v ORDER BY v');
    const files = loadMigrations(MIGRATIONS_DIR);
    expect(rows.map((r) => r.v)).toEqual(files.map((m) => m.version));
    expect(app.schemaVersion).toBe(files.at(-1)?.version);
  });
});

describe('cluster-routing URIs', () => {
  it('works unchanged with a neo4j:// URI (client-side routing against the same server)', async () => {
    const { createApp } = await import('../../src/main.js');
    const { testConfig } = await import('../helpers/test-app.js');
    const bolt = testConfig().neo4jUri as string;
    const routed = await createApp(testConfig({ NEO4J_URI: bolt.replace(/^bolt:/, 'neo4j:') }));
    try {
      await importFile(routed.stores, ABILENE);
      expect(await routed.store.counts()).toEqual({ devices: 11, links: 14, interfaces: 0 });
    } finally {
      await routed.close();
    }
  });
});
