// Wiring: the only place (with the CLI) that reads config and builds concrete objects.
import path from 'node:path';
import type { Driver } from 'neo4j-driver';
import { PACKAGE_ROOT, type Config } from './config.js';
import { LocalNeo4j } from './neo4j-local/local-neo4j.js';
import { Executor, createDriver } from './store/executor.js';
import { applyMigrations } from './store/migrations.js';
import { TopologyStore } from './store/topology-store.js';
import { OspfStore } from './store/ospf-store.js';
import { ModelStore } from './store/model-store.js';
import type { ImportStores } from './imports/import-files.js';
import { SnapshotService } from './analysis/snapshot-service.js';
import { logger } from './logger.js';
import { TopolensError } from './errors.js';

export const SCHEMA_DIR = path.join(PACKAGE_ROOT, 'schema');
export const MIGRATIONS_DIR = path.join(SCHEMA_DIR, 'neo4j');
export const NEO4J_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'scripts', 'neo4j');
export const BUNDLED_DATA_DIR = path.join(PACKAGE_ROOT, 'data');

export function localNeo4j(config: Config, instance = 'default', onProgress?: (message: string) => void): LocalNeo4j {
  return new LocalNeo4j({ home: config.home, instance, templatesDir: NEO4J_TEMPLATES_DIR, ...config.localNeo4j, ...(onProgress ? { onProgress } : {}) });
}

export interface App {
  driver: Driver;
  executor: Executor;
  store: TopologyStore;
  /** Everything an import writes through. */
  stores: ImportStores;
  snapshots: SnapshotService;
  /** Trained models, scores and embeddings (learned risk). */
  models: ModelStore;
  neo4jUri: string;
  schemaVersion: number;
  close(): Promise<void>;
}

/**
 * Connects to the configured Neo4j (NEO4J_URI), or starts the local one when none is configured,
 * then brings the schema up to date.
 */
export async function createApp(config: Config, opts: { uri?: string; onProgress?: (message: string) => void } = {}): Promise<App> {
  const log = logger('main');
  let uri = opts.uri ?? config.neo4jUri;
  if (!uri) {
    const local = localNeo4j(config, 'default', opts.onProgress);
    const { alreadyRunning } = await local.start();
    if (!alreadyRunning) log.info({ uri: local.uri }, 'started the local Neo4j (stop it with `topolens neo4j stop`)');
    uri = local.uri;
  }
  const driver = createDriver(uri, config.neo4jUser, config.neo4jPassword);
  try {
    await driver.verifyConnectivity({ database: config.neo4jDatabase });
  } catch (err) {
    await driver.close();
    throw new TopolensError('TOPO_NEO4J', `cannot reach Neo4j at ${uri}: ${(err as Error).message}`, { cause: err });
  }
  const executor = new Executor(driver, config.neo4jDatabase);
  const { version, applied } = await applyMigrations(executor, MIGRATIONS_DIR);
  if (applied.length > 0) log.info({ applied, version }, 'schema migrated');
  const store = new TopologyStore(executor);
  return {
    driver,
    executor,
    store,
    stores: { topology: store, ospf: new OspfStore(executor) },
    snapshots: new SnapshotService(store, config.defaultLinkCost),
    models: new ModelStore(executor),
    neo4jUri: uri,
    schemaVersion: version,
    close: () => driver.close(),
  };
}
