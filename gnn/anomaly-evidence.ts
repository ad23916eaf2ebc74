// Cheap structural evidence for anomaly scores, on plain arrays: degree, shared neighbours, attribute distance from neighbours.
import { rankWithTies } from './rank-metrics.js';

/** Undirected links as two index arrays of equal length. */
export interface LinkEnds {
  a: Int32Array;
  b: Int32Array;
}

/** Links at each node (a self-loop counts twice). */
export function countDegrees(numNodes: number, ends: LinkEnds): Float64Array {
  const degree = new Float64Array(numNodes);
  for (let l = 0; l < ends.a.length; l++) {
    degree[ends.a[l]!]!++;
    degree[ends.b[l]!]!++;
  }
  return degree;
}

/** Sorted neighbour lists (parallel links collapse to one neighbour). */
export function neighbourSets(numNodes: number, ends: LinkEnds): Int32Array[] {
  const lists: number[][] = Array.from({ length: numNodes }, () => []);
  for (let l = 0; l < ends.a.length; l++) {
    const a = ends.a[l]!;
    const b = ends.b[l]!;
    if (a === b) continue;
    lists[a]!.push(b);
    lists[b]!.push(a);
  }
  return lists.map((list) => Int32Array.from(new Set(list)).sort());
}

/** Size of the intersection of two sorted lists. */
function intersectionSize(p: Int32Array, q: Int32Array): number {
  let i = 0, j = 0, k = 0;
  while (i < p.length && j < q.length) {
    if (p[i]! < q[j]!) i++;
    else if (p[i]! > q[j]!) j++;
    else { k++; i++; j++; }
  }
  return k;
}

/**
 * Per link, the neighbours its two ends share (triangles through it). Links of an injected clique share
 * most of the clique; links of sparse transport networks share few.
 */
export function countSharedNeighbours(neighbours: readonly Int32Array[], ends: LinkEnds): Float64Array {
  return Float64Array.from(ends.a, (a, l) => intersectionSize(neighbours[a]!, neighbours[ends.b[l]!]!));
}

/** Column means and standard deviations of row-major rows [n, width] (std 1 for constant columns, so they read 0). */
export function columnMoments(x: ArrayLike<number>, width: number): { mean: Float64Array; std: Float64Array } {
  const n = width === 0 ? 0 : x.length / width;
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let v = 0; v < n; v++) for (let f = 0; f < width; f++) mean[f]! += x[v * width + f]! / n;
  for (let v = 0; v < n; v++) for (let f = 0; f < width; f++) std[f]! += (x[v * width + f]! - mean[f]!) ** 2 / Math.max(1, n);
  // Rounding leaves a constant column a tiny spread; treat anything that small as constant.
  for (let f = 0; f < width; f++) {
    const s = Math.sqrt(std[f]!);
    std[f] = s > 1e-6 * Math.max(1, Math.abs(mean[f]!)) ? s : 1;
  }
  return { mean, std };
}

/**
 * ‖x_v − mean of its neighbours' x‖ on columns standardised by `moments` (BOND's cheapest contextual
 * detector). Nodes without neighbours compare with zero (the column mean).
 */
export function neighbourDeviation(x: ArrayLike<number>, width: number, neighbours: readonly Int32Array[], moments: { mean: ArrayLike<number>; std: ArrayLike<number> }): Float64Array {
  const n = neighbours.length;
  const out = new Float64Array(n);
  const z = (v: number, f: number) => (x[v * width + f]! - moments.mean[f]!) / moments.std[f]!;
  for (let v = 0; v < n; v++) {
    const nb = neighbours[v]!;
    let s = 0;
    for (let f = 0; f < width; f++) {
      let m = 0;
      for (const u of nb) m += z(u, f);
      m = nb.length ? m / nb.length : 0;
      s += (z(v, f) - m) ** 2;
    }
    out[v] = Math.sqrt(s);
  }
  return out;
}

/** Percentile ranks in [0, 1] (ties share their mean rank), as the reference `combo` heuristic ranks its parts. */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  return rankWithTies(values).map((r) => (n > 1 ? (r - 1) / (n - 1) : 0));
}

/** ROC-AUC of `score` for `positive` (Mann–Whitney with tied scores counting half); NaN without both classes. */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const ranks = rankWithTies(score);
  const n = score.length;
  let pos = 0, rankSum = 0;
  for (let i = 0; i < n; i++) {
    if (positive[i]) { pos++; rankSum += ranks[i]!; }
  }
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}
