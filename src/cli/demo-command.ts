// `topolens demo`: local Neo4j (unless NEO4J_URI is set) + the bundled GEANT topology + GraphQL.
import path from 'node:path';
import type { Command } from 'commander';
import { importFile } from '../imports/import-files.js';
import { trainModels } from '../learning/train-models.js';
import { BUNDLED_DATA_DIR, createApp } from '../main.js';
import { action, cliConfig, progressToStderr } from './run-command.js';
import { startApi, stopOnSignal } from './serve-command.js';

export const DEMO_TOPOLOGY = path.join(BUNDLED_DATA_DIR, 'Geant2012.graphml');

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the local Neo4j if none is configured, import the bundled GEANT topology (Topology Zoo) and serve GraphQL')
    .option('--no-serve', 'import and exit without serving')
    .option('--no-train', 'skip training the learned-risk model (about a minute)')
    .action(action(async (opts: { serve: boolean; train: boolean }) => {
      const config = cliConfig();
      const app = await createApp(config, { onProgress: progressToStderr });
      const result = await importFile(app.stores, DEMO_TOPOLOGY);
      const counts = await app.store.counts();
      process.stdout.write(`imported ${path.basename(DEMO_TOPOLOGY)}: ${result.counts.devices} devices, ${result.counts.links} links (store now holds ${counts.devices} devices, ${counts.links} links)\n`);
      if (opts.train) {
        progressToStderr('training the learned-risk model (skip with --no-train)…');
        const trained = await trainModels(app, { modelsDir: config.modelsDir, epochs: 30 });
        process.stdout.write(`model ${trained.version}: top device risks\n`);
        for (const d of trained.scoring.topDevices) process.stdout.write(`  ${d.score.toFixed(3)}  ${d.summary}\n`);
      }
      if (!opts.serve) {
        await app.close();
        return;
      }
      const handle = await startApi(app, config);
      process.stdout.write(`
GraphQL API at ${handle.url} (Neo4j ${app.neo4jUri}). Try:

  curl -s ${handle.url} -H 'content-type: application/json' \\
    -d '{"query":"{ devices(first: 5) { totalCount edges { node { id hostname country } } pageInfo { endCursor hasNextPage } } }"}'

  curl -s ${handle.url} -H 'content-type: application/json' \\
    -d '{"query":"{ path(from: \\"PT\\", to: \\"FI\\") { cost hopCount devices { hostname } } }"}'

  curl -s ${handle.url} -H 'content-type: application/json' \\
    -d '{"query":"{ topRisks(kind: DEVICE, first: 5) { label risk { score explanation { summary } } } }"}'

Ctrl-C stops the API; \`npx topolens neo4j stop\` stops Neo4j.
`);
      await stopOnSignal(handle, app);
    }));
}
