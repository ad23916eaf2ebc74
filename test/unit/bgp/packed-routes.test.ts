// Routes packed on their prefix: keys, the JSON data element, and how announcements and withdrawals edit the lists.
import { describe, expect, it } from 'vitest';
import type { BgpPathAttributes, BgpRouteEvent } from '../../../src/model/bgp-event.js';
import {
  NO_NEXT_HOP, NO_ORIGIN_ASN, PackedPrefix, decodeRouteData, encodeRouteData, encodeRouteDataJson, packedRouteKey, parsePackedRouteKey, routeIdOfPacked, type RouteData,
} from '../../../src/store/bgp-packed-routes.js';
import { routeId } from '../../../src/store/bgp-store.js';

const attrs = (over: Partial<BgpPathAttributes> = {}): BgpPathAttributes => ({
  origin: 'igp', asPath: [65001, 65002], asPathSegments: null, nextHop: '192.0.2.1', med: null, localPref: null,
  atomicAggregate: false, aggregator: null, communities: [], largeCommunities: [], ...over,
});
const ev = (kind: 'announce' | 'withdraw', t: number, over: Partial<BgpRouteEvent> = {}): BgpRouteEvent => ({
  kind, source: 'BGP4MP', rib: false, timestamp: t, microseconds: 0, peerAddress: '192.0.2.1', peerAsn: 65001, prefix: '10.0.0.0/24', afi: 4, safi: 1,
  pathId: null, attributes: kind === 'announce' ? attrs() : null, record: 0, ...over,
});

describe('packed route keys', () => {
  it.each([
    ['192.0.2.1', 65001, null, '192.0.2.1|65001'],
    ['2001:db8::1', 4200000000, 7, '2001:db8::1|4200000000#7'],
  ] as const)('%s AS%i path id %s ⇄ %s, and the replay id is routeId', (peerAddress, peerAsn, pathId, key) => {
    expect(packedRouteKey(peerAddress, peerAsn, pathId)).toBe(key);
    expect(parsePackedRouteKey(key)).toEqual({ peerAddress, peerAsn, pathId });
    expect(routeIdOfPacked('2001:db8::/32', key)).toBe(routeId({ peerAddress, peerAsn, pathId, prefix: '2001:db8::/32' }));
  });

  it('rejects a key that is not peer|asn[#pathId] by code', () => {
    expect(() => parsePackedRouteKey('192.0.2.1')).toThrow(expect.objectContaining({ code: 'TOPO_INTERNAL' }));
    expect(() => parsePackedRouteKey('192.0.2.1|x')).toThrow(expect.objectContaining({ code: 'TOPO_INTERNAL' }));
  });
});

describe('route data encoding', () => {
  it('round-trips nulls, empty and nested lists, and text that needs escaping', () => {
    const d: RouteData = {
      lastEventAtMicros: 1_486_802_236_123_456, withdrawnAtMicros: null, source: 'TABLE_DUMP2', asPath: [65001, 4200000000], asPathText: '65001 {4200000000,"x\\"}',
      origin: null, med: 0, localPref: null, communities: ['65001:1'], largeCommunities: [],
    };
    expect(decodeRouteData(encodeRouteData(d), 'test')).toEqual(d);
  });

  const typical: RouteData = {
    lastEventAtMicros: 1_027_380_000_000_000, withdrawnAtMicros: null, source: 'TABLE_DUMP', asPath: [701, 7018, 3356, 1239], asPathText: null,
    origin: 'igp', med: null, localPref: null, communities: ['65000:100', '701:1234'], largeCommunities: ['4200000000:1:2'],
  };

  it('writes compact text, well under the JSON array, and reads it back field for field', () => {
    const text = encodeRouteData(typical);
    expect(text).toBe('1027380000000000||TABLE_DUMP|701 7018 3356 1239||igp|||65000:100 701:1234|4200000000:1:2');
    expect(text.length).toBeLessThan(0.75 * encodeRouteDataJson(typical).length);
    const variants: RouteData[] = [
      typical,
      { ...typical, asPath: null, origin: null, communities: [], largeCommunities: [], withdrawnAtMicros: 1_027_380_000_000_001 },
      { ...typical, asPath: [], med: 0, localPref: 100, origin: 'incomplete', asPathText: '701 {1,2} (3 4) [5,6]', source: 'RIS_LIVE' },
    ];
    for (const d of variants) {
      expect(encodeRouteData(d).startsWith('[')).toBe(false);
      expect(decodeRouteData(encodeRouteData(d), 'test')).toEqual(d);
    }
  });

  it('falls back to the JSON array for data the text cannot hold, and reads JSON written before', () => {
    for (const d of [{ ...typical, communities: ['a b'] }, { ...typical, largeCommunities: ['1|2'] }, { ...typical, asPathText: '' }, { ...typical, asPathText: 'x\ny' }, { ...typical, communities: ['~'] }]) {
      expect(encodeRouteData(d)).toBe(encodeRouteDataJson(d));
      expect(decodeRouteData(encodeRouteData(d), 'test')).toEqual(d);
    }
    expect(decodeRouteData(encodeRouteDataJson(typical), 'test')).toEqual(typical);
  });

  it('rejects compact text with the wrong fields by code', () => {
    for (const bad of ['', '1|2|3', 'x||TABLE_DUMP|1||igp||||', '1||TABLE_DUMP|1 x||igp||||', '1||TABLE_DUMP|1||best||||', '1||MRT|1||igp||||', '1||TABLE_DUMP|1||igp|1.5|||']) {
      expect(() => decodeRouteData(bad, 'test')).toThrow(expect.objectContaining({ code: 'TOPO_INTERNAL' }));
    }
  });

  it('rejects stored text that is not the 10-field array by code', () => {
    for (const bad of ['{', '[]', '{"a":1}', '["1",null,"MRT",null,null,null,null,null,[],[]]']) {
      expect(() => decodeRouteData(bad, 'test')).toThrow(expect.objectContaining({ code: 'TOPO_INTERNAL' }));
    }
  });
});

describe('PackedPrefix', () => {
  it('appends new routes, replaces a route in place, and a withdrawal keeps the last attributes', () => {
    const p = PackedPrefix.empty('10.0.0.0/24', 4);
    p.apply(ev('announce', 100, { attributes: attrs({ med: 5, communities: ['65001:9'] }) }));
    p.apply(ev('announce', 110, { peerAddress: '192.0.2.2', pathId: 3, attributes: attrs({ nextHop: null, asPath: [], asPathSegments: [] }) }));
    p.apply(ev('withdraw', 120));
    expect(p.lists.keys).toEqual(['192.0.2.1|65001', '192.0.2.2|65001#3']);
    expect(p.lists.active).toEqual([false, true]);
    expect(p.lists.nextHops).toEqual(['192.0.2.1', NO_NEXT_HOP]);
    expect(p.lists.originAsns).toEqual([65002, NO_ORIGIN_ASN]);
    const [first, second] = p.routes();
    expect(first).toMatchObject({ id: '192.0.2.1|65001|10.0.0.0/24', active: false, asPath: [65001, 65002], med: 5, communities: ['65001:9'], withdrawnAtMicros: 120e6, lastEventAtMicros: 120e6 });
    expect(second).toMatchObject({ id: '192.0.2.2|65001|10.0.0.0/24#3', pathId: 3, active: true, nextHop: null, originAsn: null, asPath: [], withdrawnAtMicros: null });
    // Re-announced: every attribute replaced, the withdrawal time cleared.
    p.apply(ev('announce', 130, { attributes: attrs({ asPath: [65001, 65003] }) }));
    expect(p.routes()[0]).toMatchObject({ active: true, asPath: [65001, 65003], med: null, communities: [], withdrawnAtMicros: null, lastEventAtMicros: 130e6 });
    expect(p.lists.keys).toHaveLength(2);
    const [prefix, keys, active, nextHops, originAsns, data] = p.writeRow();
    expect({ prefix, keys: keys.split('\n'), active, nextHops: nextHops.split('\n'), originAsns: originAsns.split('\n').map(Number), data: data.split('\n') })
      .toEqual({ prefix: '10.0.0.0/24', keys: p.lists.keys, active: '11', nextHops: p.lists.nextHops, originAsns: p.lists.originAsns, data: p.lists.data });
  });

  it('a withdrawal of an unseen route stores the key, the time and nothing else', () => {
    const p = PackedPrefix.empty('10.0.0.0/24', 4);
    p.apply(ev('withdraw', 200, { source: 'RIS_LIVE' }));
    expect(p.routes()).toEqual([{
      id: '192.0.2.1|65001|10.0.0.0/24', prefix: '10.0.0.0/24', peerAddress: '192.0.2.1', peerAsn: 65001, pathId: null, active: false, nextHop: null, originAsn: null,
      lastEventAtMicros: 200e6, withdrawnAtMicros: 200e6, source: 'RIS_LIVE', asPath: null, asPathText: null, origin: null, med: null, localPref: null, communities: [], largeCommunities: [],
    }]);
  });

  it('rejects stored lists of different lengths by code', () => {
    expect(() => PackedPrefix.fromStore({ prefix: '10.0.0.0/24', keys: ['a|1'], active: [], nextHops: [''], originAsns: [-1], data: ['x'] }))
      .toThrow(expect.objectContaining({ code: 'TOPO_INTERNAL' }));
  });
});
