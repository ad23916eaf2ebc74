// Messages larger than a Bolt chunk travel in several: values must arrive whole whatever their size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/main.js';
import { BOLT_CHUNK_BYTES, boltChunkBytes } from '../../src/store/bolt-chunks.js';
import { clearDatabase, connectTestApp } from '../helpers/test-app.js';

let app: App;
beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
});
afterAll(async () => {
  await clearDatabase(app.executor);
  await app.close();
});

describe('Bolt chunks at 64 KiB', () => {
  it('a string and a list spanning many chunks, and a string about one chunk long, are stored and read back unchanged', async () => {
    expect(boltChunkBytes()).toBe(BOLT_CHUNK_BYTES);
    // Multi-byte characters: chunk boundaries fall inside a character's UTF-8 bytes.
    const long = Array.from({ length: 90_000 }, (_, i) => String.fromCodePoint(0x41 + (i % 26), 0xe9, 0x4e2d)[i % 3]).join('');
    const list = Array.from({ length: 20_000 }, (_, i) => `198.18.${i >> 8}.${i & 255}|${64_496 + (i % 7)}`);
    const exact = 'x'.repeat(BOLT_CHUNK_BYTES - 2 - 8);
    await app.executor.write('CREATE (:ChunkProbe {long: $long, list: $list, exact: $exact})', { long, list, exact });
    const [row] = await app.executor.read('MATCH (p:ChunkProbe) RETURN p.long AS long, p.list AS list, p.exact AS exact');
    expect(row).toEqual({ long, list, exact });
  });
});
