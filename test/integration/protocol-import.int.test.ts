// LLDP and OSPF imports against the real Neo4j, on real FRR + lldpd output from a four-router lab.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/imports/import-files.js';
import type { App } from '../../src/main.js';
import { clearDatabase, connectTestApp, graphCounts } from '../helpers/test-app.js';

const lab = (p: string) => fileURLToPath(new URL(`../fixtures/ospf/frr-json/lab/${p}`, import.meta.url));
const lldp = (p: string) => fileURLToPath(new URL(`../fixtures/lldp/lldpcli-json/${p}`, import.meta.url));
const lsdb = (phase: 'before' | 'after', router = 'r2') => [lab(`${phase}/${router}.router.json`), lab(`${phase}/${router}.network.json`)];

let app: App;
beforeAll(async () => {
  app = await connectTestApp();
});
afterAll(async () => app?.close());
beforeEach(async () => clearDatabase(app.executor));

async function adjacencies(): Promise<Record<string, number>> {
  // Parallel adjacencies (a veth and the LAN between the same two routers): SPF takes the cheaper.
  const rows = await app.executor.read('MATCH (a:Device)-[r:OSPF_ADJACENCY]->(b:Device) RETURN a.routerId AS a, b.routerId AS b, min(r.cost) AS cost ORDER BY a, b');
  return Object.fromEntries(rows.map((r) => [`${String(r.a)}>${String(r.b)}`, Number(r.cost)]));
}

describe('OSPF LSDB import', () => {
  it('writes directed adjacencies with the lab costs, idempotently', async () => {
    await importFiles(app.stores, lsdb('before'));
    const once = await graphCounts(app.executor);
    await importFiles(app.stores, lsdb('before'));
    expect(await graphCounts(app.executor)).toEqual(once);
    const adj = await adjacencies();
    // From the lab README: r3→r2 is 30 over the veth but 7 across the LAN (r3's cost to it).
    expect(adj['192.0.2.1>192.0.2.2']).toBe(10);
    expect(adj['192.0.2.3>192.0.2.2']).toBe(7);
    expect(adj['192.0.2.4>192.0.2.3']).toBe(9);
    expect(once[':RoutingEvent'] ?? 0).toBe(0);
  });

  it('records cost changes and lost adjacencies when a newer database arrives, once', async () => {
    await importFiles(app.stores, lsdb('before'));
    const before = await adjacencies();
    await importFiles(app.stores, lsdb('after'));
    const after = await adjacencies();
    expect(before['192.0.2.1>192.0.2.4']).toBe(10);
    expect(after['192.0.2.1>192.0.2.4']).toBeUndefined();
    const events = await app.executor.read('MATCH (e:RoutingEvent {protocol: "ospf"}) RETURN e.kind AS kind, e.fromRouterId AS f, e.toRouterId AS t, e.oldCost AS o, e.newCost AS n ORDER BY kind, f, t');
    expect(events).toContainEqual({ kind: 'cost-change', f: '192.0.2.2', t: '192.0.2.3', o: 20, n: 25 });
    expect(events.filter((e) => e.kind === 'adjacency-down').map((e) => `${String(e.f)}>${String(e.t)}`)).toEqual(expect.arrayContaining(['192.0.2.1>192.0.2.4']));
    const n = events.length;
    await importFiles(app.stores, lsdb('after'));
    const [row] = await app.executor.read('MATCH (e:RoutingEvent) RETURN count(e) AS n');
    expect(row?.n).toBe(n);
  });

  it('does not let an older database undo a newer one', async () => {
    await importFiles(app.stores, lsdb('after'));
    const after = await adjacencies();
    await importFiles(app.stores, lsdb('before'));
    expect(await adjacencies()).toEqual(after);
  });
});

describe('LLDP import', () => {
  it('merges both ends of the lab cables into one link each', async () => {
    for (const r of ['r1', 'r2', 'r3', 'r4']) await importFiles(app.stores, [lldp(`lab-${r}.json`)], { hostname: r });
    const rows = await app.executor.read('MATCH (l:Link) RETURN l.aIfname AS a, l.bIfname AS b ORDER BY a');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const once = await graphCounts(app.executor);
    for (const r of ['r1', 'r2', 'r3', 'r4']) await importFiles(app.stores, [lldp(`lab-${r}.json`)], { hostname: r });
    expect(await graphCounts(app.executor)).toEqual(once);
  });
});

describe('one device however many protocols see it', () => {
  const routers = ['r1', 'r2', 'r3', 'r4'];
  const lldpFiles = async () => {
    for (const r of routers) await importFiles(app.stores, [lldp(`lab-${r}.json`)], { hostname: r });
  };
  const ospfFiles = async () => {
    for (const r of ['r2', 'r4']) await importFiles(app.stores, lsdb('before', r));
  };

  async function devices(): Promise<Array<Record<string, unknown>>> {
    return app.executor.read('MATCH (d:Device) RETURN d.hostname AS hostname, d.routerId AS routerId ORDER BY hostname');
  }
  const expected = routers.map((r, i) => ({ hostname: r, routerId: `192.0.2.${i + 1}` }));

  it('merges LLDP devices (management address) with OSPF routers (router id): LLDP first', async () => {
    await lldpFiles();
    await ospfFiles();
    expect(await devices()).toEqual(expected);
    const [row] = await app.executor.read("MATCH (:Device {hostname: 'r1'})-[r:OSPF_ADJACENCY]->(:Device {hostname: 'r2'}) RETURN count(r) AS n");
    expect(row?.n).toBe(1);
  });

  it('gives the same devices when OSPF comes first, and stays put on re-import', async () => {
    await ospfFiles();
    await lldpFiles();
    expect(await devices()).toEqual(expected);
    const once = await graphCounts(app.executor);
    await lldpFiles();
    await ospfFiles();
    expect(await graphCounts(app.executor)).toEqual(once);
  });
});
