// Fuzz: randomly corrupted copies of good MRT files (fixed seed, bounded cases) never crash, hang or lose the error's place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import { MrtDecodeError } from '../../../import/bgp/decode-context.js';
import { readMrt } from '../../../import/bgp/mrt.js';
import { createSeededRandom } from '../../../src/graph/seeded-random.js';

const MRT = join(process.cwd(), 'test/fixtures/bgp/mrt');
const SEED = 0x5eed_2024;
const CASES = 300;

function load(name: string): Buffer {
  const raw = readFileSync(join(MRT, name));
  return raw[0] === 0x1f ? gunzipSync(raw) : raw;
}

const SOURCES = [
  'updates.20020722.2238.gz',
  'updates.20100722.2015.gz',
  'bview.ipv6_unicast_add_path.gz',
  'bview.64k_stream_overflow.gz',
  'quagga_rib',
  'bird_bgp',
].map((name) => ({ name, data: load(name) }));

function corrupt(data: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(data.subarray(0, Math.min(data.length, 64 * 1024)));
  const at = () => Math.floor(rnd() * b.length);
  const edits = 1 + Math.floor(rnd() * 6);
  for (let i = 0; i < edits; i++) {
    switch (Math.floor(rnd() * 5)) {
      case 0: b[at()] = Math.floor(rnd() * 256); break; // one byte anywhere
      case 1: { const p = at(); b[p] = (b[p] ?? 0) ^ (1 << Math.floor(rnd() * 8)); break; } // one bit
      case 2: b = b.subarray(0, at()); break; // truncation
      case 3: { const p = at(); b = Buffer.concat([b.subarray(0, p), b.subarray(Math.min(b.length, p + 1 + Math.floor(rnd() * 40)))]); break; } // bytes lost
      default: { const p = at(); b = Buffer.concat([b.subarray(0, p), Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 16) }, () => Math.floor(rnd() * 256))), b.subarray(p)]); } // garbage inserted
    }
  }
  return b;
}

/** Reads everything; resolves to the error thrown, or null. Rejects if it takes longer than `ms`. */
async function drain(input: Buffer, file: string, skipBad: boolean, ms = 10_000): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`hang: ${file}`)), ms); });
  const work = (async () => {
    try {
      for await (const batch of readMrt(input, { file, skipBad, maxRecordBytes: 1 << 20 }).batches()) void batch;
      return null;
    } catch (e) {
      return e;
    }
  })();
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`fuzz: ${CASES} corrupted MRT inputs, seed ${SEED}`, () => {
  it('only ever throws ParseError, naming file, record and byte offset', async () => {
    const rnd = createSeededRandom(SEED);
    const outcomes = { ok: 0, parseErrors: 0 };
    for (let c = 0; c < CASES; c++) {
      const src = SOURCES[c % SOURCES.length]!;
      const data = corrupt(src.data, rnd);
      const file = `${src.name}#${c}`;
      for (const skipBad of [false, true]) {
        const e = await drain(data, file, skipBad);
        if (e === null) {
          outcomes.ok++;
          continue;
        }
        if (!(e instanceof ParseError)) throw new Error(`case ${c} (${file}, skipBad ${skipBad}): ${String(e)}`, { cause: e });
        // A RangeError or TypeError underneath would be a decoder bug that the reader merely wrapped.
        if (e.cause !== undefined && !(e.cause instanceof MrtDecodeError)) throw new Error(`case ${c} (${file}): decoder fault ${String(e.cause)}`, { cause: e });
        outcomes.parseErrors++;
        expect(e.code).toBe('TOPO_PARSE');
        expect(e.location.file).toBe(file);
        expect(e.location.record).toBeTypeOf('number');
        expect(e.location.byteOffset).toBeTypeOf('number');
        expect(e.location.byteOffset!).toBeLessThanOrEqual(data.length);
        expect(e.expected.length).toBeGreaterThan(0);
      }
    }
    // Both outcomes must occur, or the corruption is too weak (or too strong) to test anything.
    expect(outcomes.ok).toBeGreaterThan(0);
    expect(outcomes.parseErrors).toBeGreaterThan(0);
  });

  it('corrupted gzip and bzip2 containers end in ParseError too', async () => {
    const rnd = createSeededRandom(SEED + 1);
    for (const name of ['updates.20020722.2238.gz', 'updates.20020722.2238.bz2']) {
      const raw = readFileSync(join(MRT, name));
      for (let c = 0; c < 20; c++) {
        const b = Buffer.from(raw);
        const cut = c % 4 === 0 ? b.subarray(0, 3 + Math.floor(rnd() * (b.length - 3))) : b;
        if (c % 4 !== 0) for (let k = 0; k < 1 + (c % 5); k++) cut[3 + Math.floor(rnd() * (cut.length - 3))] = Math.floor(rnd() * 256);
        const e = await drain(cut, `${name}#${c}`, c % 2 === 1);
        if (e !== null) {
          expect(e).toBeInstanceOf(ParseError);
          expect((e as ParseError).location.file).toBe(`${name}#${c}`);
        }
      }
    }
  });
});
