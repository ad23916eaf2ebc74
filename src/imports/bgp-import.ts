// Imports one MRT or RIS Live file into Neo4j: a fast full check first, then resumable per-batch transactions.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { BgpSummaryBuilder, type BgpImportSummary } from '../../import/bgp/summary.js';
import { readMrt } from '../../import/bgp/mrt.js';
import { readRisLive } from '../../import/bgp/ris-live.js';
import type { BgpFormatName } from '../../import/bgp/detect.js';
import type { BgpEvent } from '../model/bgp-event.js';
import type { ImportWarning } from '../model/topology.js';
import { TopolensError } from '../errors.js';
import { prepareFreshPrefixes, type BgpStore } from '../store/bgp-store.js';
import { BgpBatchBuilder, newBatchCaches, rememberBatch } from './bgp-batch.js';

export const DEFAULT_WINDOW_SECONDS = 300;
export const DEFAULT_BATCH_EVENTS = 20_000;

export interface BgpImportProgress {
  /** `check` reads the whole file before anything is written; `write` reads it again and writes. */
  phase: 'check' | 'write';
  /** Bytes of the file as stored (compressed) read so far, and its size. */
  bytesRead: number;
  totalBytes: number;
  /** Input records (MRT records or RIS Live lines) read so far in this phase. */
  records: number;
}

export interface BgpImportOptions {
  format: BgpFormatName;
  /** Continue past undecodable records (counted in `errors`) instead of rejecting the file. */
  skipBad?: boolean;
  /** Length of the event-counter windows in seconds (default 300). */
  windowSeconds?: number;
  /** Route events per write transaction (default 20,000). */
  batchEvents?: number;
  /** Called after every parsed chunk of each phase. */
  onProgress?: (p: BgpImportProgress) => void;
}

export interface BgpImportResult extends BgpImportSummary {
  dryRun: false;
  sha256: string;
  importId: string;
  /** The store already held the whole import: nothing was written. */
  alreadyImported: boolean;
  windowSeconds: number;
  written: { batches: number; skippedBatches: number; announcedRoutes: number; withdrawnRoutes: number; counterWindows: number };
  seconds: { check: number; write: number };
  /** Prefix records (announcements, RIB entries, withdrawals) per second of the write phase; 0 when nothing was written. */
  routesPerSecond: number;
}

/** The file's raw bytes, counted and hashed on the way to the parser. */
async function* countedFile(file: string, onChunk: (b: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    onChunk(chunk as Buffer);
    yield chunk as Buffer;
  }
}

interface Pass {
  reader: { batches(): AsyncGenerator<BgpEvent[]>; stats: { records: number; badRecords: number; warnings: number }; warnings: ImportWarning[] };
  hash: ReturnType<typeof createHash>;
  bytes: () => number;
}

function openPass(file: string, opts: BgpImportOptions): Pass {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = countedFile(file, (b) => {
    bytes += b.length;
    hash.update(b);
  });
  const readOpts = { file, skipBad: opts.skipBad ?? false };
  const reader = opts.format === 'mrt' ? readMrt(input, readOpts) : readRisLive(input, readOpts);
  return { reader, hash, bytes: () => bytes };
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * Checks the whole file (a ParseError names file, record and byte offset, and nothing is written),
 * then writes it batch by batch. Each batch commits with the import's watermark, so a failure
 * mid-write leaves whole batches only and a re-run resumes after the last one; re-importing a
 * complete file writes nothing.
 */
export async function importBgpFile(store: BgpStore, file: string, opts: BgpImportOptions): Promise<BgpImportResult> {
  let totalBytes: number;
  try {
    totalBytes = (await stat(file)).size;
  } catch (err) {
    throw new TopolensError('TOPO_BAD_INPUT', `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  const windowSeconds = opts.windowSeconds ?? DEFAULT_WINDOW_SECONDS;
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) throw new TopolensError('TOPO_BAD_INPUT', `window length must be a positive number of seconds, got ${windowSeconds}`);
  const batchEvents = opts.batchEvents ?? DEFAULT_BATCH_EVENTS;

  // Pass 1: parse everything, write nothing.
  const t0 = process.hrtime.bigint();
  const check = openPass(file, opts);
  const summary = new BgpSummaryBuilder();
  for await (const batch of check.reader.batches()) {
    summary.addAll(batch);
    opts.onProgress?.({ phase: 'check', bytesRead: check.bytes(), totalBytes, records: check.reader.stats.records });
  }
  const sha256 = check.hash.digest('hex');
  const checkSeconds = seconds(t0);
  const importId = `${opts.format}:${sha256}`;
  const base: BgpImportSummary = {
    file,
    format: opts.format,
    records: check.reader.stats.records,
    announcements: summary.announcements,
    withdrawals: summary.withdrawals,
    ribEntries: summary.ribEntries,
    stateChanges: summary.stateChanges,
    peers: summary.peers,
    prefixes: summary.prefixes,
    errors: check.reader.stats.badRecords,
    warnings: check.reader.stats.warnings,
    firstWarnings: check.reader.warnings.slice(0, 20),
  };

  // Pass 2: write, resuming after whatever an earlier run committed.
  const t1 = process.hrtime.bigint();
  const written = { batches: 0, skippedBatches: 0, announcedRoutes: 0, withdrawnRoutes: 0, counterWindows: 0 };
  const start = await store.startImport({ id: importId, file, format: opts.format, sha256, windowSeconds });
  if (!start.complete) {
    const pass = openPass(file, opts);
    const caches = newBatchCaches();
    let builder = new BgpBatchBuilder(caches);
    let firstRecord = -1;
    let lastRecord = -1;
    // One batch in flight while the next is parsed and built: Node and Neo4j work at the same time.
    let inflight: Promise<void> | null = null;
    const flush = async (): Promise<void> => {
      if (builder.size === 0) return;
      const { batch, keys } = builder.finish(firstRecord, lastRecord + 1);
      // Remembered before the previous batch commits, so the next one skips what this one writes: a batch is only
      // sent after the one before it committed, and a failed batch ends the import (a re-run starts with empty caches).
      rememberBatch(caches, keys);
      builder = new BgpBatchBuilder(caches);
      firstRecord = -1;
      // Built while the previous batch commits: the transaction then only replays prefixes it finds stored.
      batch.freshPrefixes = await prepareFreshPrefixes(batch.routes, windowSeconds);
      if (inflight) await inflight;
      inflight = store.writeBatch(importId, batch, windowSeconds).then((r) => {
        if (!r.written) written.skippedBatches++;
        else {
          written.batches++;
          written.announcedRoutes += r.announcedRoutes;
          written.withdrawnRoutes += r.withdrawnRoutes;
          written.counterWindows += r.counterWindows;
        }
      });
      // Keep a failed write from surfacing as an unhandled rejection before it is awaited.
      inflight.catch(() => {});
    };
    for await (const chunk of pass.reader.batches()) {
      // Each parsed chunk goes into the batch being built at once, a small step between the in-flight batch's statements.
      const events = chunk.length > 0 && chunk[0]!.record >= start.committedRecords ? chunk : chunk.filter((ev) => ev.record >= start.committedRecords);
      if (events.length > 0) {
        if (firstRecord < 0) firstRecord = events[0]!.record;
        lastRecord = events[events.length - 1]!.record;
        builder.add(events);
      }
      if (builder.size >= batchEvents) await flush();
      opts.onProgress?.({ phase: 'write', bytesRead: pass.bytes(), totalBytes, records: pass.reader.stats.records });
    }
    await flush();
    if (inflight) await inflight;
    // The file must not have changed between the check and the write: the import id names its content.
    if (pass.hash.digest('hex') !== sha256) throw new TopolensError('TOPO_BAD_INPUT', `${file}: changed while it was being imported; import it again`);
    await store.finishImport(importId, { records: base.records, announcements: base.announcements, withdrawals: base.withdrawals, errors: base.errors });
  }
  const writeSeconds = seconds(t1);
  const routes = base.announcements + base.withdrawals;
  return {
    ...base,
    dryRun: false,
    sha256,
    importId,
    alreadyImported: start.complete,
    windowSeconds,
    written,
    seconds: { check: checkSeconds, write: writeSeconds },
    routesPerSecond: !start.complete && writeSeconds > 0 ? routes / writeSeconds : 0,
  };
}
