// Change impact for people and scripts: names in, exact what-if out, a verdict against thresholds.
import { NotFoundError, TopolensError } from '../errors.js';
import type { ChangeSet, CostChange } from '../graph/change-set.js';
import { computeAllPairCosts } from '../graph/n-minus-1-baseline.js';
import type { Snapshot } from '../graph/snapshot.js';
import { simulateFailure, type StretchStats } from '../graph/what-if.js';
import { findLostPrefixes, type PrefixAnchor } from '../graph/prefix-reachability.js';

/** What a deploy intends to change, with devices and links named as people name them. */
export interface ChangeRequest {
  /** Devices by id, hostname or router id. */
  failDevices?: string[];
  /** `A:B` = every link between devices A and B; or a link id. */
  failLinks?: string[];
  /** Shared-risk tags: every link carrying one goes down. */
  failSrlgs?: string[];
  /** `A:B` (both directions), `A>B` (A's sending direction only) or a link id, with the new cost. */
  costChanges?: Array<{ link: string; cost: number }>;
}

export interface ImpactThresholds {
  /** Most ordered pairs that may lose reachability (default 0). */
  maxLostPairs?: number;
  /** Largest allowed after/before cost ratio over pairs still reachable (default: no limit). */
  maxStretch?: number;
}

/**
 * The stable JSON contract of `topolens impact --format json` and of GraphQL `changeImpact`:
 * devices named by label (hostname, else router id, else id), costs as numbers, null = unreachable.
 */
export interface ImpactReport {
  verdict: 'pass' | 'fail';
  /** Which thresholds were exceeded, as `maxLostPairs` / `maxStretch`. */
  exceeded: string[];
  thresholds: { maxLostPairs: number; maxStretch: number | null };
  failedDevices: string[];
  failedLinks: string[];
  lostPairs: Array<[string, string]>;
  changedPairs: Array<{ from: string; to: string; before: number; after: number; pathBefore: string[]; pathAfter: string[] }>;
  isolatedDevices: string[];
  /** Per prefix: the devices that lose every route to it; `origins` = where it is anchored (origin or BGP next hop). */
  affectedPrefixes: Array<{ prefix: string; origins: string[]; reason: 'withdrawn' | 'anchor-failed' | 'anchor-unreachable'; devices: string[] }>;
  stretch: StretchStats;
  /** See src/graph/impact-score.ts: 0 (nothing changes) … 1 (every pair lost). */
  impact: number;
  /** With `allPairs`: every ordered pair of surviving devices, before and after. */
  pairs?: Array<{ from: string; to: string; before: number | null; after: number | null }>;
  /**
   * With `traffic`: link directions whose share of the routed demand changes, under a uniform and a
   * gravity traffic matrix, with ECMP splitting at every hop as routers do.
   */
  ecmpShareChanges?: Array<{ linkId: string; from: string; to: string; uniform: { before: number; after: number }; gravity: { before: number; after: number } }>;
}

/** Finds devices by id, then by exact hostname or router id; a name shared by several devices is an error. */
export function resolveDevice(snapshot: Snapshot, name: string): string {
  if (snapshot.deviceIndex.has(name)) return name;
  const matches = snapshot.devices.filter((d) => d.device.hostname === name || d.device.routerId === name || d.label === name);
  const ids = [...new Set(matches.map((d) => d.id))];
  if (ids.length === 1) return ids[0] as string;
  if (ids.length === 0) throw new NotFoundError(`device "${name}"`);
  throw new TopolensError('TOPO_BAD_INPUT', `"${name}" names ${ids.length} devices (${ids.join(', ')}); use a device id`);
}

/** Link ids named by `A:B`, `A>B` (with the direction's sender) or an id. */
function resolveLinks(snapshot: Snapshot, spec: string): { linkIds: string[]; fromDeviceId: string | null } {
  if (snapshot.linkIndex.has(spec)) return { linkIds: [spec], fromDeviceId: null };
  const m = /^(.+?)([:>])(.+)$/.exec(spec);
  if (!m) throw new TopolensError('TOPO_BAD_INPUT', `"${spec}" is not a link: expected A:B, A>B or a link id`);
  const a = resolveDevice(snapshot, m[1] as string);
  const b = resolveDevice(snapshot, m[3] as string);
  const linkIds = snapshot.links.filter((l) => (l.aDeviceId === a && l.bDeviceId === b) || (l.aDeviceId === b && l.bDeviceId === a)).map((l) => l.id);
  if (linkIds.length === 0) throw new NotFoundError(`link between "${m[1]}" and "${m[3]}"`);
  return { linkIds, fromDeviceId: m[2] === '>' ? a : null };
}

export function resolveChangeRequest(snapshot: Snapshot, req: ChangeRequest): ChangeSet {
  const costChanges: CostChange[] = [];
  for (const c of req.costChanges ?? []) {
    const { linkIds, fromDeviceId } = resolveLinks(snapshot, c.link);
    for (const linkId of linkIds) costChanges.push({ linkId, fromDeviceId, cost: c.cost });
  }
  return {
    failedDevices: (req.failDevices ?? []).map((d) => resolveDevice(snapshot, d)),
    failedLinks: (req.failLinks ?? []).flatMap((l) => resolveLinks(snapshot, l).linkIds),
    failedSrlgs: req.failSrlgs ?? [],
    costChanges,
  };
}

export function analyseChange(snapshot: Snapshot, req: ChangeRequest, thresholds: ImpactThresholds = {}, opts: { allPairs?: boolean; traffic?: boolean } = {}): ImpactReport {
  const changes = resolveChangeRequest(snapshot, req);
  const result = simulateFailure(snapshot, changes, { includePaths: true, includeTraffic: opts.traffic ?? false });
  const label = (id: string) => snapshot.devices[snapshot.deviceIndex.get(id) as number]?.label ?? id;
  const maxLostPairs = thresholds.maxLostPairs ?? 0;
  const maxStretch = thresholds.maxStretch ?? null;
  const exceeded: string[] = [];
  if (result.lostPairs.length > maxLostPairs) exceeded.push('maxLostPairs');
  if (maxStretch !== null && result.stretch.max > maxStretch) exceeded.push('maxStretch');
  const report: ImpactReport = {
    verdict: exceeded.length === 0 ? 'pass' : 'fail',
    exceeded,
    thresholds: { maxLostPairs, maxStretch },
    failedDevices: result.failedDevices.map(label),
    failedLinks: result.failedLinks,
    lostPairs: result.lostPairs.map(([f, t]) => [label(f), label(t)]),
    changedPairs: result.changedPairs.map((p) => ({
      from: label(p.from), to: label(p.to), before: p.before, after: p.after,
      pathBefore: p.pathBefore.map(label), pathAfter: p.pathAfter.map(label),
    })),
    isolatedDevices: result.isolatedDevices.map(label),
    affectedPrefixes: findLostPrefixes(snapshot, prefixAnchors(snapshot), changes).map((p) => ({
      prefix: p.prefix, origins: p.anchors.map(label).sort(), reason: p.reason, devices: p.devices.map(label).sort(),
    })),
    stretch: result.stretch,
    impact: result.impact,
  };
  if (opts.allPairs) report.pairs = listAllPairs(snapshot, result, label);
  if (opts.traffic) {
    report.ecmpShareChanges = result.ecmpShareChanges.map((c) => ({ linkId: c.linkId, from: label(c.fromDeviceId), to: label(c.toDeviceId), uniform: c.uniform, gravity: c.gravity }));
  }
  return report;
}

/** Where each prefix is anchored: its BGP next hop when known, else its origin. */
function prefixAnchors(snapshot: Snapshot): PrefixAnchor[] {
  return snapshot.prefixes.flatMap((p) => {
    const deviceId = p.nextHopDeviceId ?? p.originDeviceId;
    return deviceId ? [{ prefix: p.prefix, deviceId, withdrawnWithLinkTo: p.withdrawnWithLinkTo ?? null }] : [];
  });
}

/** Every ordered pair of surviving devices with its cost before and after (null = unreachable). */
function listAllPairs(snapshot: Snapshot, result: ReturnType<typeof simulateFailure>, label: (id: string) => string): NonNullable<ImpactReport['pairs']> {
  const n = snapshot.devices.length;
  const base = computeAllPairCosts(snapshot);
  const dead = new Set(result.failedDevices);
  const key = (f: string, t: string) => `${f}\u0000${t}`;
  const lost = new Set(result.lostPairs.map(([f, t]) => key(f, t)));
  const changed = new Map(result.changedPairs.map((p) => [key(p.from, p.to), p.after]));
  const pairs: NonNullable<ImpactReport['pairs']> = [];
  for (let s = 0; s < n; s++) {
    const from = (snapshot.devices[s] as { id: string }).id;
    if (dead.has(from)) continue;
    for (let t = 0; t < n; t++) {
      const to = (snapshot.devices[t] as { id: string }).id;
      if (s === t || dead.has(to)) continue;
      const b = base[s * n + t] as number;
      const before = Number.isFinite(b) ? b : null;
      const k = key(from, to);
      const after = lost.has(k) ? null : changed.has(k) ? (changed.get(k) as number) : before;
      pairs.push({ from: label(from), to: label(to), before, after });
    }
  }
  return pairs;
}
