// Uniqueness of the domain model's natural keys: every import MERGEs on these.
CREATE CONSTRAINT device_id IF NOT EXISTS FOR (d:Device) REQUIRE d.id IS UNIQUE;
CREATE CONSTRAINT interface_id IF NOT EXISTS FOR (i:Interface) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT link_id IF NOT EXISTS FOR (l:Link) REQUIRE l.id IS UNIQUE;
CREATE CONSTRAINT ospf_adjacency_id IF NOT EXISTS FOR (a:OspfAdjacency) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT bgp_session_id IF NOT EXISTS FOR (s:BgpSession) REQUIRE s.id IS UNIQUE;
CREATE CONSTRAINT autonomous_system_asn IF NOT EXISTS FOR (a:AutonomousSystem) REQUIRE a.asn IS UNIQUE;
CREATE CONSTRAINT prefix_prefix IF NOT EXISTS FOR (p:Prefix) REQUIRE p.prefix IS UNIQUE;
CREATE CONSTRAINT route_id IF NOT EXISTS FOR (r:Route) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (i:Import) REQUIRE i.id IS UNIQUE;
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE;
