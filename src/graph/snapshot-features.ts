// Turns a snapshot into the plain feature arrays the GNN reads (GraphArrays), plus the exact, cheap disconnection part of N-1 impact.
import type { GraphArrays } from '../../gnn/graph-tensors.js';
import type { FailureRanking } from './n-minus-1.js';
import { analyseBlocks } from './single-points-of-failure.js';
import type { Snapshot } from './snapshot.js';
import { measureLocalDetours, sampleFromPivots } from './stretch-estimate.js';

/**
 * Node feature columns of `x`, in order. Costs are log(cost / the snapshot's median cost), so networks with
 * different metric conventions look alike; counts are log1p-scaled; pair counts are divided by n so the
 * values do not grow with the network.
 */
export const NODE_FEATURES = [
  'logDegree', // log1p(links at the device)
  'relativeDegree', // degree / mean degree
  'outCostMean', 'outCostMin', 'outCostMax', // log relative cost of the directions leaving the device
  'inCostMean', 'inCostMin', 'inCostMax', // … and of those entering it
  'neighbourLogDegree', // mean log1p(degree) of the neighbours
  'leafNeighbourShare', // share of neighbours with degree 1
  'logDevices', // log(n) / 10: the network's size, the same on every row
  'roleCore', 'roleAggregation', 'roleAccess', 'roleUnknown', // role one-hot (role names mapped in roleColumn)
  'ospfOnlyShare', // share of the device's links seen only through OSPF (protocol presence)
  'oneWayShare', // share of its links usable in one direction only
  'articulationPoint', // 1 when its failure alone splits the network
  'disconnection', // log1p(exact ordered pairs it disconnects / n)
  'logPrefixes', // log1p(BGP prefixes whose next hop or origin it is)
  'betweenness', // log1p(sampled shortest-path betweenness / n), ECMP-split (Brandes)
  'stretchEstimate', // log1p(estimated stretch term / (n − 1)): exact changed pairs from the pivots × local detour bound
] as const;

/**
 * Edge feature columns of `edgeAttr`, in order, for the edge source → target. Link l gives edges 2l (a → b) and
 * 2l + 1 (b → a), both always present so messages flow both ways even over a one-way link.
 */
export const EDGE_FEATURES = [
  'costForward', // log relative cost source → target (0 when that direction is unusable)
  'costReverse', // log relative cost target → source (0 when unusable)
  'costAsymmetry', // |costForward − costReverse| when both directions work
  'forwardUsable', // 1 when source → target carries traffic
  'logCapacity', // log10(capacity in bit/s) / 12 when known, else 0
  'capacityKnown',
  'ospfOnly', // link known only from an OSPF adjacency
  'bridge', // 1 when its failure alone splits the network
  'disconnection', // log1p(exact ordered pairs it disconnects / n)
  'costAboveCheapest', // its log cost above the cheapest link at either end (is it a backup?)
  'detour', // log1p(relative extra cost of the best local path around it), from a bounded search
  'betweenness', // log1p(sampled betweenness / n)
  'stretchEstimate', // log1p(estimated stretch term / (n − 1)) of the link (see stretch-estimate.ts)
] as const;

/** The schema stored with a model: which columns it was trained on, in which order. */
export const SNAPSHOT_FEATURE_SCHEMA = {
  version: 2,
  node: NODE_FEATURES,
  edge: EDGE_FEATURES,
  /** `linkAttr` rows are the mean of a link's two edge rows: symmetric in a and b. */
  link: EDGE_FEATURES,
} as const;

/** Options of extractSnapshotFeatures. */
export interface SnapshotFeatureOptions {
  /** Sources of the sampled betweenness; every device when the network is no larger (exact). Default 32. */
  pivots?: number;
  /** Seeds the choice of pivots, so features are identical on re-run. Default 0. */
  seed?: number;
  /** Devices the detour search around a link may settle before it reports a lower bound. Default 64. */
  detourSettleLimit?: number;
}

/** Feature arrays and exact disconnection counts of one snapshot (indices are the snapshot's). */
export interface SnapshotFeatures {
  /** For buildGraphTensors: x [devices, NODE_FEATURES], edges 2l / 2l+1 per link, edgeAttr [2·links, EDGE_FEATURES]. */
  arrays: GraphArrays;
  /** The two ends of every link. */
  linkEnds: { a: Int32Array; b: Int32Array };
  /** Per link, the mean of its two edge rows, row-major [links, EDGE_FEATURES]. */
  linkAttr: Float32Array;
  /** Exact ordered pairs of surviving devices each device's failure disconnects (block structure, O(n + m)). */
  deviceLostPairs: Float64Array;
  /** The same for each link. */
  linkLostPairs: Float64Array;
}

/** Role one-hot column for a role name; generated ('core', 'agg', 'acc') and common vendor words. */
function roleColumn(role: string | null | undefined): number {
  const r = (role ?? '').toLowerCase();
  if (r.startsWith('core') || r === 'p' || r === 'spine') return 0;
  if (r.startsWith('agg') || r.startsWith('dist')) return 1;
  if (r.startsWith('acc') || r === 'edge' || r === 'pe' || r === 'leaf') return 2;
  return 3;
}

/** A tiny seeded LCG: graph/ does not import gnn/ code, and pivots only need to be reproducible. */
function pickPivots(n: number, k: number, seed: number): Int32Array {
  if (k >= n) return Int32Array.from({ length: n }, (_, i) => i);
  let state = (seed * 2654435761 + 1) >>> 0;
  const next = () => { state = (Math.imul(state, 1664525) + 1013904223) >>> 0; return state / 4294967296; };
  // Partial Fisher–Yates: k distinct devices.
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(next() * (n - i));
    const t = ids[i]!; ids[i] = ids[j]!; ids[j] = t;
  }
  return ids.slice(0, k).sort();
}

/**
 * Exact lost pairs per device and link from the block structure: a bridge with k devices below it in a
 * component of C loses 2k(C−k); an articulation point leaves pieces p₁…p_r of its C−1 survivors and loses
 * (Σp)² − Σp². Valid when links work both ways (what rankFailures' shortcut assumes too).
 */
function countDisconnection(snapshot: Snapshot, blocks: ReturnType<typeof analyseBlocks>): { device: Float64Array; link: Float64Array } {
  const n = snapshot.devices.length;
  const { bridge, cut, disc, low, size, componentSize, childStart, children, parent } = blocks;
  const device = new Float64Array(n);
  for (let d = 0; d < n; d++) {
    if (!cut[d]) continue;
    const survivors = componentSize[d]! - 1;
    let separated = 0;
    let squares = 0;
    for (let i = childStart[d]!; i < childStart[d + 1]!; i++) {
      const c = children[i]!;
      if (low[c]! >= disc[d]!) { separated += size[c]!; squares += size[c]! ** 2; }
    }
    const rest = survivors - separated;
    device[d] = survivors ** 2 - squares - rest ** 2;
  }
  const link = new Float64Array(snapshot.links.length);
  for (const l of snapshot.links) {
    if (!bridge[l.index]) continue;
    const child = parent[l.b] === l.a ? l.b : l.a;
    const k = size[child]!;
    link[l.index] = 2 * k * (componentSize[child]! - k);
  }
  return { device, link };
}

const median = (values: number[]): number => {
  if (values.length === 0) return 1;
  const s = [...values].sort((p, q) => p - q);
  return s[Math.floor((s.length - 1) / 2)]!;
};

/** Builds x, edge indices, edgeAttr and per-link rows for `snapshot`, in the column order of SNAPSHOT_FEATURE_SCHEMA. */
export function extractSnapshotFeatures(snapshot: Snapshot, options: SnapshotFeatureOptions = {}): SnapshotFeatures {
  const n = snapshot.devices.length;
  const links = snapshot.links;
  const L = links.length;
  const F = NODE_FEATURES.length;
  const D = EDGE_FEATURES.length;
  const costs: number[] = [];
  for (const l of links) {
    if (l.costAtoB !== null) costs.push(l.costAtoB);
    if (l.costBtoA !== null) costs.push(l.costBtoA);
  }
  const med = median(costs);
  const logCost = (c: number | null) => (c === null ? null : Math.log(c / med));

  const degree = new Float64Array(n);
  for (const l of links) { degree[l.a]!++; degree[l.b]!++; }
  const meanDegree = n === 0 ? 1 : Math.max(1e-9, degree.reduce((s, d) => s + d, 0) / n);

  const blocks = analyseBlocks(snapshot);
  const lost = countDisconnection(snapshot, blocks);
  const pivots = pickPivots(n, options.pivots ?? 32, options.seed ?? 0);
  const detours = measureLocalDetours(snapshot.compact, blocks, options.detourSettleLimit ?? 64);
  const { stretch, betweenness: bc } = sampleFromPivots(snapshot.compact, blocks, detours, pivots);
  const stretchScale = Math.max(1, n - 1);
  // Relative extra cost of the best local path around a link's first usable direction; bridges get 0 (all disconnection).
  const detour = Float64Array.from(links, (l) => {
    const arc = snapshot.compact.linkArcs[2 * l.index]! >= 0 ? snapshot.compact.linkArcs[2 * l.index]! : snapshot.compact.linkArcs[2 * l.index + 1]!;
    if (arc < 0 || blocks.bridge[l.index] || !(snapshot.compact.arcCost[arc]! > 0)) return 0;
    return detours.arcExtra[arc]! / snapshot.compact.arcCost[arc]!;
  });

  // Per-device cost statistics over out- and in-directions, and neighbour statistics.
  const stats = Array.from({ length: n }, () => ({ outSum: 0, outN: 0, outMin: Infinity, outMax: -Infinity, inSum: 0, inN: 0, inMin: Infinity, inMax: -Infinity, nbrLogDeg: 0, leafNbr: 0, ospfOnly: 0, oneWay: 0 }));
  const addDirection = (from: number, to: number, c: number | null) => {
    if (c === null) return;
    const f = stats[from]!;
    const t = stats[to]!;
    f.outSum += c; f.outN++; f.outMin = Math.min(f.outMin, c); f.outMax = Math.max(f.outMax, c);
    t.inSum += c; t.inN++; t.inMin = Math.min(t.inMin, c); t.inMax = Math.max(t.inMax, c);
  };
  for (const l of links) {
    addDirection(l.a, l.b, logCost(l.costAtoB));
    addDirection(l.b, l.a, logCost(l.costBtoA));
    for (const [v, w] of [[l.a, l.b], [l.b, l.a]] as const) {
      const s = stats[v]!;
      s.nbrLogDeg += Math.log1p(degree[w]!);
      if (degree[w] === 1) s.leafNbr++;
      if (l.fromOspfOnly) s.ospfOnly++;
      if (l.costAtoB === null || l.costBtoA === null) s.oneWay++;
    }
  }
  const prefixes = new Float64Array(n);
  for (const p of snapshot.prefixes) {
    const id = p.nextHopDeviceId ?? p.originDeviceId;
    const v = id == null ? undefined : snapshot.deviceIndex.get(id);
    if (v !== undefined) prefixes[v]!++;
  }

  const finite = (v: number) => (Number.isFinite(v) ? v : 0);
  const x = new Float32Array(n * F);
  for (let v = 0; v < n; v++) {
    const s = stats[v]!;
    const deg = Math.max(1, degree[v]!);
    const row = [
      Math.log1p(degree[v]!), degree[v]! / meanDegree,
      s.outN ? s.outSum / s.outN : 0, finite(s.outMin), finite(s.outMax),
      s.inN ? s.inSum / s.inN : 0, finite(s.inMin), finite(s.inMax),
      s.nbrLogDeg / deg, s.leafNbr / deg, Math.log(Math.max(1, n)) / 10,
      0, 0, 0, 0,
      s.ospfOnly / deg, s.oneWay / deg, blocks.cut[v]!,
      Math.log1p(lost.device[v]! / n), Math.log1p(prefixes[v]!), Math.log1p(bc.device[v]! / n),
      Math.log1p(stretch.device[v]! / stretchScale),
    ];
    row[11 + roleColumn(snapshot.devices[v]!.device.role)] = 1;
    x.set(row, v * F);
  }

  const source = new Int32Array(2 * L);
  const target = new Int32Array(2 * L);
  const edgeAttr = new Float32Array(2 * L * D);
  const linkAttr = new Float32Array(L * D);
  const cheapest = (v: number) => Math.min(finite(stats[v]!.outMin), finite(stats[v]!.inMin));
  for (const l of links) {
    const ab = logCost(l.costAtoB);
    const ba = logCost(l.costBtoA);
    const own = Math.min(ab ?? Infinity, ba ?? Infinity);
    const capacity = l.capacityBps != null && l.capacityBps > 0 ? Math.log10(l.capacityBps) / 12 : 0;
    const shared = [
      capacity, l.capacityBps != null && l.capacityBps > 0 ? 1 : 0, l.fromOspfOnly ? 1 : 0, blocks.bridge[l.index]!,
      Math.log1p(lost.link[l.index]! / n), finite(own - Math.min(cheapest(l.a), cheapest(l.b))),
      Math.log1p(Math.min(detour[l.index]!, 1e6)), Math.log1p(bc.link[l.index]! / n),
      Math.log1p(stretch.link[l.index]! / stretchScale),
    ];
    const asym = ab !== null && ba !== null ? Math.abs(ab - ba) : 0;
    const rows = [
      [ab ?? 0, ba ?? 0, asym, ab === null ? 0 : 1, ...shared],
      [ba ?? 0, ab ?? 0, asym, ba === null ? 0 : 1, ...shared],
    ];
    source[2 * l.index] = l.a; target[2 * l.index] = l.b;
    source[2 * l.index + 1] = l.b; target[2 * l.index + 1] = l.a;
    edgeAttr.set(rows[0]!, 2 * l.index * D);
    edgeAttr.set(rows[1]!, (2 * l.index + 1) * D);
    for (let k = 0; k < D; k++) linkAttr[l.index * D + k] = (rows[0]![k]! + rows[1]![k]!) / 2;
  }

  return {
    arrays: { numNodes: n, x, numNodeFeatures: F, source, target, edgeAttr, numEdgeFeatures: D },
    linkEnds: { a: Int32Array.from(links, (l) => l.a), b: Int32Array.from(links, (l) => l.b) },
    linkAttr,
    deviceLostPairs: lost.device,
    linkLostPairs: lost.link,
  };
}

/**
 * Training targets from an exact ranking: the part of each element's impact that is not disconnection,
 * as log1p(relativeIncrease / (n − 1)) — it keeps the ranks and does not grow with the network.
 */
export function buildImpactTargets(snapshot: Snapshot, ranking: FailureRanking): { device: Float32Array; link: Float32Array } {
  const n = snapshot.devices.length;
  const device = new Float32Array(n);
  const link = new Float32Array(snapshot.links.length);
  const scale = Math.max(1, n - 1);
  for (const r of ranking.ranking) {
    const t = Math.log1p(r.relativeIncrease / scale);
    if (r.kind === 'device') device[snapshot.deviceIndex.get(r.id)!] = t;
    else link[snapshot.linkIndex.get(r.id)!] = t;
  }
  return { device, link };
}

/**
 * Impact scores (as scoreImpact defines them) from predicted targets plus the exact disconnection:
 * (lostPairs + predicted relativeIncrease) / (n(n−1)).
 */
export function composeImpact(features: SnapshotFeatures, predicted: { device: ArrayLike<number>; link: ArrayLike<number> }): { device: Float64Array; link: Float64Array } {
  const n = features.arrays.numNodes;
  const pairs = Math.max(1, n * (n - 1));
  const scale = Math.max(1, n - 1);
  const toImpact = (lostPairs: Float64Array, target: ArrayLike<number>) =>
    Float64Array.from(lostPairs, (lostCount, i) => (lostCount + Math.max(0, Math.expm1(target[i]!)) * scale) / pairs);
  return { device: toImpact(features.deviceLostPairs, predicted.device), link: toImpact(features.linkLostPairs, predicted.link) };
}

/**
 * A prior for the learned part, in target units: sampled betweenness, log1p(pairs crossing / n). An upper
 * bound of sorts (a crossing pair counts at most 1, and only when no equal-cost path survives); the model
 * learns the correction.
 */
export function buildImpactPrior(features: SnapshotFeatures): { device: Float32Array; link: Float32Array } {
  const { x, numNodes } = features.arrays;
  const F = NODE_FEATURES.length;
  const D = EDGE_FEATURES.length;
  const nodeColumn = NODE_FEATURES.indexOf('stretchEstimate');
  const linkColumn = EDGE_FEATURES.indexOf('stretchEstimate');
  const rows = x as Float32Array;
  return {
    device: Float32Array.from({ length: numNodes }, (_, v) => rows[v * F + nodeColumn]!),
    link: Float32Array.from({ length: features.linkEnds.a.length }, (_, l) => features.linkAttr[l * D + linkColumn]!),
  };
}
