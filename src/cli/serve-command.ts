// `topolens serve`: the GraphQL API on http://HOST:PORT/graphql until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { buildApolloServer } from '../api/server.js';
import { createContext } from '../api/context.js';
import { listenHttp, type HttpServerHandle } from '../api/http-server.js';
import { logger } from '../logger.js';
import { importContent } from '../imports/import-files.js';
import { createApp, SCHEMA_DIR, type App } from '../main.js';
import type { Config } from '../config.js';
import { action, cliConfig, progressToStderr } from './run-command.js';
import { learningServices } from '../learning/learning-services.js';
import { BgpStore } from '../store/bgp-store.js';

export async function startApi(app: App, config: Config): Promise<HttpServerHandle> {
  const log = logger('api');
  const apollo = buildApolloServer({ schemaDir: SCHEMA_DIR, maxDepth: config.graphqlMaxDepth, maxComplexity: config.graphqlMaxComplexity, logger: log });
  const learning = learningServices(app, config);
  return listenHttp(apollo, async (request) => createContext({
    store: app.store,
    snapshots: app.snapshots,
    importContent: (name, content, opts) => importContent(app.stores, name, content, opts),
    learning,
    bgp: new BgpStore(app.executor),
    adminToken: config.adminToken,
  }, request), {
    host: config.host,
    port: config.port,
    logger: log,
    healthCheck: async () => { await app.executor.read('RETURN 1 AS ok'); },
  });
}

/** Closes the HTTP server and the driver on SIGINT/SIGTERM. */
export function stopOnSignal(handle: HttpServerHandle, app: App): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.stderr.write('\nstopping…\n');
      void handle.close().then(() => app.close()).then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API (PORT, HOST override the address)')
    .action(action(async () => {
      const config = cliConfig();
      const app = await createApp(config, { onProgress: progressToStderr });
      const handle = await startApi(app, config);
      process.stdout.write(`GraphQL API at ${handle.url} (Neo4j ${app.neo4jUri}); Ctrl-C stops it\n`);
      await stopOnSignal(handle, app);
    }));
}
