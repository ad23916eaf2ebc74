// FRR topotest references: `show ip ospf neighbor json` and the LSDB summary, read field by field and checked for consistency.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFrrOspfNeighbors } from '../../../import/ospf/frr-neighbor-json.js';
import { readFrrOspfLsdb } from '../../../import/ospf/frr-lsdb-json.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ospf');
const NEIGHBORS = join(FIX, 'frr-neighbor-json', 'topotests');
const opts = (file: string, routerId?: string) => ({ file, observedAt: '2024-01-01T00:00:00Z', ...(routerId ? { routerId } : {}) });

type Entry = Record<string, string | number>;

describe('topotest `show ip ospf neighbor json` references', () => {
  it.each(readdirSync(NEIGHBORS).filter((f) => f.endsWith('.json')))('%s: every entry, every field', (file) => {
    const raw = JSON.parse(readFileSync(join(NEIGHBORS, file), 'utf8')) as { neighbors: Record<string, Entry[]> };
    const result = parseFrrOspfNeighbors(readFileSync(join(NEIGHBORS, file), 'utf8'), opts(file));
    const want = Object.entries(raw.neighbors).flatMap(([rid, list]) => list.map((e) => [rid, e] as const));
    expect(result.neighbours).toHaveLength(want.length);
    expect(result.warnings).toEqual([]);
    want.forEach(([rid, e], i) => {
      const n = result.neighbours[i]!;
      expect(n.neighbourRouterId).toBe(rid);
      expect(n.address).toBe(e.ifaceAddress);
      if (e.ifaceName !== undefined) expect(`${n.ifname}:${n.localAddress}`).toBe(e.ifaceName);
      expect(n.state).toBe(e.converged);
      if (e.nbrPriority !== undefined) expect(n.priority).toBe(e.nbrPriority);
      if (e.role !== undefined) expect(n.role).toBe(e.role);
    });
    expect(result.devices.map((d) => d.routerId)).toEqual([...new Set(want.map(([rid]) => rid))]);
  });

  it('ospf_gr_topo1: the seven routers\' tables describe each adjacency from both ends', () => {
    // Router ids from the topology's frr.conf files: rtN is N.N.N.N.
    const tables = [1, 2, 3, 4, 5, 6, 7].map((n) =>
      parseFrrOspfNeighbors(readFileSync(join(NEIGHBORS, `ospf_gr_topo1-rt${n}.json`), 'utf8'), opts(`rt${n}`, `${n}.${n}.${n}.${n}`)),
    );
    const ends = tables.flatMap((t) => t.neighbours.map((n) => `${n.localRouterId}@${n.localAddress} ~ ${n.neighbourRouterId}@${n.address}`));
    const flipped = ends.map((e) => e.split(' ~ ').reverse().join(' ~ '));
    expect(ends.length).toBe(12);
    expect(new Set(ends)).toEqual(new Set(flipped));
  });
});

describe('topotest `show ip ospf database json` (LSDB summary)', () => {
  // Router-LSA counts per area as INVENTORY.md lists them for these files.
  const AREAS: Record<string, Record<string, number>> = {
    rt1: { '0.0.0.1': 2 },
    rt2: { '0.0.0.0': 4, '0.0.0.1': 2 },
    rt3: { '0.0.0.0': 4 },
    rt4: { '0.0.0.0': 4, '0.0.0.2': 2 },
    rt5: { '0.0.0.2': 2 },
    rt6: { '0.0.0.0': 4, '0.0.0.3': 2 },
    rt7: { '0.0.0.3': 2 },
  };
  it.each(Object.entries(AREAS))('%s: router-LSA headers per area', (rt, areas) => {
    const file = join(FIX, 'frr-database-json', 'topotests', `ospf_gr_topo1-${rt}.json`);
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { routerId: string; areas: Record<string, { routerLinkStates: { lsId: string; advertisedRouter: string }[] }> };
    const { lsdb, warnings } = readFrrOspfLsdb(readFileSync(file, 'utf8'), { file });
    expect(warnings).toEqual([]);
    expect(lsdb.routerId).toBe(raw.routerId);
    const counts: Record<string, number> = {};
    for (const l of lsdb.routerLsas) counts[l.area] = (counts[l.area] ?? 0) + 1;
    expect(counts).toEqual(areas);
    const want = Object.entries(raw.areas).flatMap(([area, a]) => a.routerLinkStates.map((l) => ({ area, linkStateId: l.lsId, advertisingRouter: l.advertisedRouter })));
    expect(lsdb.routerLsas.map(({ area, linkStateId, advertisingRouter }) => ({ area, linkStateId, advertisingRouter }))).toEqual(want);
    expect(lsdb.routerLsas.every((l) => !l.detailed && l.links.length === 0)).toBe(true);
  });
});
