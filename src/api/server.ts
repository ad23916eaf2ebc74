// Builds the Apollo server from the SDL files and resolvers; `listen` is in http-server.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { Logger } from 'pino';
import { complexityLimitPlugin, depthLimit } from './query-limits.js';
import { formatError } from './errors.js';
import type { ApiContext } from './context.js';
import { topologyResolvers } from './resolvers/topology.js';
import { importResolvers } from './resolvers/import.js';
import { analysisResolvers } from './resolvers/analysis.js';
import { learningResolvers } from './resolvers/learning.js';
import { bgpResolvers } from './resolvers/bgp.js';

export interface BuildServerOptions {
  schemaDir: string;
  maxDepth: number;
  maxComplexity: number;
  logger: Logger;
  onStop?: () => Promise<void>;
}

export function loadTypeDefs(schemaDir: string): string[] {
  return readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(schemaDir, f), 'utf8'));
}

export function buildApolloServer(opts: BuildServerOptions): ApolloServer<ApiContext> {
  const schema = makeExecutableSchema({ typeDefs: loadTypeDefs(opts.schemaDir), resolvers: [topologyResolvers, importResolvers, analysisResolvers, learningResolvers, bgpResolvers] });
  return new ApolloServer<ApiContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(opts.maxDepth)],
    plugins: [
      complexityLimitPlugin(schema, opts.maxComplexity),
      {
        async serverWillStart() {
          return { serverWillStop: async () => { await opts.onStop?.(); } };
        },
      },
    ],
    logger: opts.logger,
  });
}
