// Route replay: UPDATE counters per window, and a session leaving Established withdrawing its peer's routes.
import { describe, expect, it } from 'vitest';
import type { BgpPathAttributes, BgpRouteEvent, BgpStateChangeEvent } from '../../../src/model/bgp-event.js';
import { replayRouteEvents, type StoredRouteState } from '../../../src/store/bgp-store.js';

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
