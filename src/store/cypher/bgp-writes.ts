// Batched, idempotent writes of BGP imports: ASes, adjacencies, prefixes, sessions, current routes, per-window counters.

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

/** What the store holds for the routes of a batch: whether each exists, and the baseline for path changes and flaps. */
export const ROUTE_STATES = `
UNWIND $ids AS id
MATCH (r:Route {id: id})
RETURN r.id AS id, r.asPath AS asPath, r.active AS active, r.lastEventAtMicros AS at, r.originAsn AS originAsn`;

/** The active routes of a peer whose session leaves Established (index route_peer). */
export const ACTIVE_ROUTES_OF_PEER = `
MATCH (r:Route {peerAddress: $peerAddress, peerAsn: $peerAsn})
WHERE r.active = true
RETURN r.id AS id, r.asPath AS asPath, r.lastEventAtMicros AS at, r.originAsn AS originAsn, r.prefix AS prefix, r.afi AS afi, r.pathId AS pathId`;

/** Routes the same transaction found missing (ROUTE_STATES): created without MERGE's lookup and lock. */
export const CREATE_ANNOUNCED_ROUTES = `
UNWIND $rows AS r
CREATE (rt:Route)
SET rt = r.props`;

/**
 * The announced state of a stored route replaces all its properties (an attribute the new path lacks
 * must go), unless the store already holds a newer event for it.
 */
export const UPDATE_ANNOUNCED_ROUTES = `
UNWIND $rows AS r
MATCH (rt:Route {id: r.id})
WITH rt, r WHERE rt.lastEventAtMicros IS NULL OR rt.lastEventAtMicros <= r.at
SET rt = r.props`;

/** A withdrawal of a route the store has never seen: the route is kept, inactive, so the withdrawal's time survives. */
export const CREATE_WITHDRAWN_ROUTES = `
UNWIND $rows AS r
CREATE (rt:Route)
SET rt = r.key, rt.active = false, rt.withdrawnAtMicros = r.at, rt.lastEventAtMicros = r.at, rt.source = r.source`;

/**
 * A withdrawal marks the route inactive and keeps its last attributes: the time of the withdrawal
 * must survive, or re-importing an older file would bring the route back.
 */
export const MARK_WITHDRAWN_ROUTES = `
UNWIND $rows AS r
MATCH (rt:Route {id: r.id})
WITH rt, r WHERE rt.lastEventAtMicros IS NULL OR rt.lastEventAtMicros <= r.at
SET rt.active = false, rt.withdrawnAtMicros = r.at, rt.lastEventAtMicros = r.at, rt.source = r.source`;

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
