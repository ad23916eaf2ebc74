// The Node side of an import's write pass: parse, build each store batch, prepare the prefixes the store lacks.
import type { BgpFormatName } from '../../import/bgp/detect.js';
import { prepareFreshPrefixes, type BgpWriteBatch } from '../store/bgp-store.js';
import { BgpBatchBuilder, newBatchCaches, rememberBatch } from './bgp-batch.js';
import { openFilePass } from './bgp-file-pass.js';

export interface PreparedBatchesInput {
  file: string;
  format: BgpFormatName;
  skipBad: boolean;
  /** Records before this one were committed by an earlier run: skipped. */
  committedRecords: number;
  batchEvents: number;
  windowSeconds: number;
  /** Prefixes the store holds (BgpStore.storedPrefixes); grows with every batch made, which the store will hold once written. */
  stored: Set<string>;
}

export interface PreparedBatch {
  /** Ready for BgpStore.writeBatch: the prefixes missing from `stored` come prepared (`freshPrefixes`). */
  batch: BgpWriteBatch;
  bytesRead: number;
  records: number;
}

/**
 * The file's store batches in order, each prepared as far as it can be without the store. Returns the file's
 * SHA-256, which the caller compares with the check pass's: the import id names the content.
 */
export async function* preparedBatches(input: PreparedBatchesInput): AsyncGenerator<PreparedBatch, { sha256: string; bytesRead: number; records: number }> {
  const { committedRecords } = input;
  const pass = openFilePass(input.file, input.format, input.skipBad);
  const caches = newBatchCaches(input.stored);
  let builder = new BgpBatchBuilder(caches);
  let firstRecord = -1;
  let lastRecord = -1;
  const finish = async (): Promise<PreparedBatch> => {
    const { batch, keys } = builder.finish(firstRecord, lastRecord + 1);
    // Prepared against the prefixes stored before this batch; remembered after, so the next batch reads them instead.
    // The caller writes batches in order and stops at the first failure, so a later batch may skip what this one writes.
    batch.freshPrefixes = await prepareFreshPrefixes(batch.routes, input.windowSeconds, caches.prefixes);
    rememberBatch(caches, keys);
    builder = new BgpBatchBuilder(caches);
    firstRecord = -1;
    return { batch, bytesRead: pass.bytes(), records: pass.reader.stats.records };
  };
  for await (const chunk of pass.reader.batches()) {
    const events = chunk.length > 0 && chunk[0]!.record >= committedRecords ? chunk : chunk.filter((ev) => ev.record >= committedRecords);
    if (events.length > 0) {
      if (firstRecord < 0) firstRecord = events[0]!.record;
      lastRecord = events[events.length - 1]!.record;
      builder.add(events);
    }
    if (builder.size >= input.batchEvents) yield await finish();
  }
  if (builder.size > 0) yield await finish();
  return { sha256: pass.hash.digest('hex'), bytesRead: pass.bytes(), records: pass.reader.stats.records };
}
