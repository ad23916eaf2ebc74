// Batched, idempotent writes of OSPF observations: directed adjacencies, advertised stubs, change events.

/** The adjacencies the routers of this import advertised last time, to diff against. */
export const CURRENT_ADJACENCIES_FROM = `
UNWIND $routerIds AS rid
MATCH (a:Device {routerId: rid})-[r:OSPF_ADJACENCY]->(b:Device)
WHERE r.area IN $areas
RETURN r.id AS id, r.fromRouterId AS fromRouterId, r.toRouterId AS toRouterId, r.area AS area,
       r.cost AS cost, r.lsaSequence AS lsaSequence`;

export const UPSERT_ADJACENCIES = `
UNWIND $rows AS r
MATCH (a:Device {id: r.fromDeviceId})
MATCH (b:Device {id: r.toDeviceId})
MERGE (a)-[adj:OSPF_ADJACENCY {id: r.id}]->(b)
SET adj += r.props`;

export const DELETE_ADJACENCIES = `
UNWIND $ids AS id
MATCH ()-[adj:OSPF_ADJACENCY {id: id}]->()
DELETE adj`;

export const UPSERT_STUB_NETWORKS = `
UNWIND $rows AS r
MATCH (d:Device {id: r.deviceId})
MERGE (p:Prefix {prefix: r.prefix})
SET p.afi = 4
MERGE (d)-[s:ADVERTISES {id: r.id}]->(p)
SET s.protocol = 'ospf', s.area = r.area, s.cost = r.cost, s.lsaSequence = r.lsaSequence`;

export const RECORD_ROUTING_EVENTS = `
UNWIND $rows AS r
MERGE (e:RoutingEvent {id: r.id})
ON CREATE SET e += r.props`;
