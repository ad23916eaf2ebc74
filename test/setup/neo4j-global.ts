// Starts the real Neo4j the integration tests use (a separate `test` instance on its own port),
// unless TOPOLENS_TEST_NEO4J_URI points at one; stops it afterwards if it started it.
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/config.js';
import { initLogger } from '../../src/logger.js';
import { localNeo4j } from '../../src/main.js';
import { freePort, isPortInUse } from '../../src/neo4j-local/ports.js';

export const TEST_BOLT_PORT = process.env.TOPOLENS_TEST_BOLT_PORT ?? '7697';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const external = process.env.TOPOLENS_TEST_NEO4J_URI;
  if (external) {
    project.provide('neo4jUri', external);
    return undefined;
  }
  initLogger('warn');
  let server = localNeo4j(loadConfig({ ...process.env, NEO4J_URI: undefined, NEO4J_BOLT_PORT: TEST_BOLT_PORT }), 'test');
  // Another checkout's server may hold the usual port: take any free one rather than fail.
  if (!server.status().running && (await isPortInUse(Number(TEST_BOLT_PORT)))) {
    server = localNeo4j(loadConfig({ ...process.env, NEO4J_URI: undefined, NEO4J_BOLT_PORT: String(await freePort()) }), 'test');
  }
  const jars = await server.ensureJars();
  const { alreadyRunning, seconds } = await server.start();
  process.stderr.write(`[neo4j] test instance at ${server.uri}: ${alreadyRunning ? 'already running' : `started in ${seconds.toFixed(1)} s`}${jars.fetched ? ` (jars fetched in ${jars.seconds.toFixed(1)} s)` : ''}\n`);
  project.provide('neo4jUri', server.uri);
  return async () => {
    if (!alreadyRunning) await server.stop();
  };
}
