// BGP routes packed on their prefix: a store written before (one (:Route) node per route) gets each prefix's
// routes as the parallel lists the importer now writes (see src/store/bgp-packed-routes.ts: keys
// `peerAddress|peerAsn[#pathId]`, '' = no next hop, -1 = no origin AS, routeData one positional JSON array
// [lastEventAtMicros, withdrawnAtMicros, source, asPath, asPathText, origin, med, localPref, communities, largeCommunities]);
// then the route nodes and their constraint and indexes go. One transaction: a store of many millions
// of routes needs the heap for it (or clear the routes and re-import the files).
MATCH (r:Route)
WITH r ORDER BY r.prefix, r.id
WITH r.prefix AS prefix, collect(r) AS rs
MERGE (p:Prefix {prefix: prefix})
ON CREATE SET p.afi = rs[0].afi
SET p.routeKeys = [r IN rs | r.peerAddress + '|' + toString(toInteger(r.peerAsn)) + CASE WHEN r.pathId IS NULL THEN '' ELSE '#' + toString(toInteger(r.pathId)) END],
    p.routeActive = [r IN rs | coalesce(r.active, false)],
    p.routeNextHops = [r IN rs | coalesce(r.nextHop, '')],
    p.routeOriginAsns = [r IN rs | toFloat(coalesce(r.originAsn, -1))],
    p.routeData = [r IN rs | '[' + toString(toInteger(coalesce(r.lastEventAtMicros, 0)))
      + ',' + CASE WHEN r.withdrawnAtMicros IS NULL OR r.active THEN 'null' ELSE toString(toInteger(r.withdrawnAtMicros)) END
      + ',"' + replace(replace(coalesce(r.source, ''), '\\', '\\\\'), '"', '\\"') + '"'
      + ',' + CASE WHEN r.asPath IS NULL THEN 'null' ELSE '[' + reduce(s = '', a IN r.asPath | s + CASE s WHEN '' THEN '' ELSE ',' END + toString(toInteger(a))) + ']' END
      + ',' + CASE WHEN r.asPathText IS NULL THEN 'null' ELSE '"' + replace(replace(r.asPathText, '\\', '\\\\'), '"', '\\"') + '"' END
      + ',' + CASE WHEN r.origin IS NULL THEN 'null' ELSE '"' + replace(replace(r.origin, '\\', '\\\\'), '"', '\\"') + '"' END
      + ',' + coalesce(toString(toInteger(r.med)), 'null')
      + ',' + coalesce(toString(toInteger(r.localPref)), 'null')
      + ',[' + reduce(s = '', c IN coalesce(r.communities, []) | s + CASE s WHEN '' THEN '' ELSE ',' END + '"' + replace(replace(c, '\\', '\\\\'), '"', '\\"') + '"') + ']'
      + ',[' + reduce(s = '', c IN coalesce(r.largeCommunities, []) | s + CASE s WHEN '' THEN '' ELSE ',' END + '"' + replace(replace(c, '\\', '\\\\'), '"', '\\"') + '"') + ']'
      + ']'];
MATCH (r:Route) DETACH DELETE r;
DROP CONSTRAINT route_id IF EXISTS;
DROP INDEX route_prefix IF EXISTS;
DROP INDEX route_peer IF EXISTS;
