// One device however many protocols see it: incoming devices take the id of a stored device
// that shares an alias (chassis id, router id / management address, discovered hostname).
import type { Device, Interface, Link } from '../model/index.js';
import { interfaceId, linkId } from '../model/index.js';
import type { WriteTx } from './executor.js';

/**
 * Alias keys of a device, strongest first. Addresses share one namespace (`ip:`), so an OSPF router
 * id meets the LLDP management address of the same box. Link-local and loopback addresses repeat
 * across devices and are left out; hostnames count only for devices discovered by a protocol
 * (a named topology's "New York" is not an LLDP neighbour's "New York").
 */
export function aliasKeys(d: Device): string[] {
  const keys: string[] = [];
  if (d.chassisId) keys.push(`chassis:${d.chassisId}`);
  for (const ip of [d.routerId, ...(d.managementAddresses ?? [])]) {
    if (ip && !/^(fe[89ab][0-9a-f]?:|127\.|::1$)/i.test(ip)) keys.push(`ip:${ip.toLowerCase()}`);
  }
  if (d.hostname && !d.network) keys.push(`host:${d.hostname}`);
  return [...new Set(keys)];
}

const FIND_ALIASES = `
UNWIND $keys AS key
MATCH (a:DeviceAlias {key: key})
RETURN a.key AS key, a.deviceId AS deviceId`;

const RECORD_ALIASES = `
UNWIND $rows AS r
UNWIND r.keys AS key
MERGE (a:DeviceAlias {key: key})
ON CREATE SET a.deviceId = r.id`;

export interface DeviceResolution {
  /** Incoming device id → the stored device it is (itself when none matches). */
  ids: Map<string, string>;
  /** Stored devices this import showed to be one box: [weaker, stronger]. */
  bridged: Array<[string, string]>;
}

/** Finds the stored devices the incoming ones are; aliases order the match, strongest first. */
export async function resolveDeviceIds(tx: WriteTx, devices: Device[]): Promise<DeviceResolution> {
  const keysOf = new Map(devices.map((d) => [d.id, aliasKeys(d)]));
  const allKeys = [...new Set([...keysOf.values()].flat())];
  const rows = allKeys.length > 0 ? await tx.run(FIND_ALIASES, { keys: allKeys }) : [];
  const owner = new Map(rows.map((r) => [r.key as string, r.deviceId as string]));
  const ids = new Map<string, string>();
  const bridged: Array<[string, string]> = [];
  for (const d of devices) {
    const matches = [...new Set((keysOf.get(d.id) ?? []).map((k) => owner.get(k)).filter((id): id is string => id !== undefined))];
    const target = matches[0] ?? d.id;
    ids.set(d.id, target);
    for (const other of matches.slice(1)) bridged.push([other, target]);
  }
  return { ids, bridged };
}

/** Remembers the aliases of the devices just written, pointing at their (resolved) ids. */
export async function recordAliases(tx: WriteTx, devices: Device[]): Promise<void> {
  const rows = devices.map((d) => ({ id: d.id, keys: aliasKeys(d) })).filter((r) => r.keys.length > 0);
  if (rows.length > 0) await tx.run(RECORD_ALIASES, { rows });
}

/** The same observations with every device reference replaced by its resolved id. */
export function applyDeviceIds(
  ids: Map<string, string>,
  obs: { devices: Device[]; interfaces: Interface[]; links: Link[] },
): { devices: Device[]; interfaces: Interface[]; links: Link[] } {
  const to = (id: string) => ids.get(id) ?? id;
  if ([...ids].every(([from, into]) => from === into)) return obs;
  const devices = new Map<string, Device>();
  for (const d of obs.devices) {
    const id = to(d.id);
    const known = devices.get(id);
    devices.set(id, known ? { ...known, ...withoutEmpty(d), id } : { ...d, id });
  }
  const interfaces = obs.interfaces.map((i) => ({ ...i, deviceId: to(i.deviceId), id: interfaceId(to(i.deviceId), i.ifname) }));
  const links = obs.links.map((l) => {
    const ordinal = ordinalOf(l);
    const a = { deviceId: to(l.aDeviceId), ifname: l.aIfname ?? null };
    const b = { deviceId: to(l.bDeviceId), ifname: l.bIfname ?? null };
    const id = linkId(a, b, ordinal);
    // Keep end a the one linkId sorts first, so the same cable seen from either side stores alike.
    if (endKey(a) <= endKey(b)) return { ...l, id, aDeviceId: a.deviceId, bDeviceId: b.deviceId };
    return { ...l, id, aDeviceId: b.deviceId, bDeviceId: a.deviceId, aIfname: l.bIfname ?? null, bIfname: l.aIfname ?? null,
      costAtoB: l.costBtoA ?? null, costBtoA: l.costAtoB ?? null };
  });
  return { devices: [...devices.values()], interfaces, links };
}

function endKey(e: { deviceId: string; ifname: string | null }): string {
  return e.ifname ? `${e.deviceId}|${e.ifname}` : e.deviceId;
}

/** The parallel-link ordinal a link id was made with (0 for the first link between two ends). */
function ordinalOf(l: Link): number {
  const a = { deviceId: l.aDeviceId, ifname: l.aIfname ?? null };
  const b = { deviceId: l.bDeviceId, ifname: l.bIfname ?? null };
  const m = /#(\d+)$/.exec(l.id);
  return m && linkId(a, b, Number(m[1])) === l.id ? Number(m[1]) : 0;
}

function withoutEmpty(d: Device): Partial<Device> {
  return Object.fromEntries(Object.entries(d).filter(([, v]) => v !== null && v !== undefined)) as Partial<Device>;
}

const READ_DEVICE_PARTS = `
MATCH (s:Device {id: $strong})
MATCH (w:Device {id: $id})
OPTIONAL MATCH (w)-[:HAS_INTERFACE]->(i:Interface)
WITH s, w, collect(i {.*}) AS interfaces
OPTIONAL MATCH (l:Link) WHERE l.aDeviceId = $id OR l.bDeviceId = $id
RETURN s {.*} AS strong, w {.*} AS device, interfaces, collect(l {.*}) AS links`;

const MOVE_ROUTING_RELATIONSHIPS = `
MATCH (w:Device {id: $weak}), (s:Device {id: $strong})
CALL (w, s) {
  MATCH (w)-[r:OSPF_ADJACENCY]->(b) WHERE b <> s
  MERGE (s)-[n:OSPF_ADJACENCY {id: r.id}]->(b)
  SET n += properties(r), n.fromDeviceId = s.id
  DELETE r
}
CALL (w, s) {
  MATCH (a)-[r:OSPF_ADJACENCY]->(w) WHERE a <> s
  MERGE (a)-[n:OSPF_ADJACENCY {id: r.id}]->(s)
  SET n += properties(r), n.toDeviceId = s.id
  DELETE r
}
CALL (w, s) {
  MATCH (w)-[r:ADVERTISES]->(p)
  MERGE (s)-[n:ADVERTISES {id: r.id}]->(p)
  SET n += properties(r)
  DELETE r
}
MATCH (a:DeviceAlias {deviceId: $weak}) SET a.deviceId = $strong`;

const DELETE_DEVICE_PARTS = `
MATCH (w:Device {id: $id})
OPTIONAL MATCH (w)-[:HAS_INTERFACE]->(i:Interface)
OPTIONAL MATCH (l:Link) WHERE l.aDeviceId = $id OR l.bDeviceId = $id
DETACH DELETE i, l, w`;

/**
 * Folds a stored device into another that turned out to be the same box (an import bridged two
 * aliases): its properties fill gaps of the survivor, its interfaces and links are re-keyed onto
 * the survivor's id (joining the same cable seen from the other side), its adjacencies move.
 */
export async function mergeStoredDevice(
  tx: WriteTx,
  weakId: string,
  strongId: string,
  writeParts: (parts: { devices: Device[]; interfaces: Interface[]; links: Link[] }) => Promise<void>,
): Promise<void> {
  const [row] = await tx.run(READ_DEVICE_PARTS, { id: weakId, strong: strongId });
  if (!row) return;
  await tx.run(MOVE_ROUTING_RELATIONSHIPS, { weak: weakId, strong: strongId });
  const weak = row.device as Device & { sources?: string[] };
  const strong = row.strong as Device & { sources?: string[] };
  // The survivor keeps what it knows; the folded device only fills gaps.
  const merged = { ...weak, ...withoutEmpty(strong), id: strongId, sources: [...new Set([...(strong.sources ?? []), ...(weak.sources ?? [])])] };
  const parts = applyDeviceIds(new Map([[weakId, strongId]]), {
    devices: [merged],
    interfaces: row.interfaces as Interface[],
    links: row.links as Link[],
  });
  await tx.run(DELETE_DEVICE_PARTS, { id: weakId });
  await writeParts(parts);
}
