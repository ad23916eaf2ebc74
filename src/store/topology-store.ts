// Writes topology observations to Neo4j and reads them back for the API and the analysis snapshot.
import type { Device, Interface, Link, OspfAdjacency, TopologyObservations } from '../model/index.js';
import { interfaceId } from '../model/index.js';
import neo4j from 'neo4j-driver';
import type { Executor, Row, WriteTx } from './executor.js';
import * as W from './cypher/topology-writes.js';
import * as R from './cypher/topology-reads.js';
import * as A from './cypher/analysis-reads.js';
import type { SnapshotInput } from '../graph/snapshot.js';
import { applyDeviceIds, mergeStoredDevice, recordAliases, resolveDeviceIds } from './device-identity.js';
import type { ObservationSource } from '../model/index.js';

export const WRITE_BATCH_SIZE = 1000;

export interface ImportRecord {
  /** Stable import id: format plus content hash, so re-importing the same bytes updates one node. */
  id: string;
  file: string;
  format: string;
  sha256: string;
  protocol: string;
}

export interface TopologyCounts {
  devices: number;
  links: number;
  interfaces: number;
}

export interface DeviceFilter {
  network?: string | null;
  role?: string | null;
  hostnameContains?: string | null;
}


/** Splits rows into UNWIND batches; each batch is one statement in the caller's transaction. */
export async function writeBatched(tx: WriteTx, cypher: string, rows: Row[]): Promise<void> {
  for (let i = 0; i < rows.length; i += WRITE_BATCH_SIZE) {
    await tx.run(cypher, { rows: rows.slice(i, i + WRITE_BATCH_SIZE) });
  }
}

export function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  // Neo4j cannot store null properties; `SET +=` with null would also erase what another source set.
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export class TopologyStore {
  constructor(private readonly executor: Executor) {}

  /**
   * Writes one file's observations in a single transaction: all batches commit together or not at all,
   * so a failure leaves nothing partial and a re-run completes the import.
   */
  async upsertTopology(input: TopologyObservations, record: ImportRecord): Promise<TopologyCounts> {
    return this.executor.inTransaction(async (tx) => {
      const { ids, bridged } = await resolveDeviceIds(tx, input.devices);
      await mergeBridgedDevices(tx, bridged, input.source);
      const obs = { ...input, ...applyDeviceIds(ids, input) };
      const counts = await writeTopology(tx, obs);
      await recordAliases(tx, obs.devices);
      await tx.run(W.RECORD_IMPORT, { ...record, counts: JSON.stringify(counts) });
      return counts;
    });
  }

  async counts(): Promise<TopologyCounts> {
    const [row] = await this.executor.read(R.COUNTS);
    return { devices: Number(row?.devices ?? 0), links: Number(row?.links ?? 0), interfaces: Number(row?.interfaces ?? 0) };
  }

  /** One page of devices ordered by id, after the cursor id; fetches one extra row to tell if more follow. */
  async devicesPage(limit: number, after: string | null, filter: DeviceFilter): Promise<{ devices: Device[]; hasMore: boolean }> {
    const rows = await this.executor.read(R.DEVICES_PAGE, { ...filterParams(filter), after, limit: neo4j.int(limit + 1) });
    const devices = rows.map((r) => r.device as Device);
    return { devices: devices.slice(0, limit), hasMore: devices.length > limit };
  }

  async countDevices(filter: DeviceFilter): Promise<number> {
    const [row] = await this.executor.read(R.DEVICES_COUNT, { ...filterParams(filter), after: null });
    return Number(row?.total ?? 0);
  }

  /** Devices in the order of `ids` (null where missing), as DataLoader needs. */
  async devicesByIds(ids: readonly string[]): Promise<Array<Device | null>> {
    const rows = await this.executor.read(R.DEVICES_BY_IDS, { ids: [...ids] });
    const byId = new Map(rows.map((r) => [(r.device as Device).id, r.device as Device]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** A device named by id, hostname or router id; `ambiguous` when a hostname names several. */
  async findDevice(name: string): Promise<{ device: Device | null; ambiguous: boolean }> {
    const [row] = await this.executor.read(R.DEVICE_BY_NAME, { name });
    const device = (row?.device as Device | null) ?? null;
    return { device, ambiguous: device !== null && device.id !== name && Number(row?.hostMatches ?? 0) > 1 };
  }

  async linksPage(limit: number, after: string | null): Promise<{ links: Link[]; hasMore: boolean }> {
    const rows = await this.executor.read(R.LINKS_PAGE, { after, limit: neo4j.int(limit + 1) });
    const links = rows.map((r) => r.link as Link);
    return { links: links.slice(0, limit), hasMore: links.length > limit };
  }

  async countLinks(): Promise<number> {
    const [row] = await this.executor.read(R.LINKS_COUNT);
    return Number(row?.total ?? 0);
  }

  /** Links in the order of `ids` (null where missing), as DataLoader needs. */
  async linksByIds(ids: readonly string[]): Promise<Array<Link | null>> {
    const rows = await this.executor.read(R.LINKS_BY_IDS, { ids: [...ids] });
    const byId = new Map(rows.map((r) => [(r.link as Link).id, r.link as Link]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async linksByDeviceIds(ids: readonly string[]): Promise<Link[][]> {
    return groupByKey(ids, await this.executor.read(R.LINKS_BY_DEVICE_IDS, { ids: [...ids] }), 'link');
  }

  async interfacesByDeviceIds(ids: readonly string[]): Promise<Interface[][]> {
    return groupByKey(ids, await this.executor.read(R.INTERFACES_BY_DEVICE_IDS, { ids: [...ids] }), 'interface');
  }

  /** A token that changes whenever an import writes (analysis caches key on it). */
  async topologyVersion(): Promise<string> {
    const [row] = await this.executor.read(R.TOPOLOGY_VERSION);
    return `${String(row?.imports ?? 0)}@${String(row?.lastImportedAt ?? '')}`;
  }

  /** Everything the exact analysis needs (devices, links, OSPF adjacencies, advertised prefixes). */
  async readAnalysisInput(): Promise<SnapshotInput> {
    const [devices, links, adjacencies, stubs, bgp] = await Promise.all([
      this.executor.read(A.ANALYSIS_DEVICES),
      this.executor.read(A.ANALYSIS_LINKS),
      this.executor.read(A.ANALYSIS_ADJACENCIES),
      this.executor.read(A.ANALYSIS_STUB_PREFIXES),
      this.executor.read(A.ANALYSIS_BGP_PREFIXES),
    ]);
    return {
      devices: devices.map((r) => r.device as Device),
      links: links.map((r) => r.link as Link),
      adjacencies: adjacencies.map((r) => r as unknown as OspfAdjacency),
      prefixes: [
        ...stubs.map((r) => ({
          prefix: r.prefix as string,
          originDeviceId: r.originDeviceId as string,
          withdrawnWithLinkTo: (r.links as Array<{ address: string | null; peer: string }>).find((l) => l.address !== null && ipv4InPrefix(l.address, r.prefix as string))?.peer ?? null,
        })),
        ...bgp.map((r) => ({ prefix: r.prefix as string, nextHopDeviceId: r.nextHopDeviceId as string })),
      ],
    };
  }

}


/** Devices, interfaces and links of one observation set, in the caller's transaction. */
async function writeTopology(tx: WriteTx, obs: TopologyObservations): Promise<TopologyCounts> {
  const source = `${obs.source.protocol}:${obs.source.format}`;
  const meta = { sourceFile: obs.source.file, observedAt: obs.source.observedAt };
  const devices = obs.devices.map((d: Device) => ({ id: d.id, source, props: withoutNulls({ ...d, ...meta }) }));
  const interfaces = obs.interfaces.map((i: Interface) => ({ id: i.id, deviceId: i.deviceId, props: withoutNulls({ ...i }) }));
  const links = obs.links.map((l: Link) => ({
    id: l.id,
    aDeviceId: l.aDeviceId,
    bDeviceId: l.bDeviceId,
    aInterfaceId: l.aIfname ? interfaceId(l.aDeviceId, l.aIfname) : null,
    bInterfaceId: l.bIfname ? interfaceId(l.bDeviceId, l.bIfname) : null,
    source,
    props: withoutNulls({ ...l, ...meta }),
  }));
  const counts = { devices: devices.length, links: links.length, interfaces: interfaces.length };
  await writeBatched(tx, W.UPSERT_DEVICES, devices);
  await writeBatched(tx, W.UPSERT_INTERFACES, interfaces);
  await writeBatched(tx, W.UPSERT_LINKS, links);
  return counts;
}

/** Folds each stored device an import showed to be another one into it (see mergeStoredDevice). */
export async function mergeBridgedDevices(tx: WriteTx, bridged: Array<[string, string]>, source: ObservationSource): Promise<void> {
  for (const [weak, strong] of bridged) {
    await mergeStoredDevice(tx, weak, strong, async (parts) => {
      await writeTopology(tx, { source, ...parts });
    });
  }
}

/** True when a dotted IPv4 address lies inside an IPv4 prefix (false for anything else). */
export function ipv4InPrefix(address: string, prefix: string): boolean {
  const [net, lenText] = prefix.split('/');
  const len = Number(lenText);
  const toInt = (a: string) => {
    const parts = a.split('.').map(Number);
    return parts.length === 4 && parts.every((x) => Number.isInteger(x) && x >= 0 && x <= 255) ? parts.reduce((acc, x) => acc * 256 + x, 0) : null;
  };
  const a = toInt(address);
  const n = toInt(net ?? '');
  if (a === null || n === null || !Number.isInteger(len) || len < 0 || len > 32) return false;
  const size = 2 ** (32 - len);
  return Math.floor(a / size) === Math.floor(n / size);
}

function filterParams(f: DeviceFilter): Record<string, unknown> {
  return { network: f.network ?? null, role: f.role ?? null, hostnameContains: f.hostnameContains ?? null };
}

function groupByKey<T>(ids: readonly string[], rows: Row[], field: string): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) groups.get(r.id as string)?.push(r[field] as T);
  return ids.map((id) => groups.get(id) ?? []);
}
