// One read of everything the exact analysis needs: devices, links, OSPF adjacencies, advertised prefixes.

export const ANALYSIS_DEVICES = `MATCH (d:Device) RETURN d {.*} AS device ORDER BY d.id`;

export const ANALYSIS_LINKS = `MATCH (l:Link) RETURN l {.*} AS link ORDER BY l.id`;

/** Ends from the relationship itself, so folded devices never leave a stale id behind. */
export const ANALYSIS_ADJACENCIES = `
MATCH (a:Device)-[r:OSPF_ADJACENCY]->(b:Device)
RETURN r.id AS id, a.id AS fromDeviceId, b.id AS toDeviceId, r.cost AS cost, r.area AS area,
       r.linkType AS linkType, r.lsaSequence AS lsaSequence
ORDER BY r.id`;

export const ANALYSIS_PREFIXES = `
MATCH (d:Device)-[:ADVERTISES]->(p:Prefix)
RETURN p.prefix AS prefix, d.id AS originDeviceId
ORDER BY prefix, originDeviceId`;
