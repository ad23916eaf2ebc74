// Compares two parsed OSPF databases (an earlier and a later import) and lists what changed as events.
import type { OspfEvent, OspfLsaHeader, OspfObservations } from '../../src/model/ospf-lsdb.js';
import { compareLsaSequence } from './lsa-sequence.js';

type Parsed = Pick<OspfObservations, 'adjacencies' | 'stubNetworks' | 'lsdb'>;

/**
 * Events from `before` to `after`: adjacencies that appeared or disappeared, cost changes, stub
 * networks that appeared, disappeared or changed cost. Adjacencies and stubs are matched by id.
 * When `after` holds an older copy of a router's LSA than `before` (by LS sequence number; files
 * imported out of order), that router's adjacencies and stubs are not compared and a `stale-lsa`
 * event says so. Routers with an unchanged LSA are still compared: a network-LSA change moves their
 * transit adjacencies. A stale network-LSA is reported the same way, its adjacencies still compared.
 * Events come sorted by kind, then id, so the same two databases always give the same list.
 */
export function diffOspfDatabases(before: Parsed, after: Parsed): OspfEvent[] {
  const events: OspfEvent[] = [];
  const skip = new Set<string>();
  const k = (area: string, rid: string) => `${area}\u0000${rid}`;
  const newest = <T extends OspfLsaHeader>(lsas: T[], id: (l: T) => string) => {
    const m = new Map<string, T>();
    for (const l of lsas) {
      const known = m.get(id(l));
      if (!known || compareLsaSequence(l.sequence, known.sequence) > 0) m.set(id(l), l);
    }
    return m;
  };
  const stale = (type: 'router' | 'network', b: Map<string, OspfLsaHeader>, a: Map<string, OspfLsaHeader>) => {
    for (const [key, old] of b) {
      const cur = a.get(key);
      if (!cur || old.sequence === null || cur.sequence === null) continue;
      const cmp = compareLsaSequence(cur.sequence, old.sequence);
      if (cmp < 0) {
        events.push({ kind: 'stale-lsa', area: cur.area, lsaType: type, linkStateId: cur.linkStateId, advertisingRouter: cur.advertisingRouter, oldSequence: old.sequence, newSequence: cur.sequence });
      }
      if (cmp < 0 && type === 'router') skip.add(key);
    }
  };
  const routerKey = (l: OspfLsaHeader) => k(l.area, l.advertisingRouter);
  stale('router', newest(before.lsdb.routerLsas, routerKey), newest(after.lsdb.routerLsas, routerKey));
  const netKey = (l: OspfLsaHeader) => k(l.area, l.linkStateId);
  stale('network', newest(before.lsdb.networkLsas, netKey), newest(after.lsdb.networkLsas, netKey));
  const b = new Map(before.adjacencies.map((a) => [a.id, a]));
  const a = new Map(after.adjacencies.map((x) => [x.id, x]));
  for (const id of new Set([...b.keys(), ...a.keys()])) {
    const old = b.get(id);
    const cur = a.get(id);
    const ref = (cur ?? old)!;
    if (skip.has(k(ref.area, ref.fromRouterId))) continue;
    const base = { adjacencyId: id, area: ref.area, fromRouterId: ref.fromRouterId, toRouterId: ref.toRouterId };
    if (old && !cur) events.push({ kind: 'adjacency-down', ...base, cost: old.cost, lsaSequence: after.lsdb.routerLsas.find((l) => l.area === ref.area && l.advertisingRouter === ref.fromRouterId)?.sequence ?? null });
    else if (!old && cur) events.push({ kind: 'adjacency-up', ...base, cost: cur.cost, lsaSequence: cur.lsaSequence ?? null });
    else if (old && cur && old.cost !== cur.cost) events.push({ kind: 'cost-change', ...base, oldCost: old.cost, newCost: cur.cost, lsaSequence: cur.lsaSequence ?? null });
  }
  const bs = new Map(before.stubNetworks.map((s) => [s.id, s]));
  const as = new Map(after.stubNetworks.map((s) => [s.id, s]));
  for (const id of new Set([...bs.keys(), ...as.keys()])) {
    const old = bs.get(id);
    const cur = as.get(id);
    const ref = (cur ?? old)!;
    if (skip.has(k(ref.area, ref.routerId))) continue;
    const base = { area: ref.area, routerId: ref.routerId, prefix: ref.prefix };
    if (old && !cur) events.push({ kind: 'stub-down', ...base, cost: old.cost });
    else if (!old && cur) events.push({ kind: 'stub-up', ...base, cost: cur.cost });
    else if (old && cur && old.cost !== cur.cost) events.push({ kind: 'stub-cost-change', ...base, oldCost: old.cost, newCost: cur.cost });
  }
  const sortKey = (e: OspfEvent) => `${e.kind}\u0000${'adjacencyId' in e ? e.adjacencyId : 'prefix' in e ? `${e.area}\u0000${e.routerId}\u0000${e.prefix}` : `${e.area}\u0000${e.lsaType}\u0000${e.linkStateId}`}`;
  return events.sort((x, y) => (sortKey(x) < sortKey(y) ? -1 : sortKey(x) > sortKey(y) ? 1 : 0));
}
