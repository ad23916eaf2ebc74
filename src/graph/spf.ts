// Single-source shortest paths with OSPF costs over the compact graph, keeping every equal-cost predecessor (ECMP).
import type { CompactGraph } from './compact-graph.js';
import { MinHeap } from './min-heap.js';
import type { Snapshot } from './snapshot.js';
import { NotFoundError } from '../errors.js';

/** Result of one SPF run: costs from (or, reversed, to) `source`, and nodes in the order they were settled. */
export interface ShortestPathTree {
  source: number;
  /** Least cost per node; Infinity where unreachable. */
  dist: Float64Array;
  /** Reachable nodes by non-decreasing cost (the source first). */
  order: Int32Array;
  /** True when costs are towards `source` (SPF on the reversed graph). */
  reverse: boolean;
}

/**
 * Dijkstra over CSR arrays into caller-owned buffers; returns how many nodes were settled.
 * Hand-written rather than graphology-shortest-path: that returns one path per node (no ECMP
 * predecessor sets over a multigraph) and allocates per call, while N-1 runs this millions of times.
 * `arcCost` is the graph's costs with failed arcs set to Infinity. With `reverse`, costs are to the source.
 */
export function runDijkstra(
  g: CompactGraph,
  source: number,
  arcCost: Float64Array,
  dist: Float64Array,
  order: Int32Array,
  heap: MinHeap,
  reverse = false,
): number {
  dist.fill(Infinity);
  heap.clear();
  dist[source] = 0;
  heap.push(0, source);
  let settled = 0;
  const { outStart, arcHead, inStart, inArcs, arcTail } = g;
  while (heap.size > 0) {
    const d = heap.peekKey();
    const u = heap.pop();
    if (d > dist[u]!) continue; // stale entry: u was settled at a lower cost
    order[settled++] = u;
    if (!reverse) {
      for (let a = outStart[u]!, end = outStart[u + 1]!; a < end; a++) {
        const nd = d + arcCost[a]!;
        const v = arcHead[a]!;
        if (nd < dist[v]!) { dist[v] = nd; heap.push(nd, v); }
      }
    } else {
      for (let i = inStart[u]!, end = inStart[u + 1]!; i < end; i++) {
        const a = inArcs[i]!;
        const nd = d + arcCost[a]!;
        const v = arcTail[a]!;
        if (nd < dist[v]!) { dist[v] = nd; heap.push(nd, v); }
      }
    }
  }
  return settled;
}

/** SPF from (or with `reverse`, towards) node index `source`. `arcCost` defaults to the graph's own costs. */
export function computeShortestPaths(
  g: CompactGraph,
  source: number,
  options: { arcCost?: Float64Array; reverse?: boolean } = {},
): ShortestPathTree {
  const dist = new Float64Array(g.n);
  const order = new Int32Array(g.n);
  const reverse = options.reverse ?? false;
  const settled = runDijkstra(g, source, options.arcCost ?? g.arcCost, dist, order, new MinHeap(g.n), reverse);
  return { source, dist, order: order.slice(0, settled), reverse };
}

/**
 * Arcs on some least-cost path into `node` (all ECMP predecessors), by increasing tail index; for a
 * reversed tree, the arcs out of `node` on a least-cost path towards the source (its ECMP next hops).
 */
export function listPredecessorArcs(g: CompactGraph, tree: ShortestPathTree, node: number, arcCost: Float64Array = g.arcCost): number[] {
  const { dist } = tree;
  const dv = dist[node]!;
  const arcs: number[] = [];
  if (!Number.isFinite(dv) || node === tree.source) return arcs;
  if (!tree.reverse) {
    for (let i = g.inStart[node]!, end = g.inStart[node + 1]!; i < end; i++) {
      const a = g.inArcs[i]!;
      if (dist[g.arcTail[a]!]! + arcCost[a]! === dv) arcs.push(a);
    }
  } else {
    for (let a = g.outStart[node]!, end = g.outStart[node + 1]!; a < end; a++) {
      if (dist[g.arcHead[a]!]! + arcCost[a]! === dv) arcs.push(a);
    }
  }
  return arcs;
}

/** One least-cost path from the source to `target` as node indices (lowest-index predecessor at each ECMP split); null when unreachable. */
export function tracePath(g: CompactGraph, tree: ShortestPathTree, target: number, arcCost: Float64Array = g.arcCost): number[] | null {
  if (tree.reverse) throw new Error('tracePath needs a forward tree');
  if (!Number.isFinite(tree.dist[target]!)) return null;
  const path = [target];
  let v = target;
  while (v !== tree.source) {
    const pred = listPredecessorArcs(g, tree, v, arcCost)[0];
    if (pred === undefined) return null; // cannot happen for a reachable node with positive costs
    v = g.arcTail[pred]!;
    path.push(v);
  }
  return path.reverse();
}

/** Per reachable device, by id: least cost from `deviceId` and every equal-cost predecessor device. */
export interface ShortestPathEntry {
  deviceId: string;
  cost: number;
  predecessors: string[];
}

/** Id-level SPF for callers outside the engine (API, CLI): every device reachable from `deviceId`, nearest first. */
export function computeShortestPathsFrom(snapshot: Snapshot, deviceId: string): ShortestPathEntry[] {
  const source = snapshot.deviceIndex.get(deviceId);
  if (source === undefined) throw new NotFoundError(`device ${deviceId}`);
  const g = snapshot.compact;
  const tree = computeShortestPaths(g, source);
  return Array.from(tree.order, (v) => ({
    deviceId: snapshot.devices[v]!.id,
    cost: tree.dist[v]!,
    predecessors: [...new Set(listPredecessorArcs(g, tree, v).map((a) => snapshot.devices[g.arcTail[a]!]!.id))],
  }));
}
