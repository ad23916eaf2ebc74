// Applies schema/neo4j/NNNN_*.cypher in order, idempotently, recording each applied version.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TopolensError } from '../errors.js';
import type { Executor } from './executor.js';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.cypher$/.test(f))
    .sort()
    .map((f) => ({
      version: Number.parseInt(f.slice(0, 4), 10),
      name: f.replace(/\.cypher$/, ''),
      statements: splitStatements(readFileSync(path.join(dir, f), 'utf8')),
    }));
  // Two files with one number: the second would never run on a store that has the first.
  const seen = new Map<number, string>();
  for (const m of migrations) {
    const other = seen.get(m.version);
    if (other) throw new TopolensError('TOPO_CONFIG', `migrations ${other} and ${m.name} share version ${m.version}; renumber one`);
    seen.set(m.version, m.name);
  }
  return migrations;
}

function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => !l.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Returns the schema version after applying whatever is missing. */
export async function applyMigrations(executor: Executor, dir: string): Promise<{ version: number; applied: string[] }> {
  const migrations = loadMigrations(dir);
  const rows = await executor.read('MATCH (m:SchemaMigration) RETURN max(m.version) AS version');
  const current = (rows[0]?.version as number | null) ?? 0;
  const applied: string[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    // Schema statements cannot share a transaction with data writes: run each on its own.
    for (const s of m.statements) await executor.write(s);
    await executor.write(
      'MERGE (m:SchemaMigration {version: $version}) ON CREATE SET m.name = $name, m.appliedAt = datetime()',
      { version: m.version, name: m.name },
    );
    applied.push(m.name);
  }
  return { version: Math.max(current, ...migrations.map((m) => m.version)), applied };
}
