// Reads files, picks their parser, and writes what they hold through the store: the import use case.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { detectFormat, findFormat, formatNames, type ImportFormat } from '../../import/registry.js';
import { TopolensError } from '../errors.js';
import type { ImportWarning } from '../model/index.js';
import type { OspfStore } from '../store/ospf-store.js';
import type { TopologyStore } from '../store/topology-store.js';

export interface ImportStores {
  topology: TopologyStore;
  ospf: OspfStore;
}

export interface ImportFileResult {
  /** One file, or several joined by `+` when they were parsed together (an OSPF LSDB). */
  file: string;
  format: string;
  /** What the file holds (dry run) or what was written, by record kind. */
  counts: Record<string, number>;
  warnings: ImportWarning[];
  dryRun: boolean;
}

export interface ImportOptions {
  format?: string;
  dryRun?: boolean;
  hostname?: string;
}

interface LoadedFile {
  file: string;
  bytes: Buffer;
  observedAt: string;
  format: ImportFormat;
}

async function loadFile(file: string, format: string | undefined): Promise<LoadedFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new TopolensError('TOPO_BAD_INPUT', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const observedAt = (await stat(file)).mtime.toISOString();
  return { file, bytes, observedAt, format: pickFormat(file, bytes, format) };
}

/**
 * Imports files in order; OSPF LSDB outputs given together (router + network LSAs) are parsed as
 * one database so transit networks resolve. Each unit is parsed completely, then written in one
 * transaction: bad input never leaves partial data.
 */
export async function importFiles(stores: ImportStores | null, files: string[], opts: ImportOptions = {}): Promise<ImportFileResult[]> {
  const loaded: LoadedFile[] = [];
  for (const f of files) loaded.push(await loadFile(f, opts.format));
  return importLoaded(stores, loaded, opts);
}

/** Imports a small payload held in memory (the GraphQL mutation); `name` stands for the file in errors. */
export async function importContent(stores: ImportStores | null, name: string, content: string, opts: ImportOptions = {}): Promise<ImportFileResult[]> {
  const bytes = Buffer.from(content, 'utf8');
  return importLoaded(stores, [{ file: name, bytes, observedAt: new Date().toISOString(), format: pickFormat(name, bytes, opts.format) }], opts);
}

async function importLoaded(stores: ImportStores | null, loaded: LoadedFile[], opts: ImportOptions): Promise<ImportFileResult[]> {
  const results: ImportFileResult[] = [];
  for (const l of loaded) {
    if (l.format.kind === 'topology') results.push(await writeTopology(stores, l, opts));
  }
  const lsdbFiles = loaded.filter((l) => l.format.kind === 'ospf-lsdb');
  if (lsdbFiles.length > 0) results.push(await writeOspf(stores, lsdbFiles, opts));
  return results;
}

export async function importFile(stores: ImportStores | null, file: string, opts: ImportOptions = {}): Promise<ImportFileResult> {
  const [result] = await importFiles(stores, [file], opts);
  return result as ImportFileResult;
}

function importRecord(format: string, protocol: string, file: string, bytes: Buffer[]) {
  const hash = createHash('sha256');
  for (const b of bytes) hash.update(b);
  const sha256 = hash.digest('hex');
  return { id: `${format}:${sha256}`, file, format, sha256, protocol };
}

async function writeTopology(stores: ImportStores | null, l: LoadedFile, opts: ImportOptions): Promise<ImportFileResult> {
  if (l.format.kind !== 'topology') throw new Error('unreachable');
  const parsed = l.format.parse(l.bytes.toString('utf8'), { file: l.file, observedAt: l.observedAt, ...(opts.hostname ? { hostname: opts.hostname } : {}) });
  const found = { devices: parsed.devices.length, links: parsed.links.length, interfaces: parsed.interfaces.length };
  const base = { file: l.file, format: l.format.name, warnings: parsed.warnings };
  if (opts.dryRun || stores === null) return { ...base, counts: found, dryRun: true };
  const counts = await stores.topology.upsertTopology(parsed, importRecord(l.format.name, parsed.source.protocol, l.file, [l.bytes]));
  return { ...base, counts: { ...counts }, dryRun: false };
}

async function writeOspf(stores: ImportStores | null, files: LoadedFile[], opts: ImportOptions): Promise<ImportFileResult> {
  const first = files[0] as LoadedFile;
  if (first.format.kind !== 'ospf-lsdb') throw new Error('unreachable');
  const observedAt = files.map((f) => f.observedAt).sort().at(-1) as string;
  const obs = first.format.parse(files.map((f) => ({ file: f.file, text: f.bytes.toString('utf8') })), { file: first.file, observedAt });
  const file = files.map((f) => f.file).join('+');
  const base = { file, format: obs.source.format, warnings: obs.warnings };
  if (opts.dryRun || stores === null) {
    return { ...base, counts: { devices: obs.devices.length, adjacencies: obs.adjacencies.length, stubNetworks: obs.stubNetworks.length }, dryRun: true };
  }
  const counts = await stores.ospf.upsertOspf(obs, importRecord(obs.source.format, 'ospf', file, files.map((f) => f.bytes)));
  return { ...base, counts: { ...counts }, dryRun: false };
}

function pickFormat(file: string, bytes: Buffer, name: string | undefined): ImportFormat {
  if (name) {
    const f = findFormat(name);
    if (!f) throw new TopolensError('TOPO_BAD_INPUT', `unknown format "${name}"; known formats: ${formatNames().join(', ')}`);
    return f;
  }
  const f = detectFormat(bytes.subarray(0, 8192).toString('utf8'));
  if (!f) throw new TopolensError('TOPO_BAD_INPUT', `${file}: cannot tell the format from its first bytes; pass --format (one of ${formatNames().join(', ')})`);
  return f;
}
