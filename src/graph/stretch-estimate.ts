// A cheap estimate of the stretch part of N-1 impact: exact changed pairs from a few sources, local detours as their extra cost.
import type { CompactGraph } from './compact-graph.js';
import { MinHeap } from './min-heap.js';
import type { BlockStructure } from './single-points-of-failure.js';
import { runDijkstra } from './spf.js';

/**
 * Bounded Dijkstra that avoids one link or one device, stopping once every marked target is settled or after
 * `limit` settled devices. Reused for every search, so no allocation per call.
 */
class DetourSearch {
  readonly dist: Float64Array;
  /** The device each reached device was reached from (its path back to the search's origin). */
  private readonly parent: Int32Array;
  private readonly touched: number[] = [];
  private readonly heap: MinHeap;
  private readonly target: Uint8Array;

  constructor(private readonly g: CompactGraph) {
    this.dist = new Float64Array(g.n).fill(Infinity);
    this.heap = new MinHeap(Math.max(16, g.n));
    this.target = new Uint8Array(g.n);
    this.parent = new Int32Array(g.n);
  }

  /**
   * Searches from `from` without link `avoidLink` and device `avoidNode` (−1: none) until `targets` are settled.
   * Returns the cost of the last settled device: a lower bound for every target it did not reach.
   * With no targets it runs until `limit` devices are settled.
   */
  run(from: number, avoidLink: number, avoidNode: number, targets: ArrayLike<number>, limit: number): number {
    const { outStart, arcHead, arcCost, arcLink } = this.g;
    const { dist, heap, target, touched, parent } = this;
    let pending = targets.length === 0 ? Infinity : 0;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i]!;
      if (!target[t] && t !== avoidNode) { target[t] = 1; pending++; }
    }
    heap.clear();
    dist[from] = 0;
    parent[from] = -1;
    touched.push(from);
    heap.push(0, from);
    let settled = 0;
    let frontier = 0;
    while (heap.size > 0 && pending > 0 && settled <= limit) {
      const k = heap.peekKey();
      const x = heap.pop();
      if (k > dist[x]!) continue;
      frontier = k;
      settled++;
      if (target[x]) { target[x] = 0; pending--; }
      for (let a = outStart[x]!; a < outStart[x + 1]!; a++) {
        const y = arcHead[a]!;
        if (arcLink[a] === avoidLink || y === avoidNode) continue;
        const c = k + arcCost[a]!;
        if (c < dist[y]!) {
          if (dist[y] === Infinity) touched.push(y);
          dist[y] = c;
          parent[y] = x;
          heap.push(c, y);
        }
      }
    }
    for (let i = 0; i < targets.length; i++) target[targets[i]!] = 0;
    return heap.size > 0 || pending === 0 ? frontier : Infinity;
  }

  /** Whether the path `run` found to `t` goes through device `via` (false when it found none). */
  pathPasses(t: number, via: number): boolean {
    if (this.dist[t] === Infinity) return false;
    for (let x = t; x >= 0; x = this.parent[x]!) if (x === via) return true;
    return false;
  }

  /** Cost of the best path to `t` found by `run` (settled or not), else the frontier lower bound (Infinity: unreachable). */
  costTo(t: number, frontier: number): number {
    const d = this.dist[t]!;
    return d < Infinity ? d : frontier;
  }

  reset(): void {
    for (const v of this.touched) this.dist[v] = Infinity;
    this.touched.length = 0;
  }
}

/** The piece of the graph without device d that holds x: a separated DFS child of d, or −1 for the rest. */
function pieceFinder(blocks: BlockStructure): (d: number, x: number) => number {
  const { disc, low, size, childStart, children } = blocks;
  return (d, x) => {
    const dx = disc[x]!;
    if (dx < disc[d]! || dx >= disc[d]! + size[d]!) return -1;
    let lo = childStart[d]!;
    let hi = childStart[d + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (disc[children[mid]!]! <= dx) lo = mid;
      else hi = mid - 1;
    }
    return low[children[lo]!]! >= disc[d]! ? children[lo]! : -1;
  };
}

/** Local detours: extra cost of the cheapest way around each arc and through-device turn. */
export interface Detours {
  /** Per arc u → v: cost of the best u ⇝ v path without its link, minus the arc's cost (Infinity: none). */
  arcExtra: Float64Array;
  /**
   * Per device p, a table [in-arcs of p × out-arcs of p] (offsets in `turnStart`): the best u ⇝ w path
   * avoiding p minus the costs of u → p and p → w. Lower bounds where the bounded search stopped early.
   */
  turnStart: Int32Array;
  turnExtra: Float64Array;
  /** Mean finite turn extra per device, for pairs that enter or leave it by more than one equal-cost arc. */
  meanTurnExtra: Float64Array;
}

/**
 * For every arc u → p: the costs from u to p's other neighbours avoiding p give u's turn row at p and, as the
 * best way back into p by another link, the detour around the arc's link. One bounded search from u serves
 * all of u's neighbours p: its path to w is reused when it does not pass p (then it is also the best path
 * avoiding p); only where it does, a second search from u avoiding p runs. Unreached neighbours get the
 * search's frontier, a lower bound either way.
 */
export function measureLocalDetours(g: CompactGraph, blocks: BlockStructure, limit: number): Detours {
  const { n, m, outStart, inStart, inArcs, arcTail, arcHead, arcCost, arcLink } = g;
  const free = new DetourSearch(g);
  const held = new DetourSearch(g);
  const arcExtra = new Float64Array(m).fill(Infinity);
  const turnStart = new Int32Array(n + 1);
  for (let p = 0; p < n; p++) turnStart[p + 1] = turnStart[p]! + (inStart[p + 1]! - inStart[p]!) * (outStart[p + 1]! - outStart[p]!);
  const turnExtra = new Float64Array(turnStart[n]!);
  const meanTurnExtra = new Float64Array(n);
  const inPos = new Int32Array(m);
  for (let p = 0; p < n; p++) for (let q = inStart[p]!; q < inStart[p + 1]!; q++) inPos[inArcs[q]!] = q - inStart[p]!;
  const pieceOf = pieceFinder(blocks);
  const nearby: number[] = [];
  for (let u = 0; u < n; u++) {
    if (outStart[u + 1] === outStart[u]) continue;
    const frontier = free.run(u, -1, -1, nearby, limit);
    for (let a = outStart[u]!; a < outStart[u + 1]!; a++) {
      const p = arcHead[a]!;
      if (p === u) continue;
      const home = blocks.cut[p] ? pieceOf(p, u) : -1;
      let heldFrontier = Number.NaN;
      const costAvoiding = (w: number): number => {
        if (w === u) return 0;
        if (blocks.cut[p] && pieceOf(p, w) !== home) return Infinity;
        if (!free.pathPasses(w, p)) return free.costTo(w, frontier);
        if (Number.isNaN(heldFrontier)) {
          nearby.length = 0;
          for (let x = outStart[p]!; x < outStart[p + 1]!; x++) nearby.push(arcHead[x]!);
          for (let q = inStart[p]!; q < inStart[p + 1]!; q++) nearby.push(arcTail[inArcs[q]!]!);
          heldFrontier = held.run(u, -1, p, nearby, limit);
          nearby.length = 0;
        }
        return held.costTo(w, heldFrontier);
      };
      const width = outStart[p + 1]! - outStart[p]!;
      const row = turnStart[p]! + inPos[a]! * width;
      for (let j = 0; j < width; j++) {
        const aj = outStart[p]! + j;
        const w = arcHead[aj]!;
        turnExtra[row + j] = w === u ? 0 : Math.max(0, costAvoiding(w) - arcCost[a]! - arcCost[aj]!);
      }
      let around = Infinity;
      for (let q = inStart[p]!; q < inStart[p + 1]!; q++) {
        const back = inArcs[q]!;
        if (arcLink[back] !== arcLink[a]) around = Math.min(around, costAvoiding(arcTail[back]!) + arcCost[back]!);
      }
      arcExtra[a] = Math.max(0, around - arcCost[a]!);
      if (!Number.isNaN(heldFrontier)) held.reset();
    }
    free.reset();
  }
  for (let p = 0; p < n; p++) {
    let sum = 0;
    let count = 0;
    for (let i = turnStart[p]!; i < turnStart[p + 1]!; i++) if (turnExtra[i]! < Infinity) { sum += turnExtra[i]!; count++; }
    meanTurnExtra[p] = count > 0 ? sum / count : 0;
  }
  return { arcExtra, turnStart, turnExtra, meanTurnExtra };
}

/** Per device and link, estimated from the pivot sources and scaled to all sources. */
export interface PivotSample {
  /** Σ over changed pairs of min(1, extra / before): the stretch term of the impact score. */
  stretch: { device: Float64Array; link: Float64Array };
  /** Pairs whose least-cost paths cross the element, equal-cost paths sharing a pair. */
  betweenness: { device: Float64Array; link: Float64Array };
}

/**
 * Estimated Σ over changed pairs of min(1, extra / before) — the stretch term of the impact score — per device and link.
 * From each pivot source s, one SPF; the dominator tree of its shortest-path DAG (idom = the lowest common
 * ancestor of a device's tight in-arc tails) gives exactly the targets whose least cost a failure changes:
 * those below a device in the tree, or below an arc that is its head's only tight in-arc. Their new cost is
 * bounded by the local detour (the arc's, or the device turn the pair takes), so the estimate is an upper
 * bound per pair. Pairs a bridge or articulation point disconnects are left out (they are counted exactly
 * as lost pairs). Sums are scaled by n / pivots; with every device as a pivot only the detour bound is approximate.
 * The same SPFs give Brandes' betweenness (equal-cost paths sharing a pair), so the pivots are walked once.
 */
export function sampleFromPivots(g: CompactGraph, blocks: BlockStructure, detours: Detours, pivots: Int32Array): PivotSample {
  const { n, outStart, inStart, inArcs, arcTail, arcCost, arcLink } = g;
  const numLinks = blocks.bridge.length;
  const device = new Float64Array(n);
  const link = new Float64Array(numLinks);
  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  const heap = new MinHeap(n);
  const idom = new Int32Array(n);
  const depth = new Int32Array(n);
  const soleArc = new Int32Array(n);
  const turn = new Float64Array(n);
  // Per device y, for the pairs (s, t) with t in y's dominator subtree: the link whose failure changes them
  // (y's sole tight in-arc, −1: none or a bridge) with its detour, and whether idom(y) separates t from s.
  const viaLink = new Int32Array(n);
  const viaExtra = new Float64Array(n);
  const apart = new Uint8Array(n);
  const sigma = new Float64Array(n);
  const delta = new Float64Array(n);
  const bcDevice = new Float64Array(n);
  const bcLink = new Float64Array(numLinks);
  const { cut, bridge } = blocks;
  const pieceOf = pieceFinder(blocks);
  const { arcExtra, turnStart, turnExtra, meanTurnExtra } = detours;

  for (const s of pivots) {
    const settled = runDijkstra(g, s, arcCost, dist, order, heap);
    idom[s] = -1;
    depth[s] = 0;
    sigma[s] = 1;
    delta[s] = 0;
    for (let i = 1; i < settled; i++) {
      const y = order[i]!;
      let parent = -1;
      let tightCount = 0;
      let lastTight = -1;
      let paths = 0;
      for (let j = inStart[y]!; j < inStart[y + 1]!; j++) {
        const a = inArcs[j]!;
        const u = arcTail[a]!;
        if (dist[u]! + arcCost[a]! !== dist[y]) continue;
        tightCount++;
        lastTight = a;
        paths += sigma[u]!;
        if (parent < 0) { parent = u; continue; }
        // Lowest common ancestor of parent and u in the dominator tree built so far.
        let x = u;
        while (depth[parent]! > depth[x]!) parent = idom[parent]!;
        while (depth[x]! > depth[parent]!) x = idom[x]!;
        while (x !== parent) { x = idom[x]!; parent = idom[parent]!; }
      }
      sigma[y] = paths;
      delta[y] = 0;
      idom[y] = parent;
      depth[y] = depth[parent]! + 1;
      soleArc[y] = tightCount === 1 ? lastTight : -1;
      // The extra cost of a pair that reaches y's subtree through device `parent`.
      let extra = meanTurnExtra[parent]!;
      if (soleArc[y]! >= 0 && parent !== s) {
        const p = parent;
        const width = outStart[p + 1]! - outStart[p]!;
        const j = soleArc[y]! - outStart[p]!;
        extra = Infinity;
        for (let k = inStart[p]!; k < inStart[p + 1]!; k++) {
          const a = inArcs[k]!;
          if (dist[arcTail[a]!]! + arcCost[a]! !== dist[p]) continue;
          extra = Math.min(extra, turnExtra[turnStart[p]! + (k - inStart[p]!) * width + j]!);
        }
      }
      turn[y] = extra;
      const sole = soleArc[y]!;
      viaLink[y] = sole >= 0 && !bridge[arcLink[sole]!] ? arcLink[sole]! : -1;
      viaExtra[y] = sole >= 0 ? arcExtra[sole]! : 0;
      // y and every t below it lie in the same piece of the graph without idom(y): the path y ⇝ t avoids it.
      apart[y] = parent !== s && cut[parent] && pieceOf(parent, s) !== pieceOf(parent, y) ? 1 : 0;
    }
    for (let i = settled - 1; i >= 1; i--) {
      const v = order[i]!;
      for (let j = inStart[v]!; j < inStart[v + 1]!; j++) {
        const a = inArcs[j]!;
        const u = arcTail[a]!;
        if (dist[u]! + arcCost[a]! !== dist[v]) continue;
        const share = (sigma[u]! / sigma[v]!) * (1 + delta[v]!);
        delta[u]! += share;
        bcLink[arcLink[a]!]! += share;
      }
      bcDevice[v]! += delta[v]!;
    }
    for (let i = 1; i < settled; i++) {
      const t = order[i]!;
      const before = dist[t]!;
      for (let y = t; y !== s; y = idom[y]!) {
        const l = viaLink[y]!;
        if (l >= 0) link[l]! += Math.min(1, viaExtra[y]! / before);
        const p = idom[y]!;
        if (p !== s && apart[y] === 0) device[p]! += Math.min(1, turn[y]! / before);
      }
    }
  }
  const scale = n / Math.max(1, pivots.length);
  for (const values of [device, link, bcDevice, bcLink]) for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return { stretch: { device, link }, betweenness: { device: bcDevice, link: bcLink } };
}
