// neo4j-driver cuts every outgoing Bolt message into 1,400-byte chunks, each its own socket write: ≈ 75,000 writes
// (and as many reads in Neo4j) for a million-route import. Its Chunker takes a size but the driver never passes one;
// no driver option reaches it, so this hands the connections a Chunker constructed with the largest size Bolt frames.
import { createRequire } from 'node:module';
import { logger } from '../logger.js';

/** Bytes per chunk buffer (2-byte header included): a Bolt chunk's size is an unsigned 16-bit number. */
export const BOLT_CHUNK_BYTES = 65_535;

type ChunkerClass = new (channel: unknown, bufferSize?: number) => { _bufferSize?: number };

let widened = false;

/** The driver's Chunker module: the copy neo4j-driver itself loads (resolved from it, not from this package). */
function chunkingModule(): { Chunker: ChunkerClass } | null {
  try {
    const fromDriver = createRequire(createRequire(import.meta.url).resolve('neo4j-driver'));
    return fromDriver('neo4j-driver-bolt-connection/lib/channel/chunking.js') as { Chunker: ChunkerClass };
  } catch {
    return null;
  }
}

/**
 * Makes connections opened from now on chunk at BOLT_CHUNK_BYTES. Only speed depends on it: when a driver release
 * moves the Chunker (a unit test checks it did not), connections keep the driver's size and a debug line says so.
 */
export function widenBoltChunks(): boolean {
  if (widened) return true;
  const mod = chunkingModule();
  // The constructor must still take (channel, bufferSize).
  if (mod === null || typeof mod.Chunker !== 'function' || mod.Chunker.length !== 2) {
    logger('neo4j').debug('neo4j-driver Chunker not found where expected: Bolt messages keep 1,400-byte chunks');
    return false;
  }
  const Base = mod.Chunker;
  mod.Chunker = class WideChunker extends Base {
    constructor(channel: unknown) {
      super(channel, BOLT_CHUNK_BYTES);
    }
  };
  widened = true;
  return true;
}

/** The chunk buffer size a connection opened now gets (for tests). */
export function boltChunkBytes(): number | undefined {
  const mod = chunkingModule();
  return mod === null ? undefined : new mod.Chunker(null)._bufferSize;
}
