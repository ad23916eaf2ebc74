// A real Neo4j 5.26 Community server for demos and tests, assembled from Maven Central jars
// and run with the upstream bootloader (the class the tarball's bin/neo4j runs).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, readdirSync, rmSync, renameSync } from 'node:fs';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { MissingToolError, TopolensError } from '../errors.js';
import { logger } from '../logger.js';
import { isPortInUse } from './ports.js';

const log = logger('local-neo4j');

export interface LocalNeo4jOptions {
  /** Folder holding the jar cache and the instances (e.g. `<repo>/.topolens`). */
  home: string;
  /** Instance name: its data, logs and config live in `<home>/neo4j/<instance>`. */
  instance: string;
  version: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  /** pom.xml and neo4j.conf.template (scripts/neo4j in the package). */
  templatesDir: string;
  /** Seconds to wait for `RETURN 1` after start. */
  readyTimeoutS?: number;
  /** Told about the slow steps (fetching jars, starting), for a person waiting at a terminal. */
  onProgress?: (message: string) => void;
}

export interface LocalNeo4jStatus {
  running: boolean;
  pid: number | null;
  uri: string;
  instanceDir: string;
}

export class LocalNeo4j {
  readonly uri: string;
  readonly instanceDir: string;
  readonly libDir: string;

  constructor(private readonly opts: LocalNeo4jOptions) {
    this.uri = `bolt://127.0.0.1:${opts.boltPort}`;
    this.instanceDir = path.join(opts.home, 'neo4j', opts.instance);
    this.libDir = path.join(opts.home, 'neo4j', `lib-${opts.version}`);
  }

  /** Fetches the server jars from Maven Central once per version (through Maven's own cache). */
  async ensureJars(): Promise<{ fetched: boolean; seconds: number; jars: number }> {
    const marker = path.join(this.libDir, '.complete');
    if (existsSync(marker)) return { fetched: false, seconds: 0, jars: countJars(this.libDir) };
    const mvn = findMaven();
    const started = Date.now();
    const tmp = `${this.libDir}.partial`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    log.info({ version: this.opts.version }, 'fetching Neo4j jars from Maven Central (once per version)');
    this.opts.onProgress?.(`fetching Neo4j ${this.opts.version} jars from Maven Central into ${this.libDir} (once per version)…`);
    await runChecked(mvn, [
      '-q', '-B', '-f', path.join(this.opts.templatesDir, 'pom.xml'),
      `-Dneo4j.version=${this.opts.version}`,
      'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${tmp}`,
    ], 'mvn dependency:copy-dependencies');
    writeFileSync(path.join(tmp, '.complete'), new Date().toISOString());
    rmSync(this.libDir, { recursive: true, force: true });
    renameSync(tmp, this.libDir);
    const seconds = (Date.now() - started) / 1000;
    const jars = countJars(this.libDir);
    log.info({ seconds, jars }, 'Neo4j jars ready');
    return { fetched: true, seconds, jars };
  }

  /** Starts the server (fetching jars first if needed) and waits until it answers `RETURN 1`. */
  async start(): Promise<{ alreadyRunning: boolean; seconds: number }> {
    const java = findJava();
    const current = this.status();
    if (current.running) {
      await this.waitReady();
      return { alreadyRunning: true, seconds: 0 };
    }
    await this.ensureJars();
    if (await isPortInUse(this.opts.boltPort)) {
      throw new TopolensError('TOPO_NEO4J', `port ${this.opts.boltPort} is already in use by another process: set NEO4J_BOLT_PORT to a free port, or NEO4J_URI to use that server`);
    }
    this.writeConfig();
    this.opts.onProgress?.(`starting Neo4j ${this.opts.version} on ${this.uri} (data in ${path.join(this.instanceDir, 'data')})…`);
    const started = Date.now();
    const logFile = path.join(this.instanceDir, 'logs', 'launcher.log');
    // The daemon inherits the launcher's fds: give it a file, not our pipes, so callers don't hang.
    const fd = openSync(logFile, 'a');
    try {
      const code = await runLauncher(java, this.libDir, this.instanceDir, ['start'], fd);
      if (code !== 0) {
        throw new TopolensError('TOPO_NEO4J', `Neo4j failed to start (exit ${code}); see ${logFile} and ${path.join(this.instanceDir, 'logs', 'neo4j.log')}:\n${tail(logFile)}`);
      }
    } finally {
      closeSync(fd);
    }
    await this.waitReady();
    const seconds = (Date.now() - started) / 1000;
    log.info({ uri: this.uri, seconds, pid: this.status().pid }, 'local Neo4j ready');
    return { alreadyRunning: false, seconds };
  }

  /** Graceful stop through the bootloader (SIGTERM, waits for a clean shutdown). */
  async stop(): Promise<{ wasRunning: boolean }> {
    if (!this.status().running) return { wasRunning: false };
    const fd = openSync(path.join(this.instanceDir, 'logs', 'launcher.log'), 'a');
    try {
      const code = await runLauncher(findJava(), this.libDir, this.instanceDir, ['stop'], fd);
      if (code !== 0) throw new TopolensError('TOPO_NEO4J', `neo4j stop exited with ${code}`);
    } finally {
      closeSync(fd);
    }
    return { wasRunning: true };
  }

  status(): LocalNeo4jStatus {
    const pidFile = path.join(this.instanceDir, 'run', 'neo4j.pid');
    let pid: number | null = null;
    if (existsSync(pidFile)) {
      const n = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
      if (Number.isInteger(n) && isAlive(n)) pid = n;
    }
    return { running: pid !== null, pid, uri: this.uri, instanceDir: this.instanceDir };
  }

  /** Resident memory of the server process in bytes (Linux /proc), or null. */
  residentBytes(): number | null {
    const { pid } = this.status();
    if (pid === null) return null;
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : null;
    } catch {
      return null;
    }
  }

  private writeConfig(): void {
    for (const d of ['conf', 'data', 'logs', 'run', 'plugins', 'import']) mkdirSync(path.join(this.instanceDir, d), { recursive: true });
    const template = readFileSync(path.join(this.opts.templatesDir, 'neo4j.conf.template'), 'utf8');
    const conf = template
      .replaceAll('@LIB@', this.libDir)
      .replaceAll('@BOLT_PORT@', String(this.opts.boltPort))
      .replaceAll('@HEAP@', this.opts.heap)
      .replaceAll('@PAGECACHE@', this.opts.pageCache);
    writeFileSync(path.join(this.instanceDir, 'conf', 'neo4j.conf'), conf);
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + (this.opts.readyTimeoutS ?? 180) * 1000;
    const driver = neo4j.driver(this.uri, undefined, { connectionTimeout: 2000, logging: { level: 'error', logger: () => {} } });
    try {
      for (;;) {
        try {
          await driver.executeQuery('RETURN 1', {}, { database: 'neo4j' });
          return;
        } catch (err) {
          if (Date.now() > deadline) {
            throw new TopolensError('TOPO_NEO4J', `Neo4j at ${this.uri} did not answer RETURN 1 within ${this.opts.readyTimeoutS ?? 180}s; see ${path.join(this.instanceDir, 'logs', 'neo4j.log')}`, { cause: err });
          }
          if (!this.status().running) {
            throw new TopolensError('TOPO_NEO4J', `Neo4j exited during start-up; see ${path.join(this.instanceDir, 'logs')}:\n${tail(path.join(this.instanceDir, 'logs', 'neo4j.log'))}`);
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    } finally {
      await driver.close();
    }
  }
}

/** Java 17 or 21 (Neo4j 5.26 runs on those only): Debian's 17 first, then PATH. */
export function findJava(): string {
  const candidates: string[] = [];
  const jvmDir = '/usr/lib/jvm';
  if (existsSync(jvmDir)) {
    const dirs = readdirSync(jvmDir).sort();
    for (const pattern of [/^java-17-openjdk/, /^java-21-openjdk/, /^temurin-21/, /^temurin-17/]) {
      for (const d of dirs) if (pattern.test(d)) candidates.push(path.join(jvmDir, d, 'bin', 'java'));
    }
  }
  candidates.push('java');
  for (const java of candidates) {
    if (java !== 'java' && !existsSync(java)) continue;
    const probe = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
    if (probe.error) continue;
    const m = /java\.specification\.version = (\d+)/.exec(probe.stderr);
    if (m && (m[1] === '17' || m[1] === '21')) return java;
  }
  throw new MissingToolError('Java 17 or 21 is needed to run the local Neo4j 5.26 (install it, e.g. `apt-get install openjdk-17-jre-headless`), or set NEO4J_URI to an existing Neo4j 5 server');
}

function findMaven(): string {
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new MissingToolError('Maven is needed once to fetch Neo4j\'s jars from Maven Central (install it, e.g. `apt-get install maven`), or set NEO4J_URI to an existing Neo4j 5 server');
  }
  return 'mvn';
}

function runLauncher(java: string, libDir: string, instanceDir: string, args: string[], fd: number): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEO4J_HOME: instanceDir, NEO4J_CONF: path.join(instanceDir, 'conf') };
  // The bootloader lets JAVA_OPTS and HEAP_SIZE replace every JVM line of neo4j.conf (and its --add-opens).
  delete env.JAVA_OPTS;
  delete env.HEAP_SIZE;
  // Neo4j wants >= 40000 open files; raise the soft limit as far as the hard limit allows.
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"';
  const child = spawn('sh', ['-c', script, 'sh', java, '-Xmx128m', '-cp', `${libDir}/*`, `-Dbasedir=${instanceDir}`,
    'org.neo4j.server.startup.Neo4jCommand', ...args], { env, stdio: ['ignore', fd, fd] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function runChecked(cmd: string, args: string[], what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => { out = (out + b.toString()).slice(-4000); });
    child.stderr.on('data', (b: Buffer) => { out = (out + b.toString()).slice(-4000); });
    child.on('error', (err) => reject(new TopolensError('TOPO_NEO4J', `${what} could not run: ${err.message}`, { cause: err })));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new TopolensError('TOPO_NEO4J', `${what} failed (exit ${code}):\n${out}`))));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function countJars(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jar')).length : 0;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
