// Reads of the per-window BGP event counters that instability reports are made of, and of the routes packed on prefixes.
import { PACKED_ROUTE_LISTS } from './bgp-writes.js';

/** The counters every report sums, as Cypher aggregates over event windows `w`. */
const SUMS = `sum(w.announcements) AS announcements, sum(w.withdrawals) AS withdrawals, sum(w.pathChanges) AS pathChanges,
       sum(w.flaps) AS flaps, sum(coalesce(w.sessionDownWithdrawals, 0)) AS sessionDownWithdrawals`;

const IN_RANGE = `w.windowSeconds = $windowSeconds AND w.windowStart >= $from AND w.windowStart < $to`;

/** What a ranking orders by: `events` is announcements + withdrawals + session-down withdrawals. */
const ORDER = `CASE $orderBy
    WHEN 'announcements' THEN announcements WHEN 'withdrawals' THEN withdrawals WHEN 'pathChanges' THEN pathChanges
    WHEN 'flaps' THEN flaps ELSE announcements + withdrawals + sessionDownWithdrawals END DESC`;

/** Window lengths imported, and the span of windows stored for each (a report's default range). */
export const WINDOW_SPANS = `
MATCH (w:BgpEventWindow)
RETURN w.windowSeconds AS windowSeconds, min(w.windowStart) AS first, max(w.windowStart) AS last, count(w) AS windows
ORDER BY windowSeconds`;

export const INSTABILITY_TOTALS = `
MATCH (w:BgpEventWindow) WHERE ${IN_RANGE}
RETURN ${SUMS}, count(DISTINCT w.windowStart) AS windows, count(DISTINCT w.prefix) AS prefixes, count(DISTINCT w.sessionId) AS peers`;

/**
 * The top `$limit` values of one window property (`prefix`, `sessionId`, `originAsn`) by churn in
 * range, each with its per-window sums (the first `$windowLimit` windows in time order). The
 * property name comes from the fixed list below, never from input.
 */
function topBy(key: 'prefix' | 'sessionId' | 'originAsn'): string {
  return `
MATCH (w:BgpEventWindow) WHERE ${IN_RANGE} AND w.${key} IS NOT NULL
WITH w.${key} AS key, ${SUMS}, count(DISTINCT w.windowStart) AS windowCount
ORDER BY ${ORDER}, key
LIMIT $limit
CALL {
  WITH key
  MATCH (w:BgpEventWindow {${key}: key}) WHERE ${IN_RANGE}
  WITH w.windowStart AS start, ${SUMS}
  ORDER BY start
  RETURN collect({start: start, announcements: announcements, withdrawals: withdrawals, pathChanges: pathChanges,
                  flaps: flaps, sessionDownWithdrawals: sessionDownWithdrawals})[..$windowLimit] AS windows
}
RETURN key, announcements, withdrawals, pathChanges, flaps, sessionDownWithdrawals, windowCount, windows`;
}

export const TOP_PREFIXES = topBy('prefix');
export const TOP_SESSIONS = topBy('sessionId');
export const TOP_ORIGINS = topBy('originAsn');

/** The packed routes of one prefix (index prefix_prefix). */
export const ROUTES_TO_PREFIX = `
MATCH (p:Prefix {prefix: $prefix}) WHERE p.routeKeys IS NOT NULL
RETURN ${PACKED_ROUTE_LISTS}`;

/** Prefixes holding a route learnt from one peer address: a scan, list elements have no index. */
export const ROUTES_FROM_PEER_ADDRESS = `
MATCH (p:Prefix) WHERE any(k IN p.routeKeys WHERE k STARTS WITH $peerAddress + '|')
RETURN ${PACKED_ROUTE_LISTS}`;
