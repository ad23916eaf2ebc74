// The straightforward N-1: a full SPF from every source for every failure. Slow; kept to cross-check rankFailures and to benchmark it.
import { createTally, listElements, rankTally, type FailureKind } from './failure-tally.js';
import { measureRelativeIncrease } from './impact-score.js';
import { MinHeap } from './min-heap.js';
import type { FailureRanking } from './n-minus-1.js';
import { findSinglePointsOfFailure } from './single-points-of-failure.js';
import type { Snapshot } from './snapshot.js';
import { runDijkstra } from './spf.js';

export interface RankFailuresBaselineOptions {
  kinds?: FailureKind[];
  /**
   * Evaluate only these elements (index < links.length: a link, else device index + links.length),
   * e.g. a sample for estimating the full run's time on large graphs.
   */
  elements?: number[];
  /** All-pairs costs from `computeAllPairCosts`, to share that pass between calls (e.g. timing failures one by one). */
  base?: Float64Array;
}

/** All-pairs least costs before any failure, row s = costs from device s (8·N² bytes). */
export function computeAllPairCosts(snapshot: Snapshot): Float64Array {
  const g = snapshot.compact;
  const { n } = g;
  const heap = new MinHeap(n);
  const order = new Int32Array(n);
  const base = new Float64Array(n * n);
  for (let s = 0; s < n; s++) runDijkstra(g, s, g.arcCost, base.subarray(s * n, (s + 1) * n), order, heap);
  return base;
}

/** Same result as `rankFailures` (bit for bit), computed as N SPF runs per failed element after one all-pairs pass. */
export function rankFailuresBaseline(snapshot: Snapshot, options: RankFailuresBaselineOptions = {}): FailureRanking {
  const g = snapshot.compact;
  const { n, outStart, inStart, inArcs, linkArcs } = g;
  const L = snapshot.links.length;
  const elements = options.elements ?? listElements(snapshot, options.kinds ?? ['device', 'link']);
  const tally = createTally(L + n);
  const heap = new MinHeap(n);
  const order = new Int32Array(n);

  const base = options.base ?? computeAllPairCosts(snapshot);

  const cost = g.arcCost.slice();
  const dist = new Float64Array(n);
  for (const e of elements) {
    const failed: number[] = [];
    let dead = -1;
    if (e < L) {
      for (const a of [linkArcs[2 * e]!, linkArcs[2 * e + 1]!]) if (a >= 0) failed.push(a);
    } else {
      dead = e - L;
      for (let a = outStart[dead]!; a < outStart[dead + 1]!; a++) failed.push(a);
      for (let i = inStart[dead]!; i < inStart[dead + 1]!; i++) failed.push(inArcs[i]!);
    }
    for (const a of failed) cost[a] = Infinity;
    for (let s = 0; s < n; s++) {
      if (s === dead) continue;
      runDijkstra(g, s, cost, dist, order, heap);
      const row = s * n;
      for (let t = 0; t < n; t++) {
        if (t === s || t === dead) continue;
        const before = base[row + t]!;
        if (before === Infinity) continue;
        const after = dist[t]!;
        if (after === Infinity) tally.lost[e]!++;
        else if (after !== before) {
          tally.changed[e]!++;
          tally.relative[e]! += measureRelativeIncrease(before, after);
          const stretch = after / before;
          if (stretch > tally.maxStretch[e]!) tally.maxStretch[e] = stretch;
        }
      }
    }
    for (const a of failed) cost[a] = g.arcCost[a]!;
  }

  const spof = findSinglePointsOfFailure(snapshot);
  return {
    devices: n,
    links: L,
    ranking: rankTally(snapshot, tally, elements),
    bridges: spof.bridges,
    articulationPoints: spof.articulationPoints,
  };
}
