// One read of a BGP file: its bytes counted and hashed on the way to the format's parser.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readMrt } from '../../import/bgp/mrt.js';
import { readRisLive } from '../../import/bgp/ris-live.js';
import type { BgpFormatName } from '../../import/bgp/detect.js';
import type { BgpEvent } from '../model/bgp-event.js';
import type { ImportWarning } from '../model/topology.js';

export interface FilePass {
  reader: { batches(): AsyncGenerator<BgpEvent[]>; stats: { records: number; badRecords: number; warnings: number }; warnings: ImportWarning[] };
  hash: ReturnType<typeof createHash>;
  bytes: () => number;
}

/** The file's raw bytes, counted and hashed on the way to the parser. */
async function* countedFile(file: string, onChunk: (b: Buffer) => void): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    onChunk(chunk as Buffer);
    yield chunk as Buffer;
  }
}

export function openFilePass(file: string, format: BgpFormatName, skipBad: boolean): FilePass {
  const hash = createHash('sha256');
  let bytes = 0;
  const input = countedFile(file, (b) => {
    bytes += b.length;
    hash.update(b);
  });
  const readOpts = { file, skipBad };
  const reader = format === 'mrt' ? readMrt(input, readOpts) : readRisLive(input, readOpts);
  return { reader, hash, bytes: () => bytes };
}
