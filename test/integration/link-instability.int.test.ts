// OSPF adjacency and cost changes as instability evidence of links and devices, on the real Neo4j: the four-router FRR lab
// (LLDP cables + LSDB before), then a newer LSDB (r1–r4 taken down, r2's veth cost to r3 raised, and — edited in a copy —
// r1's cost to r2 raised), then training and scoring.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/imports/import-files.js';
import { tallyOspfEvents } from '../../src/learning/instability-evidence.js';
import { scoreTopology, type ScoreSummary } from '../../src/learning/score-topology.js';
import { trainModels } from '../../src/learning/train-models.js';
import type { App } from '../../src/main.js';
import { clearDatabase, connectTestApp } from '../helpers/test-app.js';

const lab = (p: string) => fileURLToPath(new URL(`../fixtures/ospf/frr-json/lab/${p}`, import.meta.url));
const lldp = (r: string) => fileURLToPath(new URL(`../fixtures/lldp/lldpcli-json/lab-${r}.json`, import.meta.url));
const WORK = mkdtempSync(path.join(os.tmpdir(), 'topolens-link-instability-'));

/** The lab's `after` LSDB with r1's point-to-point metric towards r2 (192.0.2.2) changed from 10 to 15. */
function afterWithR1CostChange(): string[] {
  const router = JSON.parse(readFileSync(lab('after/r2.router.json'), 'utf8'));
  const r1 = router.routerLinkStates.areas['0.0.0.0'].find((l: any) => l.advertisingRouter === '192.0.2.1');
  const toR2 = Object.values(r1.routerLinks as Record<string, any>).find((l) => l.neighborRouterId === '192.0.2.2');
  expect(toR2.tos0Metric).toBe(10);
  toR2.tos0Metric = 15;
  const file = path.join(WORK, 'r2.router.json');
  writeFileSync(file, JSON.stringify(router));
  return [file, lab('after/r2.network.json')];
}

let app: App;
let summary: ScoreSummary;

async function linkRisk(a: string, b: string): Promise<{ id: string; instability: number; reasons: string[] }> {
  const rows = await app.executor.read(
    `MATCH (:Device {hostname: $a})<-[:CONNECTS]-(l:Link)-[:CONNECTS]->(:Device {hostname: $b})
     RETURN DISTINCT l.id AS id, l.riskInstability AS instability, l.riskExplanation AS explanation`, { a, b });
  expect(rows).toHaveLength(1);
  const row = rows[0]!;
  return { id: String(row.id), instability: Number(row.instability), reasons: JSON.parse(String(row.explanation)).reasons };
}

async function deviceRisk(hostname: string): Promise<{ instability: number; reasons: string[] }> {
  const [row] = await app.executor.read('MATCH (d:Device {hostname: $hostname}) RETURN d.riskInstability AS instability, d.riskExplanation AS explanation', { hostname });
  return { instability: Number(row!.instability), reasons: JSON.parse(String(row!.explanation)).reasons };
}

beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
  for (const r of ['r1', 'r2', 'r3', 'r4']) await importFiles(app.stores, [lldp(r)], { hostname: r });
  await importFiles(app.stores, [lab('before/r2.router.json'), lab('before/r2.network.json')]);
  await importFiles(app.stores, afterWithR1CostChange());
  await trainModels(app, { modelsDir: path.join(WORK, 'models'), seed: 5, epochs: 2, anomalyEpochs: 5, perturbedCopies: 1, generatedSizes: [30] });
  summary = await scoreTopology(app);
}, 300_000);
afterAll(async () => app?.close());

describe('OSPF events as instability evidence', () => {
  it('reads the events the newer LSDB recorded', async () => {
    const [row] = await app.executor.read("MATCH (e:RoutingEvent {protocol: 'ospf'}) WHERE e.kind IN ['adjacency-up', 'adjacency-down', 'cost-change'] RETURN count(e) AS n");
    expect(summary.instabilityEvidence.ospfEvents).toBe(Number(row!.n));
    expect(summary.instabilityEvidence.ospfEvents).toBeGreaterThanOrEqual(3);
    expect(summary.instabilityEvidence.bgpWindows).toBe(0);
  });

  it('gives the cable whose adjacencies went down its adjacency changes', async () => {
    const downs = await app.executor.read(`MATCH (e:RoutingEvent {protocol: 'ospf', kind: 'adjacency-down'})
      WHERE [e.fromRouterId, e.toRouterId] IN [['192.0.2.1', '192.0.2.4'], ['192.0.2.4', '192.0.2.1']] RETURN count(e) AS n`);
    const n = Number(downs[0]!.n);
    expect(n).toBeGreaterThanOrEqual(1);
    const r1r4 = await linkRisk('r1', 'r4');
    expect(r1r4.instability).toBe(n);
    expect(r1r4.reasons).toContain(`${n} OSPF adjacency change${n === 1 ? '' : 's'}`);
  });

  it('gives the cable whose cost changed one cost change, and an unchanged cable says what evidence is missing', async () => {
    const r1r2 = await linkRisk('r1', 'r2');
    expect(r1r2.instability).toBe(1);
    expect(r1r2.reasons).toContain('1 OSPF cost change');
    const r2r3 = await linkRisk('r2', 'r3');
    // The r2–r3 cable carries the cheaper (LAN) adjacencies in the snapshot; the veth's cost change lands on its OSPF-only twin.
    expect(r2r3.instability).toBe(0);
    expect(r2r3.reasons).toContain(
      'no instability evidence (instability 0): no OSPF adjacency or cost changes recorded on the adjacencies over it; BGP churn ties to devices, not links');
  });

  it('ties the veth cost change to the OSPF-only link the snapshot matched that adjacency to', async () => {
    const snapshot = await app.snapshots.current();
    const ospf = tallyOspfEvents(snapshot, await app.models.ospfAdjacencyEvents());
    const veth = snapshot.links.filter((l) => l.fromOspfOnly && [l.aDeviceId, l.bDeviceId].map((id) => snapshot.devices[snapshot.deviceIndex.get(id)!]!.label).sort().join('-') === 'r2-r3');
    expect(veth).toHaveLength(1);
    expect(ospf.link.costChanges[veth[0]!.index]).toBe(1);
  });

  it('counts the events naming a device on the device, beside its (absent) BGP evidence', async () => {
    const r1 = await deviceRisk('r1');
    expect(r1.instability).toBeGreaterThanOrEqual(2); // r1–r4 down and the r1→r2 cost change
    expect(r1.reasons.some((r) => /^\d+ OSPF adjacency changes?, 1 cost change$/.test(r))).toBe(true);
    const r3 = await deviceRisk('r3');
    expect(r3.reasons).toContain('1 OSPF cost change');
  });
});
