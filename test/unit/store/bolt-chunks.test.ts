import { describe, expect, it } from 'vitest';
import { BOLT_CHUNK_BYTES, boltChunkBytes, widenBoltChunks } from '../../../src/store/bolt-chunks.js';
import { createDriver } from '../../../src/store/executor.js';

describe('Bolt chunk size', () => {
  it('drivers made by createDriver chunk at 64 KiB: the Chunker neo4j-driver loads is where the widening expects it', async () => {
    // Fails when a driver release moves or reshapes its Chunker (the import would silently fall back to 1,400 bytes).
    const driver = createDriver('bolt://127.0.0.1:9', 'neo4j', '');
    await driver.close();
    expect(widenBoltChunks()).toBe(true);
    expect(boltChunkBytes()).toBe(BOLT_CHUNK_BYTES);
  });
});
