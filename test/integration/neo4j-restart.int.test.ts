// `topolens neo4j stop` then `start` on the test instance: the data is still there.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { inject, describe, expect, it } from 'vitest';
import { importFile } from '../../src/imports/import-files.js';
import { clearDatabase, connectTestApp } from '../helpers/test-app.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/topolens.js', import.meta.url));
const ABILENE = fileURLToPath(new URL('../fixtures/topology/graphml/Abilene.graphml', import.meta.url));

// Only meaningful for the instance the global setup started (not an external TOPOLENS_TEST_NEO4J_URI).
const port = /:(\d+)$/.exec(inject('neo4jUri'))?.[1];
const managed = !process.env.TOPOLENS_TEST_NEO4J_URI;

describe.runIf(managed)('local Neo4j restart', () => {
  it('keeps the data across `neo4j stop` and `neo4j start`', async () => {
    const { NEO4J_URI: _external, ...inherited } = process.env;
    const env = { ...inherited, NEO4J_BOLT_PORT: port };
    let app = await connectTestApp();
    await clearDatabase(app.executor);
    await importFile(app.stores, ABILENE);
    await app.close();

    const stop = await run('node', [BIN, 'neo4j', 'stop', '--instance', 'test'], { env });
    expect(stop.stdout).toContain('neo4j stopped');
    const status = await run('node', [BIN, 'neo4j', 'status', '--instance', 'test'], { env }).catch((e: { code: number }) => e);
    expect((status as { code: number }).code).toBe(3);
    const start = await run('node', [BIN, 'neo4j', 'start', '--instance', 'test'], { env });
    expect(start.stdout).toMatch(/neo4j ready at bolt:\/\/127\.0\.0\.1:\d+/);

    app = await connectTestApp();
    expect(await app.store.counts()).toEqual({ devices: 11, links: 14, interfaces: 0 });
    await app.close();
  });
});
