// The GraphQL API over real HTTP against the real Neo4j: paging, paths, input validation, limits.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../../src/cli/serve-command.js';
import type { HttpServerHandle } from '../../src/api/http-server.js';
import { importFile } from '../../src/imports/import-files.js';
import type { App } from '../../src/main.js';
import { clearDatabase, connectTestApp, testConfig } from '../helpers/test-app.js';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/topology/${p}`, import.meta.url));

let app: App;
let api: HttpServerHandle;

async function gql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: { data?: any; errors?: any[] } }> {
  const res = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

beforeAll(async () => {
  app = await connectTestApp();
  await clearDatabase(app.executor);
  await importFile(app.stores, fixture('graphml/Abilene.graphml'));
  await importFile(app.stores, fixture('json/asymmetric-square.json'));
  api = await startApi(app, { ...testConfig(), port: 0 });
});
afterAll(async () => {
  await api?.close();
  await app?.close();
});

const PAGE = `query Page($after: String, $filter: DeviceFilter) {
  devices(first: 3, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id hostname } }
  }
}`;

describe('devices connection', () => {
  it('visits every device exactly once when walked with first: 3', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { body } = await gql(PAGE, { after, filter: { network: 'Abilene' } });
      expect(body.errors).toBeUndefined();
      const conn = body.data.devices;
      expect(conn.totalCount).toBe(11);
      expect(conn.edges.length).toBeLessThanOrEqual(3);
      seen.push(...conn.edges.map((e: { node: { id: string } }) => e.node.id));
      pages++;
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
  });

  it('counts all devices without a filter and filters by hostname', async () => {
    const all = await gql('{ devices(first: 1) { totalCount } }');
    expect(all.body.data.devices.totalCount).toBe(15);
    const some = await gql('{ devices(first: 10, filter: {hostnameContains: "new"}) { totalCount edges { node { hostname } } } }');
    expect(some.body.data.devices.edges.map((e: any) => e.node.hostname)).toEqual(['New York']);
  });

  it('resolves links and their ends through the loaders', async () => {
    const { body } = await gql('{ device(id: "Abilene/Denver") { hostname links { a { hostname } b { hostname } } } }');
    const ends = body.data.device.links.map((l: any) => [l.a.hostname, l.b.hostname].sort().join('-')).sort();
    expect(ends).toEqual(['Denver-Kansas City', 'Denver-Seattle', 'Denver-Sunnyvale']);
  });

  it('rejects a page larger than 500 and a foreign cursor as bad input', async () => {
    const big = await gql('{ devices(first: 501) { totalCount } }');
    expect(big.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const cursor = await gql('{ devices(first: 2, after: "bm9wZQ") { totalCount } }');
    expect(cursor.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses queries deeper than the depth limit', async () => {
    const deep = '{ device(id: "Abilene/Denver") { links { a { links { a { links { a { links { a { links { a { id } } } } } } } } } } } }';
    const res = await gql(deep);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].message).toMatch(/exceeds maximum operation depth/);
  });

  it('refuses queries above the complexity limit', async () => {
    const res = await gql('{ devices(first: 500) { edges { node { links { a { links { b { links { id } } } } } } } } }');
    expect(res.body.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });
});

describe('path', () => {
  it('equals the least-cost path worked out by hand on Abilene (hop cost 1)', async () => {
    // Seattle–Denver–Kansas City–Indianapolis–Chicago–New York is the only 5-hop route; all others take 6+.
    const { body } = await gql('{ path(from: "Seattle", to: "New York") { cost hopCount devices { hostname } links { id } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.path.devices.map((d: any) => d.hostname)).toEqual(['Seattle', 'Denver', 'Kansas City', 'Indianapolis', 'Chicago', 'New York']);
    expect(body.data.path.cost).toBe(5);
    expect(body.data.path.links).toHaveLength(5);
  });

  it('follows per-direction costs: r1→r3 and r3→r1 take different routes', async () => {
    // r1→r4 is the b→a direction of link r4–r1 (cost 5): r1→r4→r3 = 5+10 = 15 beats r1→r2→r3 = 10+10 = 20.
    const there = await gql('{ path(from: "r1", to: "r3") { cost devices { hostname } } }');
    expect(there.body.data.path).toEqual({ cost: 15, devices: [{ hostname: 'r1' }, { hostname: 'r4' }, { hostname: 'r3' }] });
    // r3→r2 costs 50 and r4→r1 costs 40: r3→r4→r1 = 10+40 = 50 beats r3→r2→r1 = 50+10 = 60.
    const back = await gql('{ path(from: "r3", to: "r1") { cost devices { hostname } } }');
    expect(back.body.data.path).toEqual({ cost: 50, devices: [{ hostname: 'r3' }, { hostname: 'r4' }, { hostname: 'r1' }] });
  });

  it('is null between disconnected networks and a bad input for unknown devices', async () => {
    const none = await gql('{ path(from: "r1", to: "Seattle") { cost } }');
    expect(none.body.errors).toBeUndefined();
    expect(none.body.data.path).toBeNull();
    const unknown = await gql('{ path(from: "nowhere", to: "Seattle") { cost } }');
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'from' });
  });

  it('sees a new import: the cached graph is rebuilt', async () => {
    const before = await gql('{ path(from: "Seattle", to: "New York") { cost } }');
    expect(before.body.data.path.cost).toBe(5);
    const shortcut = path.join(mkdtempSync(path.join(os.tmpdir(), 'topolens-e2e-')), 'shortcut.json');
    writeFileSync(shortcut, JSON.stringify({
      name: 'Abilene',
      devices: [{ id: 'Abilene/Seattle', hostname: 'Seattle' }, { id: 'Abilene/New York', hostname: 'New York' }],
      links: [{ a: 'Seattle', b: 'New York', cost: 2 }],
    }));
    await importFile(app.stores, shortcut);
    const after = await gql('{ path(from: "Seattle", to: "New York") { cost hopCount } }');
    expect(after.body.data.path).toEqual({ cost: 2, hopCount: 1 });
  });
});

describe('importData mutation', () => {
  const IMPORT = 'mutation Import($input: ImportDataInput!) { importData(input: $input) { file format counts { kind count } warnings { line message } } }';

  it('imports a JSON topology payload once, however often it is sent', async () => {
    const content = JSON.stringify({ name: 'tiny', devices: [{ hostname: 'x1' }, { hostname: 'x2' }], links: [{ a: 'x1', b: 'x2', cost: 3 }] });
    const first = await gql(IMPORT, { input: { content, name: 'tiny.json' } });
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data.importData[0]).toMatchObject({ file: 'tiny.json', format: 'json-topology' });
    expect(first.body.data.importData[0].counts).toContainEqual({ kind: 'devices', count: 2 });
    await gql(IMPORT, { input: { content, name: 'tiny.json' } });
    const count = await gql('{ devices(first: 1, filter: {network: "tiny"}) { totalCount } }');
    expect(count.body.data.devices.totalCount).toBe(2);
    const p = await gql('{ path(from: "x1", to: "x2") { cost } }');
    expect(p.body.data.path.cost).toBe(3);
  });

  it('answers a malformed payload with the line and what was expected, writing nothing', async () => {
    const before = await gql('{ devices(first: 1) { totalCount } }');
    const res = await gql(IMPORT, { input: { format: 'graphml', content: '<graphml><graph>\n<node id="a"/>\n<edge source="a" target="zz"/>\n</graph></graphml>', name: 'bad.graphml' } });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', topolensCode: 'TOPO_PARSE', location: { file: 'bad.graphml', line: 3 } });
    const after = await gql('{ devices(first: 1) { totalCount } }');
    expect(after.body.data.devices.totalCount).toBe(before.body.data.devices.totalCount);
  });

  it('validates the input: empty content, unknown format, odd names', async () => {
    const empty = await gql(IMPORT, { input: { content: '' } });
    expect(empty.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.content' });
    const unknown = await gql(IMPORT, { input: { content: '{}', format: 'nope' } });
    expect(unknown.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const name = await gql(IMPORT, { input: { content: '{}', name: '../../etc/passwd\n' } });
    expect(name.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('service endpoints', () => {
  it('answers /healthz and /metrics', async () => {
    const base = api.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('topolens_http_requests_total');
  });
});
