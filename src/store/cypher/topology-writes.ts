// Batched, idempotent writes of topology observations: UNWIND … MERGE on natural keys.

export const UPSERT_DEVICES = `
UNWIND $rows AS r
MERGE (d:Device {id: r.id})
SET d += r.props,
    d.sources = CASE WHEN r.source IN coalesce(d.sources, []) THEN d.sources ELSE coalesce(d.sources, []) + r.source END`;

export const UPSERT_INTERFACES = `
UNWIND $rows AS r
MATCH (d:Device {id: r.deviceId})
MERGE (i:Interface {id: r.id})
SET i += r.props
MERGE (d)-[:HAS_INTERFACE]->(i)`;

export const UPSERT_LINKS = `
UNWIND $rows AS r
MATCH (a:Device {id: r.aDeviceId})
MATCH (b:Device {id: r.bDeviceId})
MERGE (l:Link {id: r.id})
SET l += r.props,
    l.sources = CASE WHEN r.source IN coalesce(l.sources, []) THEN l.sources ELSE coalesce(l.sources, []) + r.source END
MERGE (l)-[:CONNECTS {side: 'a'}]->(a)
MERGE (l)-[:CONNECTS {side: 'b'}]->(b)
WITH l, r
OPTIONAL MATCH (ia:Interface {id: r.aInterfaceId})
OPTIONAL MATCH (ib:Interface {id: r.bInterfaceId})
FOREACH (_ IN CASE WHEN ia IS NULL THEN [] ELSE [1] END | MERGE (ia)-[:ON_LINK]->(l))
FOREACH (_ IN CASE WHEN ib IS NULL THEN [] ELSE [1] END | MERGE (ib)-[:ON_LINK]->(l))`;

export const RECORD_IMPORT = `
MERGE (i:Import {id: $id})
ON CREATE SET i.firstImportedAt = datetime()
SET i.file = $file, i.format = $format, i.sha256 = $sha256, i.protocol = $protocol,
    i.lastImportedAt = datetime(), i.counts = $counts, i.timesImported = coalesce(i.timesImported, 0) + 1`;
