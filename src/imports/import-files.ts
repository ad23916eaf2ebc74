// Reads files, picks their parser, and writes what they hold through the store: the import use case.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { detectFormat, findFormat, formatNames, type TopologyFormat } from '../../import/registry.js';
import { TopolensError } from '../errors.js';
import type { ImportWarning } from '../model/index.js';
import type { TopologyCounts, TopologyStore } from '../store/topology-store.js';

export interface ImportFileResult {
  file: string;
  format: string;
  written: TopologyCounts;
  warnings: ImportWarning[];
  dryRun: boolean;
}

export interface ImportOptions {
  format?: string;
  dryRun?: boolean;
}

export async function importFile(store: TopologyStore | null, file: string, opts: ImportOptions = {}): Promise<ImportFileResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new TopolensError('TOPO_BAD_INPUT', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const mtime = (await stat(file)).mtime.toISOString();
  return importBytes(store, file, bytes, { ...opts, observedAt: mtime });
}

/** Parses everything first, then writes in one transaction: bad input never leaves partial data. */
export async function importBytes(
  store: TopologyStore | null,
  file: string,
  bytes: Buffer,
  opts: ImportOptions & { observedAt: string },
): Promise<ImportFileResult> {
  const format = pickFormat(file, bytes, opts.format);
  const parsed = format.parse(bytes.toString('utf8'), { file, observedAt: opts.observedAt });
  const counts = { devices: parsed.devices.length, links: parsed.links.length, interfaces: parsed.interfaces.length };
  if (opts.dryRun || store === null) return { file, format: format.name, written: counts, warnings: parsed.warnings, dryRun: true };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const written = await store.upsertTopology(parsed, { id: `${format.name}:${sha256}`, file, format: format.name, sha256, protocol: parsed.source.protocol });
  return { file, format: format.name, written, warnings: parsed.warnings, dryRun: false };
}

function pickFormat(file: string, bytes: Buffer, name: string | undefined): TopologyFormat {
  if (name) {
    const f = findFormat(name);
    if (!f) throw new TopolensError('TOPO_BAD_INPUT', `unknown format "${name}"; known formats: ${formatNames().join(', ')}`);
    return f;
  }
  const f = detectFormat(bytes.subarray(0, 4096).toString('utf8'));
  if (!f) throw new TopolensError('TOPO_BAD_INPUT', `${file}: cannot tell the format from its first bytes; pass --format (one of ${formatNames().join(', ')})`);
  return f;
}
