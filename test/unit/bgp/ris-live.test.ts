// RIS Live reader: JSON frames give the same routes as decoding each frame's own raw BGP UPDATE bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import type { BgpEvent, BgpRouteEvent } from '../../../src/model/bgp-event.js';
import { decodeUpdate } from '../../../import/bgp/bgp-update.js';
import type { DecodeContext } from '../../../import/bgp/decode-context.js';
import { readRisLive } from '../../../import/bgp/ris-live.js';
import { summariseBgpFile } from '../../../import/bgp/summary.js';

const FRAMES = join(process.cwd(), 'test/fixtures/bgp/rislive/ris-live-frames.jsonl');

async function collect(input: Parameters<typeof readRisLive>[0], opts: Parameters<typeof readRisLive>[1] = {}): Promise<BgpEvent[]> {
  const out: BgpEvent[] = [];
  for await (const ev of readRisLive(input, opts)) out.push(ev);
  return out;
}

/** Routes of a raw BGP message (hex, with marker) as the MRT decoder reads them. */
function decodeRaw(hex: string): BgpRouteEvent[] {
  const b = Buffer.from(hex, 'hex');
  const ctx: DecodeContext = {
    out: [], warn: () => {}, record: 0, timestamp: 0, microseconds: 0, source: 'RIS_LIVE', peers: null,
    peerAddress: '', peerAsn: 0, rib: false, originatedAt: undefined,
  };
  // RIS Live peers speak 4-byte ASNs.
  decodeUpdate(ctx, b, 19, b.readUInt16BE(16), true, false);
  return ctx.out as BgpRouteEvent[];
}

const view = (e: BgpRouteEvent) => ({ kind: e.kind, prefix: e.prefix, attributes: e.attributes });

describe('RIS Live', () => {
  it('every UPDATE frame matches its own raw bytes, prefix by prefix', async () => {
    const lines = readFileSync(FRAMES, 'utf8').split('\n').filter(Boolean);
    const events = await collect(FRAMES);
    let compared = 0;
    lines.forEach((line, record) => {
      const data = JSON.parse(line).data;
      if (data.type !== 'UPDATE') return;
      const ours = events.filter((e): e is BgpRouteEvent => e.kind !== 'state' && e.kind !== 'peer-index' && e.record === record);
      // RIS Live's JSON leaves large communities out (the raw bytes have them), unless it has the key.
      const large = 'large_community' in data;
      const raw = decodeRaw(data.raw).map((r) => ({
        ...view(r),
        attributes: r.attributes === null ? null : { ...r.attributes, largeCommunities: large ? r.attributes.largeCommunities : [] },
      }));
      // RIS Live lists withdrawals first, as the raw UPDATE does for MP_UNREACH before MP_REACH.
      expect(ours.map(view)).toEqual(raw);
      compared += ours.length;
    });
    expect(compared).toBeGreaterThan(3);
  });

  it('reads peers, timestamps and STATE frames; other messages carry no routes', async () => {
    const evs = await collect(FRAMES);
    const first = evs[0] as BgpRouteEvent;
    expect(first).toMatchObject({ kind: 'announce', source: 'RIS_LIVE', peerAddress: '2001:7f8:4::3:2be1:1', peerAsn: 207841, timestamp: 1789019601, microseconds: 670000, prefix: '2a12:3fc6::/48' });
    expect(first.attributes).toMatchObject({ nextHop: '2001:7f8:4::3:2be1:1', nextHopLinkLocal: 'fe80::3efd:feff:feee:62ca', origin: 'igp' });
    expect(evs.filter((e) => e.kind === 'state')).toEqual([expect.objectContaining({ peerAddress: '195.208.209.55', newState: 6 })]);
    // Withdrawals written in full (2a12:ca42:0:0:0:0:0:0/32) come out canonical.
    expect(evs.some((e) => e.kind === 'withdraw' && e.prefix === '2a12:ca42::/32')).toBe(true);
  });

  it('a bad line throws ParseError with its line; skipBad counts it and goes on', async () => {
    const text = Buffer.from(`${readFileSync(FRAMES, 'utf8').split('\n')[0]}\n{"type":"ris_message","data":{"timestamp":1,"peer":"nope"}}\nnot json\n`);
    const e = await collect(text, { file: 'live.jsonl' }).then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).location).toMatchObject({ file: 'live.jsonl', line: 2, record: 1 });
    const reader = readRisLive(text, { skipBad: true });
    let n = 0;
    for await (const ev of reader) if (ev) n++;
    expect(n).toBe(1);
    expect(reader.stats.badRecords).toBe(2);
  });

  it('summarises a RIS Live file', async () => {
    const s = await summariseBgpFile(FRAMES, 'ris-live');
    expect(s).toMatchObject({ format: 'ris-live', records: 7, stateChanges: 1, errors: 0 });
    expect(s.announcements).toBeGreaterThan(0);
    expect(s.withdrawals).toBeGreaterThan(0);
  });
});
