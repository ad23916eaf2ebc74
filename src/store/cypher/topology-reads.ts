// Parameterised reads behind the GraphQL API; batch reads return rows keyed for DataLoader.

/** Filter shared by the page and its count; null parameters match everything. */
const DEVICE_FILTER = `
WHERE ($after IS NULL OR d.id > $after)
  AND ($network IS NULL OR d.network = $network)
  AND ($role IS NULL OR d.role = $role)
  AND ($hostnameContains IS NULL OR toLower(d.hostname) CONTAINS toLower($hostnameContains))`;

export const DEVICES_PAGE = `
MATCH (d:Device)
${DEVICE_FILTER}
RETURN d {.*} AS device
ORDER BY d.id
LIMIT $limit`;

export const DEVICES_COUNT = `
MATCH (d:Device)
${DEVICE_FILTER}
RETURN count(d) AS total`;

export const DEVICES_BY_IDS = `
UNWIND $ids AS id
MATCH (d:Device {id: id})
RETURN d {.*} AS device`;

/** A device by id, else by exact hostname or router id (names operators type). */
export const DEVICE_BY_NAME = `
OPTIONAL MATCH (byId:Device {id: $name})
OPTIONAL MATCH (byHost:Device {hostname: $name})
OPTIONAL MATCH (byRouterId:Device {routerId: $name})
WITH coalesce(byId, byHost, byRouterId) AS d, count(DISTINCT byHost) AS hostMatches
RETURN d {.*} AS device, hostMatches`;

export const LINKS_PAGE = `
MATCH (l:Link)
WHERE $after IS NULL OR l.id > $after
RETURN l {.*} AS link
ORDER BY l.id
LIMIT $limit`;

export const LINKS_COUNT = `MATCH (l:Link) RETURN count(l) AS total`;

export const LINKS_BY_IDS = `
UNWIND $ids AS id
MATCH (l:Link {id: id})
RETURN l {.*} AS link`;

export const LINKS_BY_DEVICE_IDS = `
UNWIND $ids AS id
MATCH (l:Link)
WHERE l.aDeviceId = id OR l.bDeviceId = id
RETURN id, l {.*} AS link
ORDER BY l.id`;

export const INTERFACES_BY_DEVICE_IDS = `
UNWIND $ids AS id
MATCH (:Device {id: id})-[:HAS_INTERFACE]->(i:Interface)
RETURN id, i {.*} AS interface
ORDER BY i.ifname`;

export const COUNTS = `
CALL { MATCH (d:Device) RETURN count(d) AS devices }
CALL { MATCH (l:Link) RETURN count(l) AS links }
CALL { MATCH (i:Interface) RETURN count(i) AS interfaces }
RETURN devices, links, interfaces`;

/** Changes whenever an import writes: the analysis caches key on it. */
export const TOPOLOGY_VERSION = `
MATCH (i:Import)
RETURN count(i) AS imports, toString(max(i.lastImportedAt)) AS lastImportedAt`;
