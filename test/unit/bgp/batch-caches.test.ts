import { describe, expect, it } from 'vitest';
import { BgpBatchBuilder, SeenKeys, SeenPairs, newBatchCaches } from '../../../src/imports/bgp-batch.js';
import type { AsPathSegment, BgpRouteEvent } from '../../../src/model/bgp-event.js';

describe('batch caches', () => {
  it('SeenPairs tells pairs apart by order and forgets everything when full', () => {
    const pairs = new SeenPairs(3);
    expect(pairs.add(1, 2)).toBe(true);
    expect(pairs.add(1, 2)).toBe(false);
    expect(pairs.has(1, 2)).toBe(true);
    expect(pairs.has(2, 1)).toBe(false);
    expect(pairs.add(2, 1)).toBe(true);
    expect(pairs.add(1, 3)).toBe(true);
    // Full at 3: the next add starts over, so a repeat MERGE may follow (harmless), never a missed write.
    expect(pairs.add(4, 5)).toBe(true);
    expect(pairs.has(1, 2)).toBe(false);
    expect(pairs.has(4, 5)).toBe(true);
  });

  it('SeenKeys forgets everything when full', () => {
    const keys = new SeenKeys(2);
    keys.addAll(['a', 'b']);
    expect(keys.has('a') && keys.has('b')).toBe(true);
    keys.addAll(['c']);
    expect(keys.has('a')).toBe(false);
    expect(keys.has('c')).toBe(true);
  });
});

describe('batch builder: AS paths met in runs', () => {
  const route = (prefix: string, asPath: number[], asPathSegments: AsPathSegment[] | null): BgpRouteEvent => ({
    kind: 'announce', source: 'TABLE_DUMP', rib: true, timestamp: 1, microseconds: 0, peerAddress: '192.0.2.1', peerAsn: asPath[0]!, prefix, afi: 4, safi: 1, pathId: null, record: 0,
    attributes: {
      origin: 'igp', asPath, asPathSegments, nextHop: '192.0.2.1', med: null, localPref: null,
      atomicAggregate: false, aggregator: null, communities: [], largeCommunities: [],
    },
  });

  it('a path equal to the one before adds nothing new; the same ASNs in a set are not the same path', () => {
    const builder = new BgpBatchBuilder(newBatchCaches(new Set()));
    builder.add([
      // 65002 and 65003 in an AS_SET: no adjacency is known inside it.
      route('198.51.100.0/24', [65001, 65002, 65003], [{ type: 'sequence', asns: [65001] }, { type: 'set', asns: [65002, 65003] }]),
      // The same ASNs as a sequence (another attributes object): two adjacencies.
      route('198.51.100.0/24', [65001, 65002, 65003], null),
      route('203.0.113.0/24', [65001, 65002, 65003], null),
    ]);
    const { batch } = builder.finish(0, 3);
    expect(batch.adjacencies).toEqual([[65001, 65002], [65002, 65003]]);
    expect(batch.asns.sort()).toEqual([65001, 65002, 65003]);
  });
});
