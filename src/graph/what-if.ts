// Exact what-if analysis of one change set: lost and changed pairs, stretch, ECMP shares, BGP next hops, cut-off devices.
import graphologyComponents from 'graphology-components';
import { applyChangeSet, type ChangeSet } from './change-set.js';
import { computeEcmpLoads } from './ecmp-load.js';
import { measureRelativeIncrease, scoreImpact } from './impact-score.js';
import type { Snapshot } from './snapshot.js';
import { computeShortestPaths, tracePath } from './spf.js';

const { connectedComponents } = graphologyComponents;

export interface ChangedPair {
  from: string;
  to: string;
  before: number;
  after: number;
  /** One least-cost path (device ids), lowest-index predecessor at each ECMP split; empty when paths are off. */
  pathBefore: string[];
  pathAfter: string[];
}

export interface StretchStats {
  /** Ordered pairs of surviving devices reachable before and after. */
  pairs: number;
  changedPairs: number;
  /** Mean of after/before over all `pairs` (unchanged pairs count 1). */
  mean: number;
  /** Mean of after/before over the changed pairs only (1 when none). */
  meanChanged: number;
  /** Largest after/before over all `pairs`; percentiles likewise over all `pairs`. */
  max: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface EcmpShareChange {
  linkId: string;
  fromDeviceId: string;
  toDeviceId: string;
  /** Fraction of the base matrix's total routed demand carried by this link direction. */
  uniform: { before: number; after: number };
  gravity: { before: number; after: number };
}

export interface AffectedPrefix {
  prefix: string;
  nextHopDeviceId: string;
  reason: 'next-hop-failed' | 'next-hop-unreachable';
  /** Surviving devices that reached the next hop before and no longer do. */
  devices: string[];
}

export interface WhatIfResult {
  devices: number;
  failedDevices: string[];
  /** Links down explicitly or through a shared-risk group. */
  failedLinks: string[];
  /** Ordered pairs [from, to] of surviving devices that lose reachability. */
  lostPairs: [string, string][];
  changedPairs: ChangedPair[];
  stretch: StretchStats;
  /** Link directions whose load changes under either matrix; empty when traffic is off. */
  ecmpShareChanges: EcmpShareChange[];
  affectedPrefixes: AffectedPrefix[];
  /** Surviving devices that were in the largest connected part before and are not after. */
  isolatedDevices: string[];
  /** Sum of clamp(relative cost increase, 0, 1) over changed pairs, and the impact score (see impact-score.ts). */
  relativeIncrease: number;
  impact: number;
}

export interface WhatIfOptions {
  /** Trace one path before and after for each changed pair (default true). */
  includePaths?: boolean;
  /** Compute ECMP shares under the uniform and gravity matrices (default true; 2·N reverse SPF runs). */
  includeTraffic?: boolean;
}

function percentile(sortedChanged: number[], unchanged: number, q: number): number {
  // Unchanged pairs (stretch exactly 1) are not stored: they sit between the changed pairs that got
  // cheaper (< 1, only with cost decreases) and those that got dearer (> 1).
  const total = sortedChanged.length + unchanged;
  if (total === 0) return 1;
  const rank = Math.max(0, Math.min(total - 1, Math.ceil(q * total) - 1));
  let below = 0;
  while (below < sortedChanged.length && sortedChanged[below]! < 1) below++;
  if (rank < below) return sortedChanged[rank]!;
  if (rank < below + unchanged) return 1;
  return sortedChanged[rank - unchanged]!;
}

/** Gravity weight of a device: its links' total capacity when every link has one, else its number of links. */
function weighDevices(snapshot: Snapshot): Float64Array {
  const n = snapshot.devices.length;
  const withCapacity = snapshot.links.length > 0 && snapshot.links.every((l) => l.capacityBps !== null && l.capacityBps > 0);
  const weights = new Float64Array(n);
  for (const l of snapshot.links) {
    const w = withCapacity ? l.capacityBps! : 1;
    weights[l.a]! += w;
    weights[l.b]! += w;
  }
  return weights;
}

/**
 * Simulates a change set by full SPF from every device before and after (O(N·M·log N)); exact,
 * including cost decreases, which can shorten paths anywhere and so defeat incremental shortcuts.
 */
export function simulateFailure(snapshot: Snapshot, changes: ChangeSet, options: WhatIfOptions = {}): WhatIfResult {
  const includePaths = options.includePaths ?? true;
  const includeTraffic = options.includeTraffic ?? true;
  const g = snapshot.compact;
  const n = g.n;
  const ids = snapshot.devices.map((d) => d.id);
  const applied = applyChangeSet(snapshot, changes);
  const { dead, arcCost } = applied;

  const lostPairs: [string, string][] = [];
  const lostSet = new Set<number>();
  const changedPairs: ChangedPair[] = [];
  const stretches: number[] = [];
  let stillConnected = 0;
  let stretchSum = 0;
  let relativeIncrease = 0;
  const toIds = (path: number[] | null) => (path ?? []).map((v) => ids[v]!);
  for (let s = 0; s < n; s++) {
    if (dead[s]) continue;
    const before = computeShortestPaths(g, s);
    const after = computeShortestPaths(g, s, { arcCost });
    for (let t = 0; t < n; t++) {
      if (t === s || dead[t]) continue;
      const b = before.dist[t]!;
      if (!Number.isFinite(b)) continue;
      const a = after.dist[t]!;
      if (!Number.isFinite(a)) {
        lostPairs.push([ids[s]!, ids[t]!]);
        lostSet.add(s * n + t);
        continue;
      }
      stillConnected++;
      stretchSum += a / b;
      if (a === b) continue;
      stretches.push(a / b);
      relativeIncrease += measureRelativeIncrease(b, a);
      changedPairs.push({
        from: ids[s]!,
        to: ids[t]!,
        before: b,
        after: a,
        pathBefore: includePaths ? toIds(tracePath(g, before, t)) : [],
        pathAfter: includePaths ? toIds(tracePath(g, after, t, arcCost)) : [],
      });
    }
  }
  stretches.sort((x, y) => x - y);
  const unchanged = stillConnected - stretches.length;
  const stretch: StretchStats = {
    pairs: stillConnected,
    changedPairs: stretches.length,
    mean: stillConnected > 0 ? stretchSum / stillConnected : 1,
    meanChanged: stretches.length > 0 ? stretches.reduce((x, y) => x + y, 0) / stretches.length : 1,
    max: stretches.length === 0 ? 1 : unchanged > 0 ? Math.max(1, stretches[stretches.length - 1]!) : stretches[stretches.length - 1]!,
    p50: percentile(stretches, unchanged, 0.5),
    p95: percentile(stretches, unchanged, 0.95),
    p99: percentile(stretches, unchanged, 0.99),
  };

  const affectedPrefixes: AffectedPrefix[] = [];
  for (const p of snapshot.prefixes) {
    const nhId = p.nextHopDeviceId ?? p.originDeviceId;
    const nh = nhId == null ? undefined : snapshot.deviceIndex.get(nhId);
    if (nh === undefined) continue; // a next hop outside this topology cannot be affected by changes inside it
    const from = (p.fromDeviceIds ?? ids).map((id) => snapshot.deviceIndex.get(id)).filter((v): v is number => v !== undefined && v !== nh && !dead[v]);
    if (dead[nh]) {
      affectedPrefixes.push({ prefix: p.prefix, nextHopDeviceId: nhId!, reason: 'next-hop-failed', devices: from.map((v) => ids[v]!) });
      continue;
    }
    const lost = from.filter((v) => lostSet.has(v * n + nh));
    if (lost.length > 0) affectedPrefixes.push({ prefix: p.prefix, nextHopDeviceId: nhId!, reason: 'next-hop-unreachable', devices: lost.map((v) => ids[v]!) });
  }

  // Connected parts come from graphology-components on the graph with the failed elements removed.
  const largest = (parts: string[][]) => parts.reduce<string[]>((best, part) => (part.length > best.length ? part : best), []);
  const largestBefore = new Set(largest(connectedComponents(snapshot.graph)));
  const afterGraph = snapshot.graph.copy();
  for (const l of applied.failedLinks) {
    for (const key of [`${snapshot.links[l]!.id}>a`, `${snapshot.links[l]!.id}>b`]) if (afterGraph.hasEdge(key)) afterGraph.dropEdge(key);
  }
  for (const v of applied.failedDevices) afterGraph.dropNode(ids[v]!);
  const largestAfter = new Set(largest(connectedComponents(afterGraph)));
  const isolatedDevices = ids.filter((id, v) => !dead[v] && largestBefore.has(id) && !largestAfter.has(id));

  const ecmpShareChanges: EcmpShareChange[] = [];
  if (includeTraffic) {
    const weights = weighDevices(snapshot);
    const loadBefore = computeEcmpLoads(g, g.arcCost, new Uint8Array(n), weights);
    const loadAfter = computeEcmpLoads(g, arcCost, dead, weights);
    const differs = (x: number, y: number) => Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x));
    for (let arc = 0; arc < g.m; arc++) {
      const ub = loadBefore.uniform[arc]!, ua = loadAfter.uniform[arc]!;
      const gb = loadBefore.gravity[arc]!, ga = loadAfter.gravity[arc]!;
      if (!differs(ub, ua) && !differs(gb, ga)) continue;
      const nu = loadBefore.routedUniform || 1;
      const ng = loadBefore.routedGravity || 1;
      ecmpShareChanges.push({
        linkId: snapshot.links[g.arcLink[arc]!]!.id,
        fromDeviceId: ids[g.arcTail[arc]!]!,
        toDeviceId: ids[g.arcHead[arc]!]!,
        uniform: { before: ub / nu, after: ua / nu },
        gravity: { before: gb / ng, after: ga / ng },
      });
    }
  }

  return {
    devices: n,
    failedDevices: applied.failedDevices.map((v) => ids[v]!),
    failedLinks: applied.failedLinks.map((l) => snapshot.links[l]!.id),
    lostPairs,
    changedPairs,
    stretch,
    ecmpShareChanges,
    affectedPrefixes,
    isolatedDevices,
    relativeIncrease,
    impact: scoreImpact({ devices: n, lostPairs: lostPairs.length, relativeIncrease }),
  };
}
