// Opens an MRT input (path, Buffer or Readable) as decompressed Buffer chunks; gzip/bzip2 found by magic bytes.
import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** What an MRT or RIS Live reader accepts. */
export type ByteInput = string | Buffer | Uint8Array | Readable | AsyncIterable<Uint8Array>;

export type Compression = 'gzip' | 'bzip2' | 'none';

/** A classic (through-style) stream, which is what unbzip2-stream returns. */
interface ClassicStream {
  on(event: 'data', fn: (d: Buffer) => void): unknown;
  on(event: 'error', fn: (e: Error) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  write(chunk: Buffer): unknown;
  end(): unknown;
}

const require = createRequire(import.meta.url);

// Large reads keep the per-chunk overhead (framing, batching, awaits) small next to the decoding.
const READ_CHUNK = 1 << 20;

export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  return 'none';
}

function rawChunks(input: ByteInput): AsyncIterable<Uint8Array> {
  if (typeof input === 'string') return createReadStream(input, { highWaterMark: READ_CHUNK });
  if (input instanceof Uint8Array) return (async function* one() { yield input; })();
  return input;
}

/** The input's raw bytes as Buffers; the first chunk is topped up to 3 bytes (when there are that many) so the magic can be read. */
async function* withHead(src: AsyncIterable<Uint8Array>, onHead: (head: Buffer) => void): AsyncGenerator<Buffer> {
  const it = src[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let n = 0;
  // Magic bytes need 3 bytes; a stream may hand them over one at a time.
  while (n < 3) {
    const r = await it.next();
    if (r.done) break;
    const b = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value.buffer, r.value.byteOffset, r.value.byteLength);
    parts.push(b);
    n += b.length;
  }
  const head = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  onHead(head);
  if (head.length > 0) yield head;
  for (;;) {
    const r = await it.next();
    if (r.done) return;
    const v = r.value;
    yield Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  }
}

/** Feeds a synchronous classic stream and yields what it emits, draining after every write so memory stays bounded. */
async function* throughClassic(src: AsyncIterable<Buffer>, t: ClassicStream): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let failure: Error | null = null;
  let ended = false;
  t.on('data', (d) => { if (d) queue.push(d); });
  t.on('error', (e) => { failure ??= e; });
  t.on('end', () => { ended = true; });
  for await (const chunk of src) {
    t.write(chunk);
    while (queue.length > 0) yield queue.shift()!;
    if (failure) throw failure;
  }
  t.end();
  while (queue.length > 0) yield queue.shift()!;
  if (failure) throw failure;
  // unbzip2-stream finishes synchronously inside end(); if it did not, the data is incomplete.
  if (!ended) throw new Error('bzip2 stream did not finish');
}

/**
 * Decompressed bytes of `input`. `onCompression` learns what the magic bytes said.
 * Errors of the decompressor surface as exceptions from the iterator (the caller wraps them).
 */
export async function* openByteStream(
  input: ByteInput,
  onCompression?: (c: Compression) => void,
): AsyncGenerator<Buffer> {
  const found: { compression: Compression } = { compression: 'none' };
  const raw = withHead(rawChunks(input), (head) => {
    found.compression = detectCompression(head);
  });
  // Pull the first chunk to learn the compression before choosing a decoder.
  const first = await raw.next();
  const compression = found.compression;
  onCompression?.(compression);
  if (first.done) return;
  const all = (async function* rejoin() {
    yield first.value;
    yield* raw;
  })();
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: 128 * 1024 });
    const src = Readable.from(all, { objectMode: false });
    // pipe() does not forward source errors; forward them by hand so the consumer sees them.
    src.on('error', (e) => gunzip.destroy(e));
    src.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } finally {
      src.destroy();
    }
  } else if (compression === 'bzip2') {
    const unbzip2 = require('unbzip2-stream') as () => ClassicStream;
    yield* throughClassic(all, unbzip2());
  } else {
    yield* all;
  }
}
