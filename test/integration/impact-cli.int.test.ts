// `topolens impact` as a deploy gate, and GraphQL changeImpact/failureRanking, on a hand-worked square.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importFile } from '../../src/imports/import-files.js';
import type { App } from '../../src/main.js';
import { startApi } from '../../src/cli/serve-command.js';
import type { HttpServerHandle } from '../../src/api/http-server.js';
import { clearDatabase, connectTestApp, testConfig } from '../helpers/test-app.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/topolens.js', import.meta.url));
const SQUARE = fileURLToPath(new URL('../fixtures/topology/json/asymmetric-square.json', import.meta.url));

/*
 * The square (costs a→b / b→a): r1–r2 10/10, r2–r3 10/50, r3–r4 10/10, r4–r1 40/5.
 * Failing r4–r1: r1→r4 goes 5 → r1>r2>r3>r4 = 30; r4→r1 40 → r4>r3>r2>r1 = 70;
 * r1→r3 15 (via r4) → 20 (via r2); r3→r1 50 (via r4) → 60 (via r2); nobody is cut off.
 */
async function impact(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, NEO4J_URI: inject('neo4jUri'), LOG_LEVEL: 'warn' };
  try {
    const { stdout, stderr } = await run('node', [BIN, 'impact', ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let app: App;
let api: HttpServerHandle;
beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
  await importFile(app.stores, SQUARE);
  api = await startApi(app, { ...testConfig(), port: 0 });
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

describe('topolens impact', () => {
  it('answers a ring link failure exactly, exit 0 (no pair lost)', async () => {
    const { code, stdout } = await impact('--fail-link', 'r4:r1', '--format', 'json', '--all-pairs');
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.verdict).toBe('pass');
    expect(r.lostPairs).toEqual([]);
    const changed = Object.fromEntries(r.changedPairs.map((p: any) => [`${p.from}>${p.to}`, [p.before, p.after]]));
    expect(changed).toMatchObject({ 'r1>r4': [5, 30], 'r4>r1': [40, 70], 'r1>r3': [15, 20], 'r3>r1': [50, 60] });
    expect(r.changedPairs.find((p: any) => p.from === 'r1' && p.to === 'r4').pathAfter).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(r.pairs).toHaveLength(12);
    expect(r.pairs).toContainEqual({ from: 'r2', to: 'r3', before: 10, after: 10 });
  });

  it('gates: exit 1 over --max-stretch or --max-lost-pairs, 0 when the threshold allows it', async () => {
    expect((await impact('--fail-link', 'r4:r1', '--max-stretch', '2')).code).toBe(1);
    const split = await impact('--fail-link', 'r4:r1', '--fail-link', 'r2:r3', '--format', 'json');
    expect(split.code).toBe(1);
    expect(JSON.parse(split.stdout).lostPairs).toHaveLength(8);
    expect((await impact('--fail-link', 'r4:r1', '--fail-link', 'r2:r3', '--max-lost-pairs', '8')).code).toBe(0);
  });

  it('exit 2 on bad input: unknown device, malformed cost, nothing to do', async () => {
    const unknown = await impact('--fail-device', 'r9');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('r9');
    expect((await impact('--cost', 'r1:r2=abc')).code).toBe(2);
    expect((await impact()).code).toBe(2);
  });

  it('--traffic lists ECMP share changes: the failed link carries nothing after', async () => {
    const { code, stdout } = await impact('--fail-link', 'r4:r1', '--format', 'json', '--traffic');
    expect(code).toBe(0);
    const shares = JSON.parse(stdout).ecmpShareChanges as Array<{ from: string; to: string; uniform: { before: number; after: number } }>;
    const r1r4 = shares.find((s) => s.from === 'r1' && s.to === 'r4');
    expect(r1r4?.uniform.before).toBeGreaterThan(0);
    expect(r1r4?.uniform.after).toBe(0);
  });

  it('prints a short table for people', async () => {
    const { stdout } = await impact('--cost', 'r1>r2=100');
    expect(stdout).toMatch(/verdict: PASS/);
    // r1→r2 at 100 loses to r1>r4>r3>r2 = 5 + 10 + 50 = 65.
    expect(stdout).toMatch(/r1\s+r2\s+10\s+65 {2}via r1 > r4 > r3 > r2/);
  });
});

async function gql(query: string): Promise<any> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return res.json();
}

describe('GraphQL analysis', () => {
  it('changeImpact gives the same answer as the CLI', async () => {
    const body = await gql('{ changeImpact(changes: {failLinks: ["r4:r1"]}, maxStretch: 2) { verdict exceeded lostPairCount changedPairCount changedPairs { from to before after } maxStretch } }');
    expect(body.errors).toBeUndefined();
    const r = body.data.changeImpact;
    expect(r).toMatchObject({ verdict: 'FAIL', exceeded: ['maxStretch'], lostPairCount: 0, maxStretch: 6 });
    expect(r.changedPairs[0]).toEqual({ from: 'r1', to: 'r4', before: 5, after: 30 });
  });

  it('failureRanking ranks links by impact and names no bridge in a ring', async () => {
    const body = await gql('{ failureRanking(kind: LINK, first: 2) { deviceCount linkCount bridges articulationPoints ranking { kind id lostPairs impact } } }');
    expect(body.errors).toBeUndefined();
    const r = body.data.failureRanking;
    expect(r).toMatchObject({ deviceCount: 4, linkCount: 4, bridges: [], articulationPoints: [] });
    expect(r.ranking).toHaveLength(2);
    expect(r.ranking[0].impact).toBeGreaterThanOrEqual(r.ranking[1].impact);
    expect(r.ranking.every((x: any) => x.kind === 'LINK' && x.lostPairs === 0)).toBe(true);
  });

  it('rejects a non-positive cost and an unknown device as bad input', async () => {
    const neg = await gql('{ changeImpact(changes: {costChanges: [{link: "r1:r2", cost: -1}]}) { verdict } }');
    expect(neg.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknown = await gql('{ changeImpact(changes: {failDevices: ["nope"]}) { verdict } }');
    expect(unknown.errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
