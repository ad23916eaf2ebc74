// One read of everything the exact analysis needs: devices, links, OSPF adjacencies, advertised prefixes.

export const ANALYSIS_DEVICES = `MATCH (d:Device) RETURN d {.*} AS device ORDER BY d.id`;

export const ANALYSIS_LINKS = `MATCH (l:Link) RETURN l {.*} AS link ORDER BY l.id`;

/** Ends from the relationship itself, so folded devices never leave a stale id behind. */
export const ANALYSIS_ADJACENCIES = `
MATCH (a:Device)-[r:OSPF_ADJACENCY]->(b:Device)
RETURN r.id AS id, a.id AS fromDeviceId, b.id AS toDeviceId, r.cost AS cost, r.area AS area,
       r.linkType AS linkType, r.lsaSequence AS lsaSequence
ORDER BY r.id`;

/** OSPF stubs with the router's point-to-point interface addresses (a stub on a link goes with the link). */
export const ANALYSIS_STUB_PREFIXES = `
MATCH (d:Device)-[:ADVERTISES]->(p:Prefix)
OPTIONAL MATCH (d)-[a:OSPF_ADJACENCY {linkType: 'point-to-point'}]->(n:Device)
WITH p, d, collect(CASE WHEN a IS NULL THEN null ELSE {address: a.interfaceAddress, peer: n.id} END) AS links
RETURN p.prefix AS prefix, d.id AS originDeviceId, links
ORDER BY prefix, originDeviceId`;

/** Active BGP routes by next hop (packed on their prefix: element i of each list is one route), matched to the device that holds the next-hop address. */
export const ANALYSIS_BGP_PREFIXES = `
MATCH (p:Prefix) WHERE p.routeKeys IS NOT NULL
UNWIND range(0, size(p.routeKeys) - 1) AS i
WITH p, i WHERE p.routeActive[i] AND p.routeNextHops[i] <> ''
WITH DISTINCT p.prefix AS prefix, toLower(p.routeNextHops[i]) AS nextHop
MATCH (a:DeviceAlias {key: 'ip:' + nextHop})
RETURN prefix, a.deviceId AS nextHopDeviceId
ORDER BY prefix, nextHopDeviceId`;
