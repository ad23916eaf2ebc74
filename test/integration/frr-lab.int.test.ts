// Proof on real routers: topolens' change-impact answer for a link failure equals what FRR routes after the link really fails.
//
// Abilene (11 routers, 14 links) as network namespaces running FRR 8 (zebra, ospfd, bgpd) and lldpd;
// the routers' own exports are imported, `topolens impact` predicts a failure, the lab performs it,
// and every ordered pair's predicted cost must equal the OSPF metric in the real routing table.
// Needs root and network namespaces (skips, saying so, without them); FRR and lldpd must be installed.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseFrrOspfDatabase } from '../../import/ospf/frr-json.js';
import { buildSnapshot } from '../../src/graph/snapshot.js';
import { computeShortestPathsFrom } from '../../src/graph/spf.js';
import { simulateFailure } from '../../src/graph/what-if.js';
import { importFiles } from '../../src/imports/import-files.js';
import type { App } from '../../src/main.js';
import { routerDeviceId } from '../../src/model/protocol-keys.js';
import { clearDatabase, connectTestApp } from '../helpers/test-app.js';
import { diffPairCosts, pairKey, readPairCosts, unreachablePairs, type PairCosts } from '../lab/compare-costs.js';
import { readValidBgpPrefixes, up, type FrrLab, type LabCapture } from '../lab/frr-lab.js';
import { sleep } from '../lab/exec.js';
import { labSkipReason } from '../lab/lab-support.js';
import { readOspfRoutes, readSelectedPrefixes, type RouteTable } from '../lab/route-table.js';

const BIN = fileURLToPath(new URL('../../bin/topolens.js', import.meta.url));
const ABILENE = fileURLToPath(new URL('../fixtures/topology/graphml/Abilene.graphml', import.meta.url));

/** Not on a bridge: with the lab's seeded costs (r9→r10 100, r10→r9 10) its failure changes 55 of 110 pairs. */
const FAILED: [string, string] = ['r9', 'r10'];
/** Then cutting r1's two remaining links isolates it: 20 pairs lost. */
const ISOLATING: Array<[string, string]> = [['r1', 'r2'], ['r1', 'r3']];

const skipReason = labSkipReason();
const log = (line: string) => process.stderr.write(`[frr-lab] ${line}\n`);

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI against the test Neo4j; resolves with the exit code instead of throwing. */
function topolens(args: string[]): Promise<CliResult> {
  const env = { ...process.env, NEO4J_URI: inject('neo4jUri'), LOG_LEVEL: 'warn' };
  return new Promise((resolve) => {
    execFile('node', [BIN, ...args], { env, maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The `--format json` contract of `topolens impact` (issue 4), as far as this test reads it. */
interface ImpactJson {
  verdict: string;
  lostPairs: Array<[string, string]>;
  changedPairs: Array<{ from: string; to: string; before: number; after: number; pathBefore: string[]; pathAfter: string[] }>;
  isolatedDevices: string[];
  affectedPrefixes: unknown[];
  pairs: Array<{ from: string; to: string; before: number | null; after: number | null }>;
}

async function predictImpact(links: Array<[string, string]>, extra: string[] = []): Promise<{ result: CliResult; impact: ImpactJson }> {
  const result = await topolens(['impact', ...links.flatMap(([a, b]) => ['--fail-link', `${a}:${b}`]), '--format', 'json', '--all-pairs', ...extra]);
  let impact: ImpactJson;
  try {
    impact = JSON.parse(result.stdout) as ImpactJson;
  } catch {
    throw new Error(`topolens impact (exit ${result.code}) printed no JSON; stderr: ${result.stderr.trim().slice(0, 500)}`);
  }
  return { result, impact };
}

/** Each router's valid BGP prefixes once bgpd has caught up with the routing change (two equal reads 1 s apart, at most 15 s). */
async function settledBgp(lab: FrrLab): Promise<Map<string, Set<string>>> {
  const show = (m: Map<string, Set<string>>) => JSON.stringify([...m].map(([r, set]) => [r, [...set].sort()]));
  let last = await lab.readBgpValidPrefixes();
  for (let i = 0; i < 15; i++) {
    await sleep(1000);
    const now = await lab.readBgpValidPrefixes();
    if (show(now) === show(last)) return now;
    last = now;
  }
  return last;
}

function costsOf(impact: ImpactJson, which: 'before' | 'after'): PairCosts {
  return new Map(impact.pairs.map((p) => [pairKey(p.from, p.to), p[which]]));
}

function tablesFrom(capture: LabCapture): Map<string, RouteTable> {
  return new Map(capture.routers.map((r) => [r.router, readOspfRoutes(readFileSync(r.ipRoute, 'utf8'))]));
}

describe.skipIf(skipReason !== null)(`real FRR lab (Abilene)${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  let app: App | undefined;
  let lab: FrrLab | undefined;
  let work: string;
  let before: LabCapture;
  let failedOk = true;
  /** The engine's own answer for FAILED, checked against the routers once the link is really down. */
  let engineAfter: PairCosts | undefined;
  /** The isolation case's prediction and what the routers then held. */
  let isolated: { impact: ImpactJson; capture: LabCapture; bgpValid: Map<string, Set<string>> } | undefined;
  /** Whether `topolens import` wrote the MRT dumps into Neo4j (rather than only parsing them). */
  let bgpWritten = false;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'topolens-frr-lab-'));
    chmodSync(work, 0o755); // the FRR daemons (user frr) write under it
    app = await connectTestApp();
    await clearDatabase(app.executor);
    lab = await up(ABILENE, join(work, 'lab'), { seed: 7, log });
    await lab.waitConverged({ timeoutMs: 90_000 });
    before = await lab.capture(join(work, 'before'));
  }, 150_000);

  afterAll(async () => {
    lab?.down();
    await app?.close();
    // Keep the captures of a failing run for a person to read.
    if (failedOk && !process.env.TOPOLENS_LAB_KEEP) rmSync(work, { recursive: true, force: true });
    else log(`captures kept in ${work}`);
  });

  const step = (name: string, fn: () => Promise<void>, timeout = 60_000) =>
    it(
      name,
      async () => {
        try {
          await fn();
        } catch (err) {
          failedOk = false;
          throw err;
        }
      },
      timeout,
    );

  step('imports every router’s OSPF database and LLDP neighbours, and its MRT dump, without a warning', async () => {
    const routers = before.routers;
    for (const r of routers) {
      const results = await importFiles(app!.stores, [r.ospfRouter, r.ospfNetwork]);
      expect(results.flatMap((x) => x.warnings), `${r.router} OSPF`).toEqual([]);
      // Abilene's 14 links, both directions (later routers' copies of the same LSAs add nothing).
      if (r === routers[0]) expect(results.reduce((n, x) => n + (x.counts.adjacencies ?? 0), 0), `${r.router} OSPF adjacencies`).toBe(28);
    }
    for (const r of routers) {
      const results = await importFiles(app!.stores, [r.lldp], { hostname: r.router });
      expect(results.flatMap((x) => x.warnings), `${r.router} LLDP`).toEqual([]);
    }
    log(`imported ${routers.length} OSPF databases and LLDP tables`);
    const mrt = routers.map((r) => r.mrt);
    expect(mrt.every((m) => m !== null), 'every bgpd wrote its MRT dump').toBe(true);
    // BGP writes into Neo4j may not exist yet: then the CLI refuses them (exit 2) and a dry run checks the parse.
    let run = await topolens(['import', '--json', ...(mrt as string[])]);
    bgpWritten = run.code === 0;
    if (run.code === 2 && /not available yet/.test(run.stderr)) run = await topolens(['import', '--dry-run', '--json', ...(mrt as string[])]);
    log(`imported the MRT dumps${bgpWritten ? '' : ' (parsed only: BGP writes are not available)'}`);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { bgp: Array<{ file: string; records: number; announcements: number; errors: number; warnings: number; peers: number }> };
    expect(summary.bgp).toHaveLength(routers.length);
    for (const s of summary.bgp) {
      expect({ file: s.file, errors: s.errors, warnings: s.warnings }).toEqual({ file: s.file, errors: 0, warnings: 0 });
      // Full iBGP mesh: each router heard the other ten originate their prefix.
      expect(s.announcements, s.file).toBeGreaterThanOrEqual(routers.length - 1);
      expect(s.peers, s.file).toBe(routers.length - 1);
    }
  }, 120_000);

  step('the exact engine on the parsed LSDB alone already agrees with the routers (before and after)', async () => {
    // An independent cross-check of the OSPF parser and the engine, without the store or the CLI: if
    // this passes and the CLI test fails, the difference lies in the store, identities or snapshot read.
    const r1 = before.routers[0]!;
    const obs = parseFrrOspfDatabase(
      [r1.ospfRouter, r1.ospfNetwork].map((file) => ({ file, text: readFileSync(file, 'utf8') })),
      { observedAt: new Date().toISOString() },
    );
    expect(obs.warnings).toEqual([]);
    const snapshot = buildSnapshot({ devices: obs.devices, links: [], adjacencies: obs.adjacencies });
    const nameOf = new Map(lab!.plan.routers.map((r) => [routerDeviceId(r.loopback), r.name]));
    const beforeCosts: PairCosts = new Map();
    for (const x of lab!.plan.routers) {
      for (const e of computeShortestPathsFrom(snapshot, routerDeviceId(x.loopback))) {
        if (e.deviceId !== routerDeviceId(x.loopback)) beforeCosts.set(pairKey(x.name, nameOf.get(e.deviceId)!), e.cost);
      }
    }
    expect(diffPairCosts(beforeCosts, readPairCosts(lab!.plan, tablesFrom(before)))).toEqual([]);
    const [a, b] = FAILED.map((n) => routerDeviceId(lab!.router(n).loopback));
    const link = snapshot.links.find((l) => (l.aDeviceId === a && l.bDeviceId === b) || (l.aDeviceId === b && l.bDeviceId === a));
    expect(link, `${FAILED.join('-')} in the LSDB`).toBeDefined();
    const what = simulateFailure(snapshot, { failedLinks: [link!.id] }, { includeTraffic: false, includePaths: false });
    const afterCosts: PairCosts = new Map(beforeCosts);
    for (const c of what.changedPairs) afterCosts.set(pairKey(nameOf.get(c.from)!, nameOf.get(c.to)!), c.after);
    for (const [f, t] of what.lostPairs) afterCosts.set(pairKey(nameOf.get(f)!, nameOf.get(t)!), null);
    engineAfter = afterCosts;
  });

  let predicted: ImpactJson;
  step(`topolens impact --fail-link ${FAILED.join(':')} predicts every pair’s cost the routers then use`, async () => {
    const { result, impact } = await predictImpact([FAILED]);
    expect(result.code, result.stderr).toBe(0); // no thresholds given: within them
    predicted = impact;
    const names = lab!.plan.routers.map((r) => r.name);
    // One device per router, named by its LLDP hostname although OSPF knows it by router id.
    expect([...new Set(impact.pairs.flatMap((p) => [p.from, p.to]))].sort()).toEqual([...names].sort());
    expect(impact.pairs).toHaveLength(names.length * (names.length - 1));

    // Before: the costs topolens read from the imported data are those the routers were using.
    expect(diffPairCosts(costsOf(impact, 'before'), readPairCosts(lab!.plan, tablesFrom(before)))).toEqual([]);

    // The pair lists agree with the all-pairs table.
    const lost = impact.pairs.filter((p) => p.before !== null && p.after === null).map((p) => pairKey(p.from, p.to)).sort();
    expect(impact.lostPairs.map(([f, t]) => pairKey(f, t)).sort()).toEqual(lost);
    const changed = impact.pairs.filter((p) => p.before !== null && p.after !== null && p.before !== p.after);
    expect(impact.changedPairs.map((c) => [pairKey(c.from, c.to), c.before, c.after]).sort()).toEqual(changed.map((p) => [pairKey(p.from, p.to), p.before, p.after]).sort());
    expect(impact.changedPairs.length, 'a failure that moves many paths').toBeGreaterThanOrEqual(20);
    expect(impact.isolatedDevices).toEqual([]);
    // Every BGP next hop stays reachable; only the failed link's own /31 goes, from every router.
    const failedLink = lab!.plan.links.find((l) => (l.a === FAILED[0] && l.b === FAILED[1]) || (l.a === FAILED[1] && l.b === FAILED[0]))!;
    const subnet = `${failedLink.ipa.replace(/\.\d+$/, '')}.${Number(failedLink.ipa.split('.')[3]) & ~1}/31`;
    expect(impact.affectedPrefixes).toEqual([
      { prefix: subnet, origins: [...FAILED].sort(), reason: 'withdrawn', devices: lab!.plan.routers.map((r) => r.name).sort() },
    ]);
    for (const c of impact.changedPairs) expect(c.pathAfter.join('-').includes(`${FAILED[0]}-${FAILED[1]}`) || c.pathAfter.join('-').includes(`${FAILED[1]}-${FAILED[0]}`)).toBe(false);

    // Now for real.
    await lab!.linkDown(...FAILED);
    await lab!.waitReconverged([FAILED]);
    const after = await lab!.capture(join(work, 'after'));
    const real = readPairCosts(lab!.plan, tablesFrom(after));
    expect(diffPairCosts(costsOf(impact, 'after'), real)).toEqual([]);
    expect(unreachablePairs(costsOf(impact, 'after'))).toEqual(unreachablePairs(real));
    if (engineAfter) expect(diffPairCosts(engineAfter, real)).toEqual([]);
  }, 90_000);

  step('a link topolens does not know is bad input (exit 2), so a typo never passes a deploy gate', async () => {
    const result = await topolens(['impact', '--fail-link', 'r1:r5', '--format', 'json']);
    expect(result.code, result.stderr).toBe(2);
  });

  step(`cutting ${ISOLATING.map((l) => l.join('-')).join(' and ')} as well isolates r1: lost pairs and threshold exit code`, async () => {
    expect(predicted, 'the first failure ran').toBeDefined();
    // Predicted from the same imported (pre-failure) data, with all three links down.
    const { result, impact } = await predictImpact([FAILED, ...ISOLATING], ['--max-lost-pairs', '0']);
    expect(result.code, 'over --max-lost-pairs 0').toBe(1);
    expect(impact.isolatedDevices).toEqual(['r1']);
    const others = lab!.plan.routers.map((r) => r.name).filter((n) => n !== 'r1');
    expect(impact.lostPairs.map(([f, t]) => pairKey(f, t)).sort()).toEqual([...others.map((n) => pairKey('r1', n)), ...others.map((n) => pairKey(n, 'r1'))].sort());

    for (const l of ISOLATING) await lab!.linkDown(...l);
    await lab!.waitReconverged(ISOLATING);
    const after = await lab!.capture(join(work, 'isolated'));
    const real = readPairCosts(lab!.plan, tablesFrom(after));
    expect(diffPairCosts(costsOf(impact, 'after'), real)).toEqual([]);
    expect(unreachablePairs(costsOf(impact, 'after'))).toEqual(unreachablePairs(real));

    isolated = { impact, capture: after, bgpValid: await settledBgp(lab!) };
  }, 90_000);

  step('affected prefixes are those the routers lost every route to (OSPF stubs and, once BGP is imported, BGP prefixes)', async () => {
    expect(isolated, 'the isolation ran').toBeDefined();
    const { impact, capture, bgpValid } = isolated!;
    // Who originates what, from the routers themselves: OSPF stubs in the LSDB, BGP prefixes by `network`.
    const r1 = before.routers[0]!;
    const lsdb = parseFrrOspfDatabase([r1.ospfRouter, r1.ospfNetwork].map((file) => ({ file, text: readFileSync(file, 'utf8') })), { observedAt: new Date().toISOString() });
    const nameOf = new Map(lab!.plan.routers.map((r) => [r.loopback, r.name]));
    const origins = new Map<string, Set<string>>();
    const addOrigin = (prefix: string, router: string) => origins.set(prefix, new Set([...(origins.get(prefix) ?? []), router]));
    for (const s of lsdb.stubNetworks) addOrigin(s.prefix, nameOf.get(s.routerId)!);
    if (bgpWritten) for (const r of lab!.plan.routers) addOrigin(r.prefix, r.name);

    // Real: per prefix, the routers that could reach it before (OSPF or connected route, valid BGP path) and cannot after.
    const reach = (c: LabCapture, bgp: Map<string, Set<string>>) =>
      new Map(c.routers.map((r) => [r.router, new Set([...readSelectedPrefixes(readFileSync(r.ipRoute, 'utf8')), ...(bgpWritten ? (bgp.get(r.router) ?? []) : [])])]));
    const reachBefore = reach(before, new Map(before.routers.map((r) => [r.router, readValidBgpPrefixes(readFileSync(r.bgp, 'utf8'))])));
    const reachAfter = reach(capture, bgpValid);
    const real: Record<string, string[]> = {};
    for (const prefix of origins.keys()) {
      const lost = lab!.plan.routers.map((r) => r.name).filter((n) => reachBefore.get(n)?.has(prefix) && !reachAfter.get(n)?.has(prefix));
      if (lost.length > 0) real[prefix] = lost.sort();
    }
    // topolens lists, per prefix, the routers that lose every route to it.
    const entries = impact.affectedPrefixes as Array<{ prefix: string; origins: string[]; devices: string[] }>;
    const predicted: Record<string, string[]> = {};
    for (const e of entries) if (origins.has(e.prefix) && e.devices.length > 0) predicted[e.prefix] = [...e.devices].sort();
    expect(predicted).toEqual(real);
  });
});
