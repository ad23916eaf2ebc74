// `topolens neo4j start|stop|status`: the local Neo4j 5.26 server for demos and tests.
import type { Command } from 'commander';
import { TopolensError } from '../errors.js';
import { localNeo4j } from '../main.js';
import { action, cliConfig, progressToStderr } from './run-command.js';

function local(instance: string, quiet = true) {
  const config = cliConfig();
  if (config.neo4jUri) {
    throw new TopolensError('TOPO_CONFIG', `NEO4J_URI is set (${config.neo4jUri}): topolens uses that server and manages no local one; unset NEO4J_URI to use the local Neo4j`);
  }
  return localNeo4j(config, instance, quiet ? undefined : progressToStderr);
}

export function registerNeo4jCommand(program: Command): void {
  const neo4j = program.command('neo4j').description('manage the local Neo4j 5.26 Community server (jars from Maven Central, data kept on disk)');
  neo4j
    .command('start')
    .description('fetch the jars once, write the config, start Bolt on 127.0.0.1 and wait until it answers')
    .option('--instance <name>', 'instance name: its data lives in $TOPOLENS_HOME/neo4j/<name>', 'default')
    .option('--quiet', 'print nothing on success')
    .action(action(async (opts: { instance: string; quiet?: boolean }) => {
      const server = local(opts.instance, opts.quiet ?? false);
      const jars = await server.ensureJars();
      const { alreadyRunning, seconds } = await server.start();
      if (opts.quiet) return;
      if (jars.fetched) process.stdout.write(`fetched ${jars.jars} jars in ${jars.seconds.toFixed(1)} s\n`);
      const rss = server.residentBytes();
      process.stdout.write(alreadyRunning
        ? `neo4j already running at ${server.uri}\n`
        : `neo4j ready at ${server.uri} in ${seconds.toFixed(1)} s${rss ? ` (RSS ${(rss / 2 ** 20).toFixed(0)} MiB)` : ''}; data in ${server.instanceDir}/data\n`);
    }));
  neo4j
    .command('stop')
    .description('stop the local server gracefully (data stays on disk)')
    .option('--instance <name>', 'instance name', 'default')
    .action(action(async (opts: { instance: string }) => {
      const { wasRunning } = await local(opts.instance).stop();
      process.stdout.write(wasRunning ? 'neo4j stopped\n' : 'neo4j was not running\n');
    }));
  neo4j
    .command('status')
    .description('exit 0 when the local server runs, 3 when it does not')
    .option('--instance <name>', 'instance name', 'default')
    .action(action(async (opts: { instance: string }) => {
      const server = local(opts.instance);
      const s = server.status();
      const rss = server.residentBytes();
      process.stdout.write(s.running ? `running (pid ${s.pid}) at ${s.uri}${rss ? `, RSS ${(rss / 2 ** 20).toFixed(0)} MiB` : ''}\n` : `not running (${s.instanceDir})\n`);
      if (!s.running) process.exitCode = 3;
    }));
}
