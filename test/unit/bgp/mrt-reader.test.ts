// MRT reader: compression detection, inputs, record types, attribute decoding and how bad input is reported.
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../src/errors.js';
import type { BgpEvent, BgpRouteEvent } from '../../../src/model/bgp-event.js';
import { readMrt } from '../../../import/bgp/mrt.js';
import { summariseBgpFile } from '../../../import/bgp/summary.js';
import { asPath, attribute, bgp4mpMessage, bgpUpdate, ipv4, mrtRecord, nlri, u16, u32 } from './mrt-builder.js';

const MRT = join(process.cwd(), 'test/fixtures/bgp/mrt');

async function collect(input: Parameters<typeof readMrt>[0], opts: Parameters<typeof readMrt>[1] = {}): Promise<BgpEvent[]> {
  const out: BgpEvent[] = [];
  for await (const ev of readMrt(input, opts)) out.push(ev);
  return out;
}

async function parseError(p: Promise<unknown>): Promise<ParseError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ParseError);
  return e as ParseError;
}

const routes = (evs: BgpEvent[]) => evs.filter((e): e is BgpRouteEvent => e.kind === 'announce' || e.kind === 'withdraw');

describe('inputs and compression', () => {
  it('reads gzip, bzip2, a plain Buffer and a Readable alike', async () => {
    const gz = await collect(join(MRT, 'updates.20020722.2238.gz'));
    const bz = await collect(join(MRT, 'updates.20020722.2238.bz2'));
    const raw = gunzipSync(readFileSync(join(MRT, 'updates.20020722.2238.gz')));
    const plain = await collect(raw);
    const stream = await collect(createReadStream(join(MRT, 'updates.20020722.2238.gz')), { file: 'x' });
    expect(gz.length).toBe(3337);
    expect(bz).toEqual(gz);
    expect(plain).toEqual(gz);
    expect(stream).toEqual(gz);
  });

  it('finds the magic bytes when a stream hands them over one byte at a time', async () => {
    const file = join(MRT, 'bview.ipv4_unicast_add_path.gz');
    const byByte = await collect(createReadStream(file, { highWaterMark: 1 }));
    expect(byByte).toEqual(await collect(file));
    expect(byByte.length).toBe(63);
  });

  it('stops cleanly when the consumer breaks off early', async () => {
    const reader = readMrt(join(MRT, 'updates.20100722.2015.gz'));
    let seen = 0;
    for await (const ev of reader) {
      if (ev && ++seen === 10) break;
    }
    expect(seen).toBe(10);
    expect(reader.stats.records).toBeLessThan(2193);
  });

  it('summarises per prefix as bgpdump -m counts lines', async () => {
    const s = await summariseBgpFile(join(MRT, 'updates.20020722.2238.gz'), 'mrt');
    expect(s).toMatchObject({ records: 1121, announcements: 825, withdrawals: 2419, stateChanges: 93, errors: 0 });
    expect(s.peers).toBeGreaterThan(0);
    expect(s.prefixes).toBeGreaterThan(0);
  });
});

describe('record types', () => {
  it('TABLE_DUMP_V2: the peer index comes first, then RIB entries name its peers', async () => {
    const evs = await collect(join(MRT, 'quagga_rib'));
    expect(evs[0]).toMatchObject({ kind: 'peer-index' });
    const pi = evs[0]!.kind === 'peer-index' ? evs[0]! : null;
    const ribs = routes(evs);
    expect(ribs.length).toBe(9);
    for (const r of ribs) {
      expect(r.rib).toBe(true);
      expect(pi!.peers.some((p) => p.address === r.peerAddress && p.asn === r.peerAsn)).toBe(true);
    }
    expect(ribs.some((r) => r.afi === 6 && r.attributes!.nextHop !== null)).toBe(true);
  });

  it('ADD-PATH RIB entries keep their path ids', async () => {
    const evs = routes(await collect(join(MRT, 'bview.ipv6_unicast_add_path.gz')));
    expect(evs.every((e) => e.pathId !== null && e.afi === 6)).toBe(true);
  });

  it('BGP4MP_ET carries microseconds', async () => {
    const body = Buffer.concat([u32(509481), u16(3856), u16(64512), u16(0), u16(1), ipv4('206.220.231.55'), ipv4('192.0.2.1'), u16(1), u16(2)]);
    const [ev] = await collect(mrtRecord(1445565678, 17, 0, body));
    expect(ev).toMatchObject({ kind: 'state', source: 'BGP4MP_ET', timestamp: 1445565678, microseconds: 509481, oldState: 1, newState: 2, peerAsn: 3856 });
  });

  it('decodes AS_SET, AS4_PATH merge, AS4_AGGREGATOR, communities and large communities of a 2-byte UPDATE', async () => {
    const attrs = Buffer.concat([
      attribute(0x40, 1, Buffer.from([0])),
      attribute(0x40, 2, asPath([[2, [65001, 23456, 23456]], [1, [64512, 64513]]], 2)),
      attribute(0x40, 3, ipv4('192.0.2.1')),
      attribute(0x80, 4, u32(10)),
      attribute(0x40, 5, u32(200)),
      attribute(0x40, 6, Buffer.alloc(0)),
      attribute(0xc0, 7, Buffer.concat([u16(23456), ipv4('198.51.100.1')])),
      attribute(0xc0, 8, Buffer.concat([u32(65001 * 65536 + 100), u32(0xffffff01)])),
      attribute(0xc0, 17, asPath([[2, [4200000001, 4200000002]], [1, [64512, 64513]]], 4)),
      attribute(0xc0, 18, Buffer.concat([u32(4200000002), ipv4('198.51.100.1')])),
      attribute(0xc0, 32, Buffer.concat([u32(4200000001), u32(1), u32(2)])),
    ]);
    const msg = bgpUpdate(nlri(['203.0.113.0/24']), attrs, nlri(['198.18.0.0/15', '10.1.2.0/23']));
    const evs = routes(await collect(mrtRecord(1, 16, 1, bgp4mpMessage(false, 65001, '192.0.2.1', msg))));
    expect(evs.map((e) => `${e.kind} ${e.prefix}`)).toEqual(['withdraw 203.0.113.0/24', 'announce 198.18.0.0/15', 'announce 10.1.2.0/23']);
    const a = evs[1]!.attributes!;
    expect(a.asPath).toEqual([65001, 4200000001, 4200000002, 64512, 64513]);
    expect(a.asPathSegments).toEqual([
      { type: 'sequence', asns: [65001, 4200000001, 4200000002] },
      { type: 'set', asns: [64512, 64513] },
    ]);
    expect(a).toMatchObject({
      origin: 'igp', nextHop: '192.0.2.1', med: 10, localPref: 200, atomicAggregate: true,
      aggregator: { asn: 4200000002, address: '198.51.100.1' },
      communities: ['65001:100', '65535:65281'], largeCommunities: ['4200000001:1:2'],
    });
    expect(evs[1]!.attributes).toBe(evs[2]!.attributes);
  });

  it('decodes MP_REACH_NLRI / MP_UNREACH_NLRI for IPv6 with a link-local next hop', async () => {
    const nh = Buffer.concat([Buffer.from('20010db8000000000000000000000001', 'hex'), Buffer.from('fe800000000000000000000000000001', 'hex')]);
    const reach = Buffer.concat([u16(2), Buffer.from([1, 32]), nh, Buffer.from([0, 32, 0x20, 0x01, 0x0d, 0xb8])]);
    const unreach = Buffer.concat([u16(2), Buffer.from([1, 48, 0x20, 0x01, 0x0d, 0xb8, 0, 1])]);
    const attrs = Buffer.concat([attribute(0x40, 1, Buffer.from([2])), attribute(0x40, 2, asPath([[2, [65001]]], 4)), attribute(0x80, 14, reach), attribute(0x80, 15, unreach)]);
    const evs = routes(await collect(mrtRecord(1, 16, 4, bgp4mpMessage(true, 65001, '192.0.2.1', bgpUpdate(Buffer.alloc(0), attrs, Buffer.alloc(0))))));
    expect(evs.map((e) => `${e.kind} ${e.prefix} ${e.attributes?.nextHop ?? ''} ${e.attributes?.nextHopLinkLocal ?? ''}`)).toEqual([
      'withdraw 2001:db8:1::/48  ',
      'announce 2001:db8::/32 2001:db8::1 fe80::1',
    ]);
  });
});

describe('bad input', () => {
  const good = gunzipSync(readFileSync(join(MRT, 'updates.20020722.2238.gz')));

  it('a truncated file throws ParseError naming file, record and byte offset', async () => {
    const cut = good.subarray(0, good.length - 5);
    const e = await parseError(collect(cut, { file: 'cut.mrt' }));
    expect(e.code).toBe('TOPO_PARSE');
    expect(e.location.file).toBe('cut.mrt');
    expect(e.location.record).toBe(1120);
    expect(e.location.byteOffset).toBeGreaterThan(0);
    expect(e.expected).not.toBe('');
  });

  it('skipBad counts the truncated record and keeps everything before it', async () => {
    const reader = readMrt(good.subarray(0, good.length - 5), { skipBad: true });
    let n = 0;
    for await (const batch of reader.batches()) n += batch.length;
    expect(reader.stats.badRecords).toBe(1);
    expect(n).toBeGreaterThan(3000);
  });

  it('a corrupt record fails alone under skipBad, and throws without it', async () => {
    const attrs = Buffer.concat([attribute(0x40, 1, Buffer.from([0])), attribute(0x40, 2, Buffer.from([2, 9, 0, 1]))]);
    const bad = mrtRecord(1, 16, 1, bgp4mpMessage(false, 65001, '192.0.2.1', bgpUpdate(Buffer.alloc(0), attrs, nlri(['10.0.0.0/8']))));
    const input = Buffer.concat([bad, good]);
    const e = await parseError(collect(input, { file: 'bad.mrt' }));
    expect(e.location).toMatchObject({ file: 'bad.mrt', record: 0 });
    expect(e.location.byteOffset).toBeLessThan(bad.length);
    const reader = readMrt(input, { skipBad: true });
    let n = 0;
    for await (const ev of reader) if (ev.kind !== 'peer-index') n++;
    expect(n).toBe(3337);
    expect(reader.stats.badRecords).toBe(1);
  });

  it('a broken length field throws instead of buffering gigabytes', async () => {
    const broken = Buffer.concat([good.subarray(0, 8), u32(0xfffffff0), good.subarray(12)]);
    const e = await parseError(collect(broken, { file: 'len.mrt' }));
    expect(e.location).toMatchObject({ file: 'len.mrt', record: 0, byteOffset: 0 });
  });

  it('a missing file is reported as such, not as bad input', async () => {
    const e = await collect(join(MRT, 'no-such-file.gz')).then(() => null, (err: unknown) => err);
    expect((e as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('a corrupt gzip stream throws ParseError', async () => {
    const gz = Buffer.from(readFileSync(join(MRT, 'updates.20020722.2238.gz')));
    gz.fill(0x55, 200, 260);
    const e = await parseError(collect(gz, { file: 'bad.gz' }));
    expect(e.location.file).toBe('bad.gz');
  });
});
