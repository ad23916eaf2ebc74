// Route replay: UPDATE counters per window, and a session leaving Established withdrawing its peer's routes.
import { describe, expect, it } from 'vitest';
import type { BgpPathAttributes, BgpRouteEvent, BgpStateChangeEvent } from '../../../src/model/bgp-event.js';
import { PackedPrefix } from '../../../src/store/bgp-packed-routes.js';
import { prepareFreshPrefixes, replayRouteEvents, type StoredRouteState } from '../../../src/store/bgp-store.js';

const attrs = (asPath: number[]): BgpPathAttributes => ({
  origin: 'igp', asPath, asPathSegments: null, nextHop: '192.0.2.1', med: null, localPref: null,
  atomicAggregate: false, aggregator: null, communities: [], largeCommunities: [],
});

let record = 0;
function announce(peer: string, prefix: string, t: number, asPath: number[]): BgpRouteEvent {
  return { kind: 'announce', source: 'BGP4MP', rib: false, timestamp: t, microseconds: 0, peerAddress: peer, peerAsn: 65001, prefix, afi: 4, safi: 1, pathId: null, attributes: attrs(asPath), record: record++ };
}
function state(peer: string, t: number, oldState: number, newState: number): BgpStateChangeEvent {
  return { kind: 'state', source: 'BGP4MP', timestamp: t, microseconds: 0, peerAddress: peer, peerAsn: 65001, oldState, newState, record: record++ };
}
const storedRoute = (prefix: string, at: number, active = true): StoredRouteState => ({
  asPath: [65001, 65009], active, at: at * 1e6, key: { peerAddress: '192.0.2.1', peerAsn: 65001, prefix, afi: 4, pathId: null },
});

describe('replayRouteEvents: session down', () => {
  // Peer 192.0.2.1 holds 10.0.1.0/24 in the store (active, from t=100) and 10.0.3.0/24 (already withdrawn);
  // 10.0.4.0/24 is stored with a later event (t=5000) than the session down, so the down cannot touch it.
  const stored = new Map<string, StoredRouteState>([
    ['192.0.2.1|65001|10.0.1.0/24', storedRoute('10.0.1.0/24', 100)],
    ['192.0.2.1|65001|10.0.3.0/24', storedRoute('10.0.3.0/24', 100, false)],
    ['192.0.2.1|65001|10.0.4.0/24', storedRoute('10.0.4.0/24', 5000)],
  ]);
  const events = [
    announce('192.0.2.1', '10.0.2.0/24', 910, [65001, 65002]),
    announce('198.51.100.1', '10.0.2.0/24', 920, [65001, 65003]), // another peer: untouched by the down
    state('192.0.2.1', 930, 6, 1), // Established → Idle
    state('192.0.2.1', 940, 1, 2), // not out of Established: nothing more
    announce('192.0.2.1', '10.0.2.0/24', 1250, [65001, 65002]), // back after the reset: a flap
  ];
  const { finalEvents, windows } = replayRouteEvents(events, stored, 300);
  const byId = new Map(windows.map((w) => [`${w.windowStart} ${w.routeId}`, w]));

  it('withdraws every active route of the peer, stored or announced earlier in the batch, at the time of the state change', () => {
    const down = finalEvents.filter((e) => e.kind === 'withdraw');
    expect(down.map((e) => `${e.prefix}@${e.timestamp}`).sort()).toEqual(['10.0.1.0/24@930']);
    const reannounced = finalEvents.find((e) => e.prefix === '10.0.2.0/24' && e.peerAddress === '192.0.2.1');
    expect(reannounced).toMatchObject({ kind: 'announce', timestamp: 1250 });
    expect(finalEvents.find((e) => e.peerAddress === '198.51.100.1')).toMatchObject({ kind: 'announce' });
    expect(finalEvents.some((e) => e.prefix === '10.0.3.0/24' || e.prefix === '10.0.4.0/24')).toBe(false);
  });

  it('counts them in sessionDownWithdrawals of the state change window, not in withdrawals; a re-announcement is a flap', () => {
    expect(byId.get('900 192.0.2.1|65001|10.0.1.0/24')).toMatchObject({ announcements: 0, withdrawals: 0, sessionDownWithdrawals: 1, flaps: 0 });
    expect(byId.get('900 192.0.2.1|65001|10.0.2.0/24')).toMatchObject({ announcements: 1, withdrawals: 0, sessionDownWithdrawals: 1, flaps: 0 });
    expect(byId.get('1200 192.0.2.1|65001|10.0.2.0/24')).toMatchObject({ announcements: 1, withdrawals: 0, sessionDownWithdrawals: 0, flaps: 1, pathChanges: 0 });
    expect(byId.get('900 198.51.100.1|65001|10.0.2.0/24')).toMatchObject({ announcements: 1, sessionDownWithdrawals: 0 });
    expect(windows.reduce((n, w) => n + w.sessionDownWithdrawals, 0)).toBe(2);
  });

  it('a session down with no active routes changes nothing', () => {
    const r = replayRouteEvents([state('203.0.113.9', 100, 6, 1)], new Map(), 300);
    expect(r).toEqual({ finalEvents: [], windows: [] });
  });
});

describe('prepareFreshPrefixes', () => {
  const rib = (peer: string, prefix: string, t: number, asPath: number[], pathId: number | null = null): BgpRouteEvent => ({ ...announce(peer, prefix, t, asPath), source: 'TABLE_DUMP2', rib: true, pathId });
  /** The general path: replay from no stored state, then the final events onto an empty prefix. */
  const replayed = (events: BgpRouteEvent[]) => {
    const { finalEvents, windows } = replayRouteEvents(events, new Map(), 300);
    const packed = PackedPrefix.empty(events[0]!.prefix, 4);
    for (const ev of finalEvents) packed.apply(ev);
    return { row: packed.writeRow(), windows };
  };

  it('writes RIB entries as the replay does: the latest entry per route, the later on a tie, routes in first-met order', async () => {
    const events = [
      rib('192.0.2.1', '10.9.0.0/16', 500, [65001, 65100]),
      rib('192.0.2.2', '10.9.0.0/16', 400, [65002, 65100]),
      rib('192.0.2.1', '10.9.0.0/16', 450, [65001, 65200]), // older than the first: ignored
      rib('192.0.2.2', '10.9.0.0/16', 400, [65002, 65300]), // same time: the later wins
      rib('192.0.2.3', '10.9.0.0/16', 300, [65003], 7),
      rib('192.0.2.3', '10.9.0.0/16', 300, [65003, 65004], 8), // another path id: another route
      rib('192.0.2.9', '10.8.0.0/16', 100, [65009]),
    ];
    const prepared = (await prepareFreshPrefixes(events, 300))!;
    for (const prefix of ['10.9.0.0/16', '10.8.0.0/16']) {
      const expected = replayed(events.filter((ev) => ev.prefix === prefix));
      expect(prepared.get(prefix)).toMatchObject({ row: expected.row, windows: expected.windows });
    }
    expect(prepared.get('10.9.0.0/16')!.row[1]).toBe('192.0.2.1|65001\n192.0.2.2|65001\n192.0.2.3|65001#7\n192.0.2.3|65001#8');
    expect(prepared.get('10.9.0.0/16')).toMatchObject({ announcedRoutes: 4, withdrawnRoutes: 0 });
  });

  it('leaves out the prefixes the store holds, and prepares nothing when a session goes down', async () => {
    const events = [rib('192.0.2.1', '10.9.0.0/16', 500, [65001]), announce('192.0.2.1', '10.7.0.0/16', 600, [65001])];
    expect([...(await prepareFreshPrefixes(events, 300, new Set(['10.9.0.0/16'])))!.keys()]).toEqual(['10.7.0.0/16']);
    expect(await prepareFreshPrefixes([...events, state('192.0.2.1', 700, 6, 1)], 300)).toBeUndefined();
  });
});
