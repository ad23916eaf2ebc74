// Per-arc traffic load when every router splits traffic equally over its equal-cost next hops, for a demand matrix.
import type { CompactGraph } from './compact-graph.js';
import { MinHeap } from './min-heap.js';
import { runDijkstra } from './spf.js';

export interface EcmpLoads {
  /** Load per arc under the uniform matrix (one unit per ordered pair of live devices). */
  uniform: Float64Array;
  /** Load per arc under the gravity matrix: demand(s,t) = w(s)·w(t) / Σw. */
  gravity: Float64Array;
  /** Total demand routed (reachable pairs only), to turn loads into shares. */
  routedUniform: number;
  routedGravity: number;
}

/**
 * Routes both matrices hop by hop as routers do: per destination, an SPF towards it (reverse
 * Dijkstra) gives every node's next hops; nodes are then visited farthest first, each splitting
 * its own demand plus what it receives equally over its next hops. Demand from or to a dead or
 * unreachable device is not routed. O(n·m·log n).
 */
export function computeEcmpLoads(g: CompactGraph, arcCost: Float64Array, dead: Uint8Array, weights: Float64Array): EcmpLoads {
  const { n, m, outStart, arcHead } = g;
  const uniform = new Float64Array(m);
  const gravity = new Float64Array(m);
  let totalWeight = 0;
  for (let v = 0; v < n; v++) if (!dead[v]) totalWeight += weights[v]!;
  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  const flowU = new Float64Array(n);
  const flowG = new Float64Array(n);
  const heap = new MinHeap(n);
  let routedUniform = 0;
  let routedGravity = 0;
  for (let t = 0; t < n; t++) {
    if (dead[t]) continue;
    const reached = runDijkstra(g, t, arcCost, dist, order, heap, true);
    const wt = weights[t]!;
    for (let i = 0; i < reached; i++) {
      const x = order[i]!;
      flowU[x] = 1;
      flowG[x] = totalWeight > 0 ? (weights[x]! * wt) / totalWeight : 0;
      if (i > 0) { routedUniform += 1; routedGravity += flowG[x]!; }
    }
    for (let i = reached - 1; i > 0; i--) {
      const x = order[i]!;
      const dx = dist[x]!;
      let hops = 0;
      for (let a = outStart[x]!; a < outStart[x + 1]!; a++) if (dist[arcHead[a]!]! + arcCost[a]! === dx) hops++;
      const shareU = flowU[x]! / hops;
      const shareG = flowG[x]! / hops;
      for (let a = outStart[x]!; a < outStart[x + 1]!; a++) {
        const y = arcHead[a]!;
        if (dist[y]! + arcCost[a]! !== dx) continue;
        uniform[a]! += shareU;
        gravity[a]! += shareG;
        flowU[y]! += shareU;
        flowG[y]! += shareG;
      }
    }
  }
  return { uniform, gravity, routedUniform, routedGravity };
}
