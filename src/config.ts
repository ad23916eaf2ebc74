// Configuration: read from the environment once, validated, frozen. Nothing else reads process.env.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TopolensError } from './errors.js';

/** The package root (holds package.json, schema/, data/, scripts/), found from this file whether run from src/ or dist/. */
export const PACKAGE_ROOT = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schema'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

const port = z.coerce.number().int().min(1).max(65535);

const EnvSchema = z.object({
  NEO4J_URI: z.string().url().optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().default('neo4j'),
  NEO4J_BOLT_PORT: port.default(7687),
  NEO4J_VERSION: z.string().regex(/^5\.26\.\d+$/, 'a 5.26.x LTS version').default('5.26.30'),
  NEO4J_HEAP: z.string().regex(/^\d+[mg]$/).default('512m'),
  NEO4J_PAGECACHE: z.string().regex(/^\d+[mg]$/).default('256m'),
  TOPOLENS_HOME: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  DEFAULT_LINK_COST: z.coerce.number().positive().default(1),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(10),
  GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().positive().default(20000),
  TOPOLENS_MODELS_DIR: z.string().optional(),
  TOPOLENS_ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
});

export interface Config {
  /** Set when an external Neo4j is configured: nothing local is started then. */
  neo4jUri: string | undefined;
  neo4jUser: string;
  neo4jPassword: string;
  neo4jDatabase: string;
  localNeo4j: {
    boltPort: number;
    version: string;
    heap: string;
    pageCache: string;
  };
  /** Folder for the jar cache and local Neo4j instances (git ignored). */
  home: string;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  defaultLinkCost: number;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  /** Where trained models are saved, one folder per version (default <home>/models). */
  modelsDir: string;
  /** Bearer token that admin-only GraphQL operations (train) require; unset disables them. */
  adminToken: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new TopolensError('TOPO_CONFIG', `invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  return Object.freeze({
    neo4jUri: e.NEO4J_URI,
    neo4jUser: e.NEO4J_USER,
    neo4jPassword: e.NEO4J_PASSWORD,
    neo4jDatabase: e.NEO4J_DATABASE,
    localNeo4j: Object.freeze({ boltPort: e.NEO4J_BOLT_PORT, version: e.NEO4J_VERSION, heap: e.NEO4J_HEAP, pageCache: e.NEO4J_PAGECACHE }),
    home: path.resolve(e.TOPOLENS_HOME ?? path.join(PACKAGE_ROOT, '.topolens')),
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    defaultLinkCost: e.DEFAULT_LINK_COST,
    graphqlMaxDepth: e.GRAPHQL_MAX_DEPTH,
    graphqlMaxComplexity: e.GRAPHQL_MAX_COMPLEXITY,
    modelsDir: path.resolve(e.TOPOLENS_MODELS_DIR ?? path.join(e.TOPOLENS_HOME ?? path.join(PACKAGE_ROOT, '.topolens'), 'models')),
    adminToken: e.TOPOLENS_ADMIN_TOKEN,
  });
}
