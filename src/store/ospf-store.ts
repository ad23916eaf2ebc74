// Writes an OSPF link-state database import: adjacencies with cost and area, stubs, and what changed since the last one.
import { createHash } from 'node:crypto';
import { compareLsaSequence } from '../../import/ospf/lsa-sequence.js';
import type { OspfAdjacencyRecord, OspfEvent, OspfObservations } from '../model/ospf-lsdb.js';
import type { Executor, WriteTx } from './executor.js';
import * as W from './cypher/ospf-writes.js';
import { UPSERT_DEVICES, RECORD_IMPORT } from './cypher/topology-writes.js';
import { mergeBridgedDevices, writeBatched, withoutNulls, type ImportRecord } from './topology-store.js';
import { applyDeviceIds, recordAliases, resolveDeviceIds } from './device-identity.js';

export interface OspfWriteCounts {
  devices: number;
  adjacencies: number;
  stubNetworks: number;
  events: number;
}

interface StoredAdjacency {
  id: string;
  fromRouterId: string;
  toRouterId: string;
  area: string;
  cost: number;
  lsaSequence: string | null;
}

/**
 * Events between what the store holds and a new database, per advertising router: only routers
 * whose router-LSA in the import is at least as new as the stored one replace their adjacencies
 * (an older copy is `stale` and changes nothing); routers without stored adjacencies give no events.
 */
export function diffAdjacencies(stored: StoredAdjacency[], incoming: OspfAdjacencyRecord[], sequenceOf: Map<string, string | null>): { events: OspfEvent[]; removed: string[]; stale: Set<string> } {
  const events: OspfEvent[] = [];
  const removed: string[] = [];
  const stale = new Set<string>();
  const storedSeq = new Map<string, string | null>();
  for (const s of stored) storedSeq.set(`${s.area}|${s.fromRouterId}`, s.lsaSequence);
  for (const [k, seq] of sequenceOf) if (storedSeq.has(k) && compareLsaSequence(seq, storedSeq.get(k) ?? null) < 0) stale.add(k);
  const byId = new Map(stored.map((s) => [s.id, s]));
  const incomingIds = new Set<string>();
  for (const a of incoming) {
    if (stale.has(`${a.area}|${a.fromRouterId}`)) continue;
    incomingIds.add(a.id);
    const before = byId.get(a.id);
    const common = { adjacencyId: a.id, area: a.area, fromRouterId: a.fromRouterId, toRouterId: a.toRouterId, lsaSequence: a.lsaSequence ?? null };
    // A router seen for the first time has no baseline: its adjacencies are state, not events.
    if (!before) {
      if (storedSeq.has(`${a.area}|${a.fromRouterId}`)) events.push({ kind: 'adjacency-up', ...common, cost: a.cost });
    }
    else if (before.cost !== a.cost) events.push({ kind: 'cost-change', ...common, oldCost: before.cost, newCost: a.cost });
  }
  for (const s of stored) {
    const k = `${s.area}|${s.fromRouterId}`;
    if (incomingIds.has(s.id) || stale.has(k) || !sequenceOf.has(k)) continue;
    removed.push(s.id);
    events.push({ kind: 'adjacency-down', adjacencyId: s.id, area: s.area, fromRouterId: s.fromRouterId, toRouterId: s.toRouterId, cost: s.cost, lsaSequence: sequenceOf.get(k) ?? null });
  }
  return { events, removed, stale };
}

function eventId(e: OspfEvent): string {
  return `ospf:${createHash('sha1').update(JSON.stringify(e)).digest('hex')}`;
}

export class OspfStore {
  constructor(private readonly executor: Executor) {}

  /** One transaction: devices, adjacencies and stubs land together with the events they imply, or nothing does. */
  async upsertOspf(obs: OspfObservations, record: ImportRecord): Promise<OspfWriteCounts> {
    const source = `${obs.source.protocol}:${obs.source.format}`;
    const sequenceOf = new Map<string, string | null>();
    for (const r of obs.lsdb.routerLsas) if (r.detailed) sequenceOf.set(`${r.area}|${r.advertisingRouter}`, r.sequence);
    const routerIds = [...new Set(obs.lsdb.routerLsas.filter((r) => r.detailed).map((r) => r.advertisingRouter))];
    const areas = [...new Set(obs.lsdb.routerLsas.map((r) => r.area))];
    return this.executor.inTransaction(async (tx: WriteTx) => {
      // LLDP may know these routers already (management address = router id): write onto those devices.
      const { ids, bridged } = await resolveDeviceIds(tx, obs.devices);
      await mergeBridgedDevices(tx, bridged, obs.source);
      const to = (id: string) => ids.get(id) ?? id;
      const devices = applyDeviceIds(ids, { devices: obs.devices, interfaces: [], links: [] }).devices;
      const stored = (await tx.run(W.CURRENT_ADJACENCIES_FROM, { routerIds, areas })) as unknown as StoredAdjacency[];
      const { events, removed, stale } = diffAdjacencies(stored, obs.adjacencies, sequenceOf);
      const fresh = obs.adjacencies
        .filter((a) => !stale.has(`${a.area}|${a.fromRouterId}`))
        .map((a) => ({ ...a, fromDeviceId: to(a.fromDeviceId), toDeviceId: to(a.toDeviceId) }));
      const meta = { sourceFile: obs.source.file, observedAt: obs.source.observedAt };
      await writeBatched(tx, UPSERT_DEVICES, devices.map((d) => ({ id: d.id, source, props: withoutNulls({ ...d, ...meta }) })));
      await recordAliases(tx, devices);
      await tx.run(W.DELETE_ADJACENCIES, { ids: removed });
      await writeBatched(tx, W.UPSERT_ADJACENCIES, fresh.map((a) => ({
        id: a.id, fromDeviceId: a.fromDeviceId, toDeviceId: a.toDeviceId,
        props: withoutNulls({ ...a, source, ...meta }),
      })));
      await writeBatched(tx, W.UPSERT_STUB_NETWORKS, obs.stubNetworks.map((s) => ({ ...s, deviceId: to(s.deviceId) })));
      await writeBatched(tx, W.RECORD_ROUTING_EVENTS, events.map((e) => ({
        id: eventId(e),
        props: withoutNulls({ protocol: 'ospf', at: obs.source.observedAt, sourceFile: obs.source.file, ...e }),
      })));
      const counts = { devices: devices.length, adjacencies: fresh.length, stubNetworks: obs.stubNetworks.length, events: events.length };
      await tx.run(RECORD_IMPORT, { ...record, counts: JSON.stringify(counts) });
      return counts;
    });
  }
}
