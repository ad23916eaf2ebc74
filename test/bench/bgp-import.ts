// Benchmark: a ≥1M-route RIB dump into a separate Neo4j (routes/s, peak RSS of Node and Neo4j), with parse-only throughput as the baseline.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip, createGzip } from 'node:zlib';
import { readMrt } from '../../import/bgp/mrt.js';
import { loadConfig } from '../../src/config.js';
import { DEFAULT_BATCH_EVENTS, importBgpFile, type BgpImportResult } from '../../src/imports/bgp-import.js';
import { initLogger } from '../../src/logger.js';
import { localNeo4j, MIGRATIONS_DIR } from '../../src/main.js';
import { freePort } from '../../src/neo4j-local/ports.js';
import { BgpStore } from '../../src/store/bgp-store.js';
import { Executor, createDriver } from '../../src/store/executor.js';
import { applyMigrations } from '../../src/store/migrations.js';

const SOURCE = '../shared/data/bgp/bgpdump/test_data/bview.20020722.2337.gz';
/** Copies in the benchmark RIB: 9 gives 1,039,689 routes (the goal's ≥ 1M); `--copies N` for a quick run on a loaded machine. */
const DEFAULT_COPIES = 9;

/**
 * How the copies are laid out: `grouped` (default) puts each record's copies next to it, so a prefix's
 * routes lie together as in a real RIB dump (TABLE_DUMP v1 sorted by prefix, or one TABLE_DUMP_V2
 * RIB_ENTRY per prefix); `repeated` appends whole copies of the table, so each prefix comes back
 * `copies` times, 115k records apart (no collector writes that; kept to measure the worst case).
 */
export type BenchLayout = 'grouped' | 'repeated';

/**
 * Builds the benchmark RIB: `copies` copies of each real TABLE_DUMP (v1) record of a RouteViews 2002
 * dump (115,521 routes from 36 peers), copy `pass` with its peer address rewritten to
 * 198.18.<pass>.<peer index> (RFC 2544 benchmarking space) so every copy is a distinct route while
 * prefixes, AS paths and all other attributes stay real. Gzip-compressed like a collector's file.
 */
export async function buildBenchRib(source: string, out: string, copies: number, layout: BenchLayout): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of createReadStream(source).pipe(createGunzip())) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks);
  const records: Array<{ off: number; end: number; peerAt: number | null }> = [];
  for (let off = 0; off + 12 <= raw.length;) {
    const end = off + 12 + raw.readUInt32BE(off + 8);
    // TABLE_DUMP, AFI_IPv4: view, sequence, prefix, length, status, originated time, then the peer address.
    const tableDumpV4 = raw.readUInt16BE(off + 4) === 12 && raw.readUInt16BE(off + 6) === 1;
    records.push({ off, end, peerAt: tableDumpV4 ? off + 12 + 14 : null });
    off = end;
  }
  const peerIndex = new Map<number, number>();
  const tmp = `${out}.tmp`;
  const gz = createGzip({ level: 6 });
  const done = pipeline(gz, createWriteStream(tmp));
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = async (rec: { off: number; end: number; peerAt: number | null }, pass: number) => {
    const copy = Buffer.from(raw.subarray(rec.off, rec.end));
    if (rec.peerAt !== null) {
      const original = raw.readUInt32BE(rec.peerAt);
      let idx = peerIndex.get(original);
      if (idx === undefined) peerIndex.set(original, (idx = peerIndex.size));
      copy.writeUInt32BE(((198 << 24) >>> 0) + (18 << 16) + (pass << 8) + idx, rec.peerAt - rec.off);
    }
    pending.push(copy);
    pendingBytes += copy.length;
    if (pendingBytes < 1 << 20) return;
    const ok = gz.write(Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
    if (!ok) await new Promise((r) => gz.once('drain', r));
  };
  if (layout === 'grouped') {
    for (const rec of records) for (let pass = 0; pass < copies; pass++) await emit(rec, pass);
  } else {
    for (let pass = 0; pass < copies; pass++) for (const rec of records) await emit(rec, pass);
  }
  gz.end(Buffer.concat(pending));
  await done;
  renameSync(tmp, out);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Samples the RSS of this process and of the Neo4j server every 100 ms; peaks only. */
function rssSampler(neo4jRss: () => number | null): { stop: () => { node: number; neo4j: number } } {
  let node = 0;
  let neo = 0;
  const tick = () => {
    node = Math.max(node, process.memoryUsage.rss());
    neo = Math.max(neo, neo4jRss() ?? 0);
  };
  tick();
  const timer = setInterval(tick, 100);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return { node, neo4j: neo };
    },
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux), or null. */
function processCpuSeconds(pid: number | null): number | null {
  if (pid === null) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

async function parseOnly(file: string): Promise<{ seconds: number; routes: number }> {
  const t0 = process.hrtime.bigint();
  let routes = 0;
  for await (const batch of readMrt(file).batches()) for (const ev of batch) if (ev.kind === 'announce' || ev.kind === 'withdraw') routes++;
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, routes };
}

const MiB = 1024 * 1024;

/** Empties the bench database in bounded transactions (the executor's transactions are explicit, so no CALL … IN TRANSACTIONS). */
async function clearStore(executor: Executor): Promise<void> {
  for (;;) {
    const [row] = await executor.write('MATCH (n) WHERE NOT n:SchemaMigration WITH n LIMIT 50000 DETACH DELETE n RETURN count(*) AS n');
    if (Number(row?.n ?? 0) === 0) return;
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
  };
  const repeats = Number(opt('repeats', '3'));
  // A server's first imports after it starts run while the JVM still compiles Neo4j's write path (measured, session 7:
  // compiler threads take 36, 14, 4 and 3 CPU-s in the first four imports of this file): timed runs follow two untimed
  // ones, which the result lists apart.
  const warmups = Number(opt('warmup', '2'));
  const batchEvents = Number(opt('batch', String(DEFAULT_BATCH_EVENTS)));
  const copies = Number(opt('copies', String(DEFAULT_COPIES)));
  const layout = opt('layout', 'grouped') as BenchLayout;
  if (layout !== 'grouped' && layout !== 'repeated') throw new Error(`--layout must be grouped or repeated, got ${layout}`);
  initLogger('warn');
  const base = loadConfig({ ...process.env, NEO4J_URI: undefined });
  const dir = path.join(base.home, 'bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bview.20020722.2337.x${copies}.${layout}.mrt.gz`);
  if (!existsSync(file)) {
    process.stderr.write(`building ${file} from ${SOURCE}…\n`);
    await buildBenchRib(SOURCE, file, copies, layout);
  }

  // Parse-only baseline, same file, same process.
  await parseOnly(file);
  const parses: number[] = [];
  let routes = 0;
  for (let i = 0; i < repeats; i++) {
    const r = await parseOnly(file);
    parses.push(r.seconds);
    routes = r.routes;
  }

  const port = String(await freePort());
  const server = localNeo4j(loadConfig({ ...process.env, NEO4J_URI: undefined, NEO4J_BOLT_PORT: port, NEO4J_HEAP: process.env.NEO4J_HEAP ?? '2g', NEO4J_PAGECACHE: process.env.NEO4J_PAGECACHE ?? '1g' }), 'bench');
  process.stderr.write(`starting the bench Neo4j on ${server.uri}…\n`);
  await server.start();
  const driver = createDriver(server.uri, 'neo4j', '');
  const executor = new Executor(driver, 'neo4j');
  const runs: Array<{ seconds: number; routesPerSecond: number; checkSeconds: number; peakRssNode: number; peakRssNeo4j: number; cpuNode: number; cpuNeo4j: number | null; result: BgpImportResult }> = [];
  let reimportSeconds: number | null = null;
  const warmupRuns: Array<{ seconds: number; routesPerSecond: number }> = [];
  try {
    await applyMigrations(executor, MIGRATIONS_DIR);
    const store = new BgpStore(executor);
    for (let i = 0; i < warmups; i++) {
      await clearStore(executor);
      const t0 = process.hrtime.bigint();
      await importBgpFile(store, file, { format: 'mrt', batchEvents });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      warmupRuns.push({ seconds, routesPerSecond: Math.round(routes / seconds) });
      process.stderr.write(`warm-up ${i + 1} (untimed): ${seconds.toFixed(1)} s, ${Math.round(routes / seconds)} routes/s\n`);
    }
    for (let i = 0; i < repeats; i++) {
      await clearStore(executor);
      const sampler = rssSampler(() => server.residentBytes());
      // CPU time tells Node's share from Neo4j's even on a machine shared with other work.
      const neoCpu0 = processCpuSeconds(server.status().pid);
      const nodeCpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const result = await importBgpFile(store, file, { format: 'mrt', batchEvents });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const nodeCpu = process.cpuUsage(nodeCpu0);
      const neoCpu1 = processCpuSeconds(server.status().pid);
      const peak = sampler.stop();
      const cpuNode = (nodeCpu.user + nodeCpu.system) / 1e6;
      const cpuNeo4j = neoCpu0 !== null && neoCpu1 !== null ? neoCpu1 - neoCpu0 : null;
      runs.push({ seconds, routesPerSecond: Math.round(routes / seconds), checkSeconds: result.seconds.check, peakRssNode: peak.node, peakRssNeo4j: peak.neo4j, cpuNode, cpuNeo4j, result });
      process.stderr.write(`run ${i + 1}: ${seconds.toFixed(1)} s, ${Math.round(routes / seconds)} routes/s (check ${result.seconds.check.toFixed(1)} s), CPU node ${cpuNode.toFixed(1)} s, neo4j ${cpuNeo4j?.toFixed(1)} s, peak RSS node ${(peak.node / MiB).toFixed(0)} MiB, neo4j ${(peak.neo4j / MiB).toFixed(0)} MiB\n`);
      if (i === repeats - 1) {
        const t1 = process.hrtime.bigint();
        await importBgpFile(store, file, { format: 'mrt', batchEvents });
        reimportSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
      }
    }
  } finally {
    await driver.close();
    await server.stop();
  }
  const importMedian = median(runs.map((r) => r.seconds));
  const parseMedian = median(parses);
  const last = runs.at(-1)!.result;
  const report = {
    benchmark: 'bgp-import',
    at: new Date().toISOString(),
    machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverage: loadavg(), neo4jHeap: process.env.NEO4J_HEAP ?? '2g', neo4jPageCache: process.env.NEO4J_PAGECACHE ?? '1g' },
    input: { file, how: `${copies} copies of each record of ${SOURCE} with peer addresses rewritten per copy, layout ${layout}`, layout, bytes: statSync(file).size, routes, peers: last.peers, prefixes: last.prefixes },
    batchEvents,
    /** Untimed imports of the same file on the same server before the timed ones; the first is the cold-JVM figure. */
    warmupRuns,
    repeats,
    parseOnly: { medianSeconds: parseMedian, routesPerSecond: Math.round(routes / parseMedian) },
    import: {
      medianSeconds: importMedian,
      routesPerSecond: Math.round(routes / importMedian),
      medianCheckSeconds: median(runs.map((r) => r.checkSeconds)),
      peakRssNodeMiB: Math.round(Math.max(...runs.map((r) => r.peakRssNode)) / MiB),
      peakRssNeo4jMiB: Math.round(Math.max(...runs.map((r) => r.peakRssNeo4j)) / MiB),
      /** Routes per CPU second of each side: what a dedicated core would sustain. */
      routesPerNodeCpuSecond: Math.round(routes / median(runs.map((r) => r.cpuNode))),
      routesPerNeo4jCpuSecond: runs.every((r) => r.cpuNeo4j !== null) ? Math.round(routes / median(runs.map((r) => r.cpuNeo4j!))) : null,
      runs: runs.map((r) => ({ seconds: r.seconds, routesPerSecond: r.routesPerSecond, cpuNodeSeconds: r.cpuNode, cpuNeo4jSeconds: r.cpuNeo4j, peakRssNodeMiB: Math.round(r.peakRssNode / MiB), peakRssNeo4jMiB: Math.round(r.peakRssNeo4j / MiB), written: r.result.written })),
    },
    /** Import throughput as a fraction of parse-only throughput. */
    importToParseRatio: Math.round((parseMedian / importMedian) * 1000) / 1000,
    reimportSeconds,
    goal: { routesPerSecond: 50_000, peakRssMiB: 1024 },
  };
  const text = JSON.stringify(report, null, 2);
  writeFileSync(path.join(dir, layout === 'grouped' ? 'bgp-import.json' : `bgp-import.${layout}.json`), `${text}\n`);
  console.log(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
