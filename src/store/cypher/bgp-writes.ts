// Batched, idempotent writes of BGP imports: ASes, adjacencies, prefixes with their packed routes, sessions, per-window counters.

/**
 * Claims the next batch of an import: succeeds (one row) only when every record before `first`
 * is committed and this batch is not, so a re-run skips what an earlier run already wrote.
 */
export const CLAIM_BATCH = `
MATCH (i:Import {id: $importId})
WITH i WHERE coalesce(i.committedRecords, 0) <= $first
SET i.committedRecords = $next
RETURN i.committedRecords AS committedRecords`;

export const START_IMPORT = `
MERGE (i:Import {id: $id})
ON CREATE SET i.firstImportedAt = datetime(), i.committedRecords = 0, i.complete = false
SET i.file = $file, i.format = $format, i.sha256 = $sha256, i.protocol = 'bgp', i.windowSeconds = $windowSeconds
RETURN i.committedRecords AS committedRecords, i.complete AS complete`;

export const FINISH_IMPORT = `
MATCH (i:Import {id: $id})
SET i.complete = true, i.counts = $counts, i.lastImportedAt = datetime()`;

export const UPSERT_ASES = `
UNWIND $asns AS asn
MERGE (:AutonomousSystem {asn: asn})`;

/** Adjacent ASNs of AS paths in path order: `a` heard the route from `b`. */
export const UPSERT_AS_ADJACENCIES = `
UNWIND $rows AS r
MATCH (a:AutonomousSystem {asn: r[0]})
MATCH (b:AutonomousSystem {asn: r[1]})
MERGE (a)-[:AS_ADJACENT]->(b)`;

/** Prefixes with the origin ASes announcing them (several: a MOAS conflict); `origins` may be empty. */
export const UPSERT_PREFIXES = `
UNWIND $rows AS r
MERGE (p:Prefix {prefix: r.prefix})
ON CREATE SET p.afi = r.afi
WITH p, r
UNWIND r.origins AS origin
MATCH (a:AutonomousSystem {asn: origin})
MERGE (p)-[:ORIGINATED_BY]->(a)`;

export const UPSERT_SESSIONS = `
UNWIND $rows AS r
MERGE (s:BgpSession {id: r.id})
SET s.peerAddress = r.peerAddress, s.peerAsn = r.peerAsn
WITH s, r
MATCH (a:AutonomousSystem {asn: r.peerAsn})
MERGE (s)-[:PEER_AS]->(a)`;

/** The latest FSM state of each session; an older record never overwrites a newer one. */
export const SET_SESSION_STATES = `
UNWIND $rows AS r
MATCH (s:BgpSession {id: r.id})
WITH s, r WHERE s.stateChangedAtMicros IS NULL OR s.stateChangedAtMicros <= r.at
SET s.state = r.state, s.stateChangedAtMicros = r.at`;

/** A prefix node's packed route lists, as PackedPrefix.fromStore reads them. */
export const PACKED_ROUTE_LISTS = `p.prefix AS prefix, p.routeKeys AS keys, p.routeActive AS active, p.routeNextHops AS nextHops, p.routeOriginAsns AS originAsns, p.routeData AS data`;

/**
 * A write lock on each prefix node read (a dummy property set and removed): the batch rewrites the lists whole
 * from what it reads here, so another import touching the same prefix must wait rather than have its routes
 * overwritten. Callers lock in sorted prefix order, so two imports cannot deadlock on the same prefixes.
 */
const LOCK_PREFIX = `SET p.routeLock = true REMOVE p.routeLock`;

/** The packed routes of the prefixes a batch touches (index prefix_prefix), locked; a prefix node without routes returns null lists. */
export const PREFIX_ROUTES = `
UNWIND $prefixes AS prefix
MATCH (p:Prefix {prefix: prefix})
${LOCK_PREFIX}
RETURN ${PACKED_ROUTE_LISTS}`;

/**
 * The packed routes of every prefix any of `$peers` (`peerAddress|peerAsn`) holds a route to, for sessions
 * leaving Established: one full scan of the prefix nodes per batch (list elements have no index), however
 * many sessions go down in it; session downs are rare.
 */
export const PREFIX_ROUTES_OF_PEERS = `
MATCH (p:Prefix) WHERE any(k IN p.routeKeys WHERE any(peer IN $peers WHERE k = peer OR k STARTS WITH peer + '#'))
WITH p ORDER BY p.prefix
${LOCK_PREFIX}
RETURN ${PACKED_ROUTE_LISTS}`;

/**
 * The lists of a write row `[prefix, keys, active, nextHops, originAsns, data, …]`: each list comes as one
 * newline-joined string (`active` as one `1`/`0` character per route), split here. One value per list
 * instead of one per route: Bolt encoding and decoding per value is what the write spends most on (measured).
 */
const ROUTE_LISTS_OF_ROW = `{routeKeys: split(r[1], '\\n'), routeActive: [c IN split(r[2], '') | c = '1'], routeNextHops: split(r[3], '\\n'),
  routeOriginAsns: [x IN split(r[4], '\\n') | toFloat(x)], routeData: split(r[5], '\\n')}`;

/**
 * Prefixes the same transaction found missing (PREFIX_ROUTES), rows `[…lists, afi, origins]`: created with
 * their routes and origins, without MERGE's lookup and lock. One row per prefix, whatever its number of routes.
 */
export const CREATE_PREFIXES_WITH_ROUTES = `
UNWIND $rows AS r
CREATE (p:Prefix {prefix: r[0], afi: r[6]})
SET p += ${ROUTE_LISTS_OF_ROW}
WITH p, r
UNWIND r[7] AS origin
MATCH (a:AutonomousSystem {asn: origin})
CREATE (p)-[:ORIGINATED_BY]->(a)`;

/** A stored prefix's routes after the batch: every list rewritten whole (the batch read them in this transaction). */
export const SET_PREFIX_ROUTES = `
UNWIND $rows AS r
MATCH (p:Prefix {prefix: r[0]})
SET p += ${ROUTE_LISTS_OF_ROW}`;

/** Adds a batch's tallies; each batch is claimed once (CLAIM_BATCH), so adding never double counts. */
export const ADD_EVENT_COUNTS = `
UNWIND $rows AS r
MERGE (w:BgpEventWindow {id: r.id})
ON CREATE SET w.peerAddress = r.peerAddress, w.peerAsn = r.peerAsn, w.sessionId = r.sessionId, w.prefix = r.prefix,
    w.windowStart = r.windowStart, w.windowSeconds = r.windowSeconds,
    w.announcements = 0, w.withdrawals = 0, w.pathChanges = 0, w.flaps = 0, w.sessionDownWithdrawals = 0
SET w.announcements = w.announcements + r.announcements, w.withdrawals = w.withdrawals + r.withdrawals,
    w.pathChanges = w.pathChanges + r.pathChanges, w.flaps = w.flaps + r.flaps,
    w.sessionDownWithdrawals = coalesce(w.sessionDownWithdrawals, 0) + r.sessionDownWithdrawals,
    w.originAsn = coalesce(r.originAsn, w.originAsn)`;
