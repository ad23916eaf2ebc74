// Imports one MRT or RIS Live file into Neo4j: a fast full check first, then resumable per-batch transactions.
import { stat } from 'node:fs/promises';
import { BgpSummaryBuilder, type BgpImportSummary } from '../../import/bgp/summary.js';
import type { BgpFormatName } from '../../import/bgp/detect.js';
import { TopolensError } from '../errors.js';
import { PrefixConflictError, type BgpBatchResult, type BgpStore } from '../store/bgp-store.js';
import { logger } from '../logger.js';
import { openFilePass } from './bgp-file-pass.js';
import { preparedBatches } from './bgp-prepared-batches.js';

const log = logger('bgp-import');

export const DEFAULT_WINDOW_SECONDS = 300;
export const DEFAULT_BATCH_EVENTS = 50_000;

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
  /** Route events per write transaction (default 50,000). */
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

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/** Write passes before a concurrent writer's prefixes make the import give up (each resumes after the last committed batch). */
const MAX_WRITE_ATTEMPTS = 3;

/**
 * Reads the file again and writes every record from `committedRecords` on: the next batch is parsed, built and
 * prepared (bgp-prepared-batches.ts) while the one before it is written, so Node and Neo4j work at the same time.
 */
async function writePass(
  store: BgpStore,
  file: string,
  opts: BgpImportOptions,
  run: { importId: string; sha256: string; windowSeconds: number; batchEvents: number; committedRecords: number; totalBytes: number },
  written: BgpImportResult['written'],
): Promise<void> {
  const batches = preparedBatches({
    file, format: opts.format, skipBad: opts.skipBad ?? false, committedRecords: run.committedRecords, batchEvents: run.batchEvents,
    windowSeconds: run.windowSeconds, stored: await store.storedPrefixes(),
  });
  let inflight: Promise<BgpBatchResult> | null = null;
  try {
    for (;;) {
      const next = await batches.next();
      // A batch is sent only after the one before it committed: a later batch may skip what an earlier one writes.
      if (inflight) count(written, await inflight);
      inflight = null;
      opts.onProgress?.({ phase: 'write', bytesRead: next.value.bytesRead, totalBytes: run.totalBytes, records: next.value.records });
      if (next.done) {
        // The file must not have changed between the check and the write: the import id names its content.
        if (next.value.sha256 !== run.sha256) throw new TopolensError('TOPO_BAD_INPUT', `${file}: changed while it was being imported; import it again`);
        return;
      }
      inflight = store.writeBatch(run.importId, next.value.batch, run.windowSeconds);
      // Settled by the next turn of the loop; until then a failure must not surface as an unhandled rejection.
      inflight.catch(() => {});
    }
  } finally {
    // On a failure, no transaction may still be running when the import reports it (the error that ended the loop wins).
    if (inflight) await inflight.catch(() => {});
    await batches.return(undefined as never);
  }
}

function count(written: BgpImportResult['written'], r: BgpBatchResult): void {
  if (!r.written) {
    written.skippedBatches++;
    return;
  }
  written.batches++;
  written.announcedRoutes += r.announcedRoutes;
  written.withdrawnRoutes += r.withdrawnRoutes;
  written.counterWindows += r.counterWindows;
}

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
  const check = openFilePass(file, opts.format, opts.skipBad ?? false);
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
  let start = await store.startImport({ id: importId, file, format: opts.format, sha256, windowSeconds });
  if (!start.complete) {
    for (let attempt = 1; ; attempt++) {
      try {
        await writePass(store, file, opts, { importId, sha256, windowSeconds, batchEvents, committedRecords: start.committedRecords, totalBytes }, written);
        break;
      } catch (err) {
        // Another writer created a prefix this pass took to be new: resume after the last committed batch, with the store's prefixes read again.
        if (!(err instanceof PrefixConflictError) || attempt === MAX_WRITE_ATTEMPTS) throw err;
        log.warn({ file, attempt, err: err.message }, 'resuming the import after a concurrent prefix creation');
        start = await store.startImport({ id: importId, file, format: opts.format, sha256, windowSeconds });
      }
    }
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
