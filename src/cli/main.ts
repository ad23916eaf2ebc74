// The `topolens` command line: one file per command, registered here.
import { Command } from 'commander';
import { registerDemoCommand } from './demo-command.js';
import { registerImportCommand } from './import-command.js';
import { registerImpactCommand } from './impact-command.js';
import { registerNeo4jCommand } from './neo4j-command.js';
import { registerReportCommand } from './report-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTrainCommand } from './train-command.js';

export function buildProgram(): Command {
  const program = new Command('topolens')
    .description('network topology analysis: LLDP/OSPF/BGP and topologies into Neo4j, served over GraphQL')
    .version('0.1.0');
  registerNeo4jCommand(program);
  registerImportCommand(program);
  registerImpactCommand(program);
  registerReportCommand(program);
  registerServeCommand(program);
  registerTrainCommand(program);
  registerDemoCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
