// Connects a test to the real Neo4j started by the global setup, with an empty database per test.
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/config.js';
import { createApp, type App } from '../../src/main.js';
import type { Executor } from '../../src/store/executor.js';

export function testConfig(extra: Record<string, string> = {}): Readonly<Config> {
  return loadConfig({ NEO4J_URI: inject('neo4jUri'), LOG_LEVEL: 'warn', ...extra });
}

export async function connectTestApp(): Promise<App> {
  return createApp(testConfig());
}

/** Removes all data but the schema bookkeeping; Community Edition has one user database, so tests share it. */
export async function clearDatabase(executor: Executor): Promise<void> {
  await executor.write('MATCH (n) WHERE NOT n:SchemaMigration DETACH DELETE n');
}

/** Node and relationship counts by label/type: equal maps mean nothing was added or removed. */
export async function graphCounts(executor: Executor): Promise<Record<string, number>> {
  const nodes = await executor.read('MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label');
  const rels = await executor.read('MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type');
  return Object.fromEntries([...nodes.map((r) => [`:${String(r.label)}`, Number(r.n)]), ...rels.map((r) => [`[${String(r.type)}]`, Number(r.n)])]);
}
