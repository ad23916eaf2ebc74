// A real routing lab from a GraphML topology: one network namespace per router running FRR (zebra, ospfd, bgpd) and lldpd.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderFrrConfig, renderLldpdConfig } from './frr-config.js';
import { findLink, planLab, type LabLink, type LabPlan, type LabRouter } from './lab-plan.js';
import { readOspfRoutes, type RouteTable } from './route-table.js';
import { run, runSync, sleep, sleepSync, tryRunSync } from './exec.js';

const FRR_DIR = '/usr/lib/frr';
const FRR_RUN = '/var/run/frr';
const DAEMONS = ['zebra', 'ospfd', 'bgpd'] as const;

export interface FrrLabOptions {
  /** Seed of the planned OSPF costs (default 7). */
  seed?: number;
  /** Namespace names are `tl-<runId>-<router>`; random by default so parallel and leftover runs never clash. */
  runId?: string;
  /** OSPF hello/dead intervals in seconds (default 1/4). */
  hello?: number;
  dead?: number;
  asn?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface WaitOptions {
  /** Give up after this long with an error naming what is still missing (default 90 s). */
  timeoutMs?: number;
  /** Also wait for every router to hold every originated BGP prefix (default true). */
  bgp?: boolean;
  /** Also wait for LLDP to show every cable with the peer's hostname and loopback (default true). */
  lldp?: boolean;
}

/** The files `capture` wrote for one router. */
export interface RouterCapture {
  router: string;
  ospfRouter: string;
  ospfNetwork: string;
  lldp: string;
  /** Absent when bgpd has not written its dump yet. */
  mrt: string | null;
  ipRoute: string;
  bgp: string;
}

export interface LabCapture {
  dir: string;
  routers: RouterCapture[];
}

interface StartedDaemon {
  router: string;
  name: string;
  /** FRR daemons write a pid file (`-i`); lldpd stays in the foreground and we hold its pid. */
  pidFile?: string;
  pid?: number;
}

const live = new Set<FrrLab>();
let hooksInstalled = false;

/** Ends every live lab when the process exits or is interrupted, so a failing or killed test still cleans up. */
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const lab of [...live]) lab.down();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = () => {
      for (const lab of [...live]) lab.down();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** True while /proc says `pid` runs a command line containing `marker` (so a recycled pid is never killed). */
function isOurs(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').includes(marker);
  } catch {
    return false;
  }
}

export class FrrLab {
  readonly plan: LabPlan;
  readonly runId: string;
  readonly workdir: string;
  private readonly opts: Required<Omit<FrrLabOptions, 'runId' | 'seed'>>;
  private readonly started: StartedDaemon[] = [];
  private readonly namespaces: string[] = [];
  private readonly frrDirs: string[] = [];
  private stopped = false;

  private constructor(plan: LabPlan, workdir: string, runId: string, opts: FrrLabOptions) {
    this.plan = plan;
    this.workdir = workdir;
    this.runId = runId;
    this.opts = { hello: opts.hello ?? 1, dead: opts.dead ?? 4, asn: opts.asn ?? 65000, log: opts.log ?? (() => {}) };
  }

  /** Builds the lab (namespaces, veths, daemons); cleans up what it made if any step fails. */
  static async up(graphml: string, workdir: string, opts: FrrLabOptions = {}): Promise<FrrLab> {
    const lab = new FrrLab(planLab(graphml, opts.seed ?? 7), workdir, opts.runId ?? randomBytes(2).toString('hex'), opts);
    installExitHooks();
    live.add(lab);
    try {
      lab.build();
    } catch (err) {
      lab.down();
      throw err;
    }
    return lab;
  }

  /** Network namespace of a router; also its FRR pathspace (`-N`), so `vtysh -N` reaches this run's daemons only. */
  ns(router: string): string {
    return `tl-${this.runId}-${router}`;
  }

  router(name: string): LabRouter {
    const r = this.plan.routers.find((x) => x.name === name);
    if (!r) throw new Error(`no router ${name} in the lab`);
    return r;
  }

  private routerDir(router: string): string {
    return join(this.workdir, 'run', router);
  }

  lldpSocket(router: string): string {
    return join(this.routerDir(router), 'lldpd.sock');
  }

  private build(): void {
    const { plan } = this;
    mkdirSync(this.workdir, { recursive: true });
    chmodSync(this.workdir, 0o755);
    // The daemons run as `frr` and write their pid files, logs and MRT dumps under workdir: it must be reachable.
    for (let dir = dirname(this.workdir); dir !== dirname(dir); dir = dirname(dir)) {
      if ((statSync(dir).mode & 0o001) === 0) throw new Error(`${dir} is not searchable by other users, so FRR (user frr) cannot reach ${this.workdir}: chmod o+x it`);
    }
    mkdirSync(FRR_RUN, { recursive: true });
    chownFrr(FRR_RUN);
    for (const r of plan.routers) {
      const ns = this.ns(r.name);
      runSync('ip', ['netns', 'add', ns]);
      this.namespaces.push(ns);
      runSync('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      runSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
      runSync('ip', ['-n', ns, 'addr', 'add', `${r.loopback}/32`, 'dev', 'lo']);
      runSync('ip', ['-n', ns, 'route', 'add', 'blackhole', r.prefix]);
    }
    for (const l of plan.links) {
      // Created straight into the two namespaces: the names never exist in the host's namespace.
      runSync('ip', ['link', 'add', l.ifa, 'netns', this.ns(l.a), 'type', 'veth', 'peer', 'name', l.ifb, 'netns', this.ns(l.b)]);
      runSync('ip', ['-n', this.ns(l.a), 'addr', 'add', `${l.ipa}/31`, 'dev', l.ifa]);
      runSync('ip', ['-n', this.ns(l.b), 'addr', 'add', `${l.ipb}/31`, 'dev', l.ifb]);
      runSync('ip', ['-n', this.ns(l.a), 'link', 'set', l.ifa, 'up']);
      runSync('ip', ['-n', this.ns(l.b), 'link', 'set', l.ifb, 'up']);
    }
    for (const r of plan.routers) this.startRouter(r);
    this.opts.log(`lab ${this.runId}: ${plan.routers.length} routers, ${plan.links.length} links up in namespaces ${this.ns('*')}`);
  }

  private startRouter(r: LabRouter): void {
    const ns = this.ns(r.name);
    const dir = this.routerDir(r.name);
    mkdirSync(dir, { recursive: true });
    chownFrr(dir);
    const conf = join(dir, 'frr.conf');
    writeFileSync(conf, renderFrrConfig(this.plan, r, { dir, asn: this.opts.asn, hello: this.opts.hello, dead: this.opts.dead }));
    const frrDir = join(FRR_RUN, ns);
    mkdirSync(frrDir, { recursive: true });
    chownFrr(frrDir);
    this.frrDirs.push(frrDir);
    for (const daemon of DAEMONS) {
      const pidFile = join(dir, `${daemon}.pid`);
      this.started.push({ router: r.name, name: daemon, pidFile });
      runSync('ip', ['netns', 'exec', ns, join(FRR_DIR, daemon), '-d', '-N', ns, '-f', conf, '-i', pidFile, '-u', 'frr', '-g', 'frr']);
    }
    const lldpConf = join(dir, 'lldpd.conf');
    writeFileSync(lldpConf, renderLldpdConfig(r));
    const err = openSync(join(dir, 'lldpd.log'), 'a');
    // `ip netns exec` execs lldpd in place, so the child's pid is lldpd's (its monitor; it ends its own worker).
    const child = spawn('ip', ['netns', 'exec', ns, 'lldpd', '-d', '-u', this.lldpSocket(r.name), '-I', `${r.name}-*`, '-M', '4', '-O', lldpConf], {
      stdio: ['ignore', err, err],
      detached: true,
    });
    closeSync(err);
    child.unref();
    if (child.pid === undefined) throw new Error(`${r.name}: lldpd did not start`);
    this.started.push({ router: r.name, name: 'lldpd', pid: child.pid });
  }

  async vtysh(router: string, command: string): Promise<string> {
    return run('vtysh', ['-N', this.ns(router), '-c', command]);
  }

  async vtyshJson<T = unknown>(router: string, command: string): Promise<T> {
    const text = await this.vtysh(router, command);
    try {
      return JSON.parse(text) as T;
    } catch (err) {
      throw new Error(`${router}: '${command}' did not print JSON: ${text.slice(0, 200)}`, { cause: err });
    }
  }

  async lldpNeighbours(router: string): Promise<string> {
    return run('lldpcli', ['-u', this.lldpSocket(router), '-f', 'json', 'show', 'neighbors', 'details']);
  }

  /** Each router's OSPF routes to the loopbacks, read from `show ip route json`. */
  async readRouteTables(): Promise<Map<string, RouteTable>> {
    const tables = await Promise.all(this.plan.routers.map(async (r) => [r.name, readOspfRoutes(await this.vtysh(r.name, 'show ip route json'))] as const));
    return new Map(tables);
  }

  /** Each router's BGP prefixes that have a valid path (`show ip bgp json`). */
  async readBgpValidPrefixes(): Promise<Map<string, Set<string>>> {
    const rows = await Promise.all(this.plan.routers.map(async (r) => [r.name, readValidBgpPrefixes(await this.vtysh(r.name, 'show ip bgp json'))] as const));
    return new Map(rows);
  }

  /** What is still missing, per router; empty when converged. */
  private async missing(opts: WaitOptions): Promise<string[]> {
    const problems = await Promise.all(
      this.plan.routers.map(async (r) => {
        const out: string[] = [];
        // Routes to every loopback are not enough: a router reached over one link may still be bringing
        // up its others. Wait for every adjacency to be Full and the LSDB to hold every link both ways.
        const degree = this.plan.links.filter((l) => l.a === r.name || l.b === r.name).length;
        const full = countFullNeighbours(await this.vtysh(r.name, 'show ip ospf neighbor json'));
        if (full !== degree) out.push(`${full} of ${degree} OSPF neighbours Full`);
        const lsdb = readRouterLsaNeighbours(await this.vtysh(r.name, 'show ip ospf database router json'));
        const oneWay = this.plan.links.flatMap((l) => {
          const [a, b] = [this.router(l.a).loopback, this.router(l.b).loopback];
          return [lsdb.get(a)?.includes(b) ? [] : [`${l.a}>${l.b}`], lsdb.get(b)?.includes(a) ? [] : [`${l.b}>${l.a}`]].flat();
        });
        if (oneWay.length > 0) out.push(`LSDB lacks ${oneWay.join(' ')}`);
        const routes = readOspfRoutes(await this.vtysh(r.name, 'show ip route json'));
        const lo = this.plan.routers.filter((p) => p !== r && !routes.has(`${p.loopback}/32`)).map((p) => p.loopback);
        if (lo.length > 0) out.push(`no route to ${lo.join(' ')}`);
        if (opts.bgp ?? true) {
          const bgp = await this.vtyshJson<{ routes?: Record<string, unknown> }>(r.name, 'show ip bgp json');
          const pfx = this.plan.routers.filter((p) => !(p.prefix in (bgp.routes ?? {}))).map((p) => p.prefix);
          if (pfx.length > 0) out.push(`no BGP route to ${pfx.join(' ')}`);
        }
        if (opts.lldp ?? true) {
          const seen = readLldpPeers(await this.lldpNeighbours(r.name).catch(() => '{}'));
          for (const l of this.plan.links) {
            const mine = l.a === r.name ? { ifname: l.ifa, peer: this.router(l.b) } : l.b === r.name ? { ifname: l.ifb, peer: this.router(l.a) } : null;
            if (!mine) continue;
            const got = seen.get(mine.ifname);
            if (!got || got.sysname !== mine.peer.name || !got.mgmtIp.includes(mine.peer.loopback)) {
              out.push(`LLDP on ${mine.ifname}: ${got ? `${got.sysname} ${got.mgmtIp.join(',')}` : 'nothing'}`);
            }
          }
        }
        return out.length > 0 ? [`${r.name}: ${out.join('; ')}`] : [];
      }),
    );
    return problems.flat();
  }

  /**
   * Waits until every router routes to every other loopback over OSPF (and, by default, holds
   * every BGP prefix and sees every cable's peer over LLDP); returns the seconds it took.
   */
  async waitConverged(opts: WaitOptions = {}): Promise<number> {
    const timeoutMs = opts.timeoutMs ?? 90_000;
    const t0 = Date.now();
    let last: string[] = ['not checked yet'];
    let tables = '';
    while (Date.now() - t0 < timeoutMs) {
      last = await this.missing(opts).catch((err: Error) => [err.message]);
      if (last.length === 0) {
        // Complete, and the routing tables as they were a second ago: SPF has run on the final LSDB.
        const now = serialiseTables(await this.readRouteTables());
        if (now === tables) {
          const s = (Date.now() - t0) / 1000;
          this.opts.log(`lab ${this.runId}: converged in ${s.toFixed(1)} s`);
          return s;
        }
        tables = now;
        last = ['routing tables still changing'];
      } else {
        tables = '';
      }
      await sleep(1000);
    }
    throw new Error(`lab ${this.runId} did not converge within ${timeoutMs / 1000} s; still missing:\n  ${last.join('\n  ')}`);
  }

  /** Writes what operators export from each router into `dir`; returns the file names. */
  async capture(dir: string): Promise<LabCapture> {
    mkdirSync(dir, { recursive: true });
    const routers = await Promise.all(
      this.plan.routers.map(async (r): Promise<RouterCapture> => {
        const file = (name: string) => join(dir, `${r.name}.${name}`);
        const out: RouterCapture = {
          router: r.name,
          ospfRouter: file('ospf-router.json'),
          ospfNetwork: file('ospf-network.json'),
          lldp: file('lldp.json'),
          mrt: null,
          ipRoute: file('ip-route.json'),
          bgp: file('bgp.json'),
        };
        writeFileSync(out.ospfRouter, await this.vtysh(r.name, 'show ip ospf database router json'));
        writeFileSync(out.ospfNetwork, await this.vtysh(r.name, 'show ip ospf database network json'));
        writeFileSync(out.lldp, await this.lldpNeighbours(r.name));
        writeFileSync(out.ipRoute, await this.vtysh(r.name, 'show ip route json'));
        writeFileSync(out.bgp, await this.vtysh(r.name, 'show ip bgp json'));
        const mrt = join(this.routerDir(r.name), 'updates.mrt');
        if (existsSync(mrt)) {
          out.mrt = file('updates.mrt');
          copyFileSync(mrt, out.mrt);
        }
        return out;
      }),
    );
    return { dir, routers };
  }

  /** Takes the cable between two routers down at both ends (`ip link set down`), as pulling it would. */
  async linkDown(x: string, y: string): Promise<LabLink> {
    const l = findLink(this.plan, x, y);
    await run('ip', ['-n', this.ns(l.a), 'link', 'set', l.ifa, 'down']);
    await run('ip', ['-n', this.ns(l.b), 'link', 'set', l.ifb, 'down']);
    this.opts.log(`lab ${this.runId}: ${l.a}-${l.b} down`);
    return l;
  }

  /**
   * After `linkDown`: waits until no router's LSDB holds the failed links both ways any more, then
   * until the routing tables stop changing (two equal reads 1 s apart).
   */
  async waitReconverged(failed: Array<[string, string]>, timeoutMs = 30_000): Promise<number> {
    const t0 = Date.now();
    const flooded = async (): Promise<string[]> => {
      const problems: string[] = [];
      await Promise.all(
        this.plan.routers.map(async (r) => {
          const db = await this.vtysh(r.name, 'show ip ospf database router json');
          const lsas = readRouterLsaNeighbours(db);
          for (const [x, y] of failed) {
            const [a, b] = [this.router(x).loopback, this.router(y).loopback];
            // One side no longer listing the other is enough: SPF's two-way check drops the link. (An
            // isolated router's last LSA, listing its old neighbours, stays in the others' LSDBs until MaxAge.)
            if (lsas.get(a)?.includes(b) && lsas.get(b)?.includes(a)) problems.push(`${r.name} still has ${x}<->${y} in its LSDB`);
          }
        }),
      );
      return problems;
    };
    let problems: string[] = ['not checked yet'];
    while (Date.now() - t0 < timeoutMs) {
      problems = await flooded();
      if (problems.length === 0) break;
      await sleep(250);
    }
    if (problems.length > 0) throw new Error(`lab ${this.runId}: failure not flooded within ${timeoutMs / 1000} s: ${problems.join('; ')}`);
    let previous = serialiseTables(await this.readRouteTables());
    while (Date.now() - t0 < timeoutMs) {
      await sleep(1000);
      const now = serialiseTables(await this.readRouteTables());
      if (now === previous) {
        const s = (Date.now() - t0) / 1000;
        this.opts.log(`lab ${this.runId}: reconverged in ${s.toFixed(1)} s`);
        return s;
      }
      previous = now;
    }
    throw new Error(`lab ${this.runId}: routing tables still changing after ${timeoutMs / 1000} s`);
  }

  /**
   * Stops every daemon this lab started, by pid (SIGTERM, then SIGKILL after 3 s), and deletes its
   * namespaces (their veths go with them) and FRR run directories. Idempotent; synchronous, so it
   * also runs from the process 'exit' hook.
   */
  down(): void {
    if (this.stopped) return;
    this.stopped = true;
    live.delete(this);
    const pids: Array<{ pid: number; what: string; marker: string }> = [];
    for (const d of this.started) {
      let pid = d.pid;
      if (pid === undefined && d.pidFile && existsSync(d.pidFile)) pid = Number(readFileSync(d.pidFile, 'utf8').trim());
      if (pid === undefined || !Number.isInteger(pid) || pid <= 1) continue;
      pids.push({ pid, what: `${d.router} ${d.name}`, marker: d.name === 'lldpd' ? this.lldpSocket(d.router) : this.ns(d.router) });
    }
    const signal = (sig: NodeJS.Signals) => {
      for (const p of pids) {
        if (!isOurs(p.pid, p.marker)) continue;
        try {
          process.kill(p.pid, sig);
        } catch {
          // already gone
        }
      }
    };
    signal('SIGTERM');
    for (let waited = 0; waited < 3000 && pids.some((p) => isOurs(p.pid, p.marker)); waited += 100) sleepSync(100);
    signal('SIGKILL');
    // lldpd's privilege-separated worker is a child of the monitor we started: end any that outlived it, by pid.
    for (const ns of this.namespaces) {
      for (const pid of tryRunSync('ip', ['netns', 'pids', ns]).stdout.split(/\s+/).filter(Boolean).map(Number)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of this.namespaces) tryRunSync('ip', ['netns', 'del', ns]);
    for (const dir of this.frrDirs) rmSync(dir, { recursive: true, force: true });
    this.opts.log(`lab ${this.runId}: down`);
  }
}

/** Builds a lab from a GraphML topology in `workdir`. */
export function up(graphml: string, workdir: string, opts: FrrLabOptions = {}): Promise<FrrLab> {
  return FrrLab.up(graphml, workdir, opts);
}

function chownFrr(path: string): void {
  const uid = Number(runSync('id', ['-u', 'frr']).trim());
  const gid = Number(runSync('id', ['-g', 'frr']).trim());
  chownSync(path, uid, gid);
}

/** Local interface → the neighbour's system name and management addresses, from `lldpcli -f json show neighbors details`. */
export function readLldpPeers(json: string): Map<string, { sysname: string; mgmtIp: string[] }> {
  const out = new Map<string, { sysname: string; mgmtIp: string[] }>();
  const doc = JSON.parse(json) as { lldp?: { interface?: unknown } };
  const raw = doc.lldp?.interface;
  // lldpcli prints a list of one-key objects when several interfaces have neighbours, else one object.
  const entries: Array<[string, unknown]> = Array.isArray(raw) ? raw.flatMap((o) => Object.entries(o as object)) : raw ? Object.entries(raw as object) : [];
  for (const [ifname, v] of entries) {
    const chassis = (v as { chassis?: Record<string, { 'mgmt-ip'?: string | string[] }> }).chassis ?? {};
    const [sysname, c] = Object.entries(chassis)[0] ?? ['', {}];
    const mgmt = c['mgmt-ip'];
    out.set(ifname, { sysname, mgmtIp: mgmt === undefined ? [] : Array.isArray(mgmt) ? mgmt : [mgmt] });
  }
  return out;
}

/** Prefixes with at least one valid path in FRR's `show ip bgp json` (a next hop gone unreachable leaves the path invalid). */
export function readValidBgpPrefixes(json: string): Set<string> {
  const doc = JSON.parse(json) as { routes?: Record<string, Array<{ valid?: boolean }>> };
  return new Set(Object.entries(doc.routes ?? {}).filter(([, paths]) => paths.some((p) => p.valid === true)).map(([prefix]) => prefix));
}

function serialiseTables(tables: Map<string, RouteTable>): string {
  return JSON.stringify([...tables].map(([k, v]) => [k, [...v]]));
}

/** Neighbours in state Full in `show ip ospf neighbor json` (FRR 8: neighbour id → list of per-interface entries). */
function countFullNeighbours(json: string): number {
  const doc = JSON.parse(json) as { neighbors?: Record<string, Array<{ nbrState?: string; state?: string }>> };
  return Object.values(doc.neighbors ?? {})
    .flat()
    .filter((n) => (n.nbrState ?? n.state ?? '').startsWith('Full')).length;
}

/** Advertising router → the router ids its router LSA lists as point-to-point neighbours (FRR 8 JSON). */
function readRouterLsaNeighbours(json: string): Map<string, string[]> {
  const doc = JSON.parse(json) as { routerLinkStates?: { areas?: Record<string, Array<{ advertisingRouter: string; routerLinks?: Record<string, { neighborRouterId?: string }> }>> } };
  const out = new Map<string, string[]>();
  for (const lsas of Object.values(doc.routerLinkStates?.areas ?? {})) {
    for (const lsa of lsas) {
      const n = Object.values(lsa.routerLinks ?? {}).flatMap((l) => (l.neighborRouterId ? [l.neighborRouterId] : []));
      out.set(lsa.advertisingRouter, [...(out.get(lsa.advertisingRouter) ?? []), ...n]);
    }
  }
  return out;
}
