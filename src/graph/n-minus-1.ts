// N-1 analysis: every device and every link failed in turn, recomputing only the shortest paths a failure can change.
import { createTally, listElements, rankTally, type FailureImpact, type FailureKind, type FailureTally } from './failure-tally.js';
import { measureRelativeIncrease } from './impact-score.js';
import { MinHeap } from './min-heap.js';
import { analyseBlocks } from './single-points-of-failure.js';
import type { Snapshot } from './snapshot.js';
import { runDijkstra } from './spf.js';

export type { FailureImpact, FailureKind } from './failure-tally.js';

export interface RankFailuresOptions {
  /** Which elements to fail (default both). */
  kinds?: FailureKind[];
  /** Called after each source with (done, total), for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface FailureRanking {
  devices: number;
  links: number;
  /** One entry per failed element, highest impact first. */
  ranking: FailureImpact[];
  /** Link ids whose failure alone disconnects the network. */
  bridges: string[];
  /** Device ids whose failure alone disconnects the network. */
  articulationPoints: string[];
}

/**
 * Source by source: one SPF from s gives the shortest-path DAG (every tight arc, ECMP included) and,
 * per node, its number of DAG in-arcs. Failing an element changes the cost to exactly the nodes all
 * of whose DAG in-arcs are failed or come from such nodes; they are found by decrementing those
 * counts from the failed arcs (or device) downwards. Every other node keeps its cost, because one of
 * its least-cost paths survives. Only the affected nodes are then re-settled, by a Dijkstra seeded
 * from their unaffected in-neighbours. An element no DAG arc of s uses is skipped for s altogether.
 * Cost per source: one SPF plus the affected subtrees, instead of one SPF per element.
 *
 * When every link works both ways, the block structure (bridges, articulation points) settles the
 * pairs a split loses without walking them: a bridge with k devices on one side of its component
 * of C loses exactly 2·k·(C−k) pairs and changes no other (no simple path crosses it twice), so it
 * is never evaluated; an articulation point loses, from s, every device outside s's part of the
 * split, and only s's part is walked. Counts are integers, so the results stay bit-identical.
 */
export function rankFailures(snapshot: Snapshot, options: RankFailuresOptions = {}): FailureRanking {
  const kinds = options.kinds ?? ['device', 'link'];
  const g = snapshot.compact;
  const { n, m, outStart, arcHead, arcTail, arcLink, inStart, inArcs, arcCost } = g;
  const L = snapshot.links.length;
  const doLinks = kinds.includes('link');
  const doDevices = kinds.includes('device');
  const tally: FailureTally = createTally(L + n);
  const { lost, changed, relative, maxStretch } = tally;

  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  const heap = new MinHeap(n);
  const tight = new Uint8Array(m);
  const dagIn = new Int32Array(n);
  const remaining = new Int32Array(n);
  const affected = new Uint8Array(n);
  const newDist = new Float64Array(n);
  const queue = new Int32Array(n);
  const targets = new Int32Array(n);

  const blocks = analyseBlocks(snapshot);
  const shortcuts = snapshot.links.every((l) => l.costAtoB !== null && l.costBtoA !== null);
  const { bridge, cut, disc, low, size, componentSize, childStart, children } = blocks;
  const separatedSize = new Int32Array(n);
  for (let d = 0; d < n; d++) {
    for (let i = childStart[d]!; i < childStart[d + 1]!; i++) {
      const c = children[i]!;
      if (low[c]! >= disc[d]!) separatedSize[d]! += size[c]!;
    }
  }
  /** The part of the graph without articulation point d that holds x: a separated DFS child of d, or -1 for the rest. */
  const pieceOf = (d: number, x: number): number => {
    const dd = disc[d]!;
    const dx = disc[x]!;
    if (dx < dd || dx >= dd + size[d]!) return -1;
    let lo = childStart[d]!;
    let hi = childStart[d + 1]! - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (disc[children[mid]!]! <= dx) lo = mid;
      else hi = mid - 1;
    }
    const c = children[lo]!;
    return low[c]! >= dd ? c : -1;
  };
  let source = 0;

  /**
   * Fails link `failedLink` (or device `dead`) for source s and adds the pairs (s, t) it changes to
   * element e's tallies. `queue[0..]` collects the affected nodes; `remaining` starts as `dagIn`.
   */
  const evaluate = (e: number, failedLink: number, dead: number): void => {
    let len = 0;
    let piece = -2;
    if (dead >= 0) {
      affected[dead] = 1;
      queue[len++] = dead;
      if (shortcuts && cut[dead]) {
        piece = pieceOf(dead, source);
        const pieceSize = piece >= 0 ? size[piece]! : componentSize[dead]! - 1 - separatedSize[dead]!;
        lost[e]! += componentSize[dead]! - 1 - pieceSize;
      }
    } else {
      for (let k = 0; k < 2; k++) {
        const a = g.linkArcs[2 * failedLink + k]!;
        if (a < 0 || !tight[a]) continue;
        const v = arcHead[a]!;
        if (--remaining[v]! === 0) { affected[v] = 1; queue[len++] = v; }
      }
    }
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      for (let a = outStart[x]!, end = outStart[x + 1]!; a < end; a++) {
        if (!tight[a] || arcLink[a] === failedLink) continue;
        const y = arcHead[a]!;
        // Parts cut off from s by the articulation point are already counted as lost.
        if (x === dead && piece !== -2 && pieceOf(dead, y) !== piece) continue;
        if (--remaining[y]! === 0) { affected[y] = 1; queue[len++] = y; }
      }
    }

    // Re-settle the affected nodes only: seed each from its unaffected, unfailed in-neighbours.
    let count = 0;
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      if (x === dead) continue;
      targets[count++] = x;
      let best = Infinity;
      for (let j = inStart[x]!, end = inStart[x + 1]!; j < end; j++) {
        const a = inArcs[j]!;
        const u = arcTail[a]!;
        if (affected[u] || arcLink[a] === failedLink) continue;
        const c = dist[u]! + arcCost[a]!;
        if (c < best) best = c;
      }
      newDist[x] = best;
    }
    // A lone affected node (the common case: a DAG leaf) needs no heap: its seed is final.
    if (count > 1) {
      heap.clear();
      for (let i = 0; i < count; i++) {
        const x = targets[i]!;
        if (newDist[x]! < Infinity) heap.push(newDist[x]!, x);
      }
      while (heap.size > 0) {
        const k = heap.peekKey();
        const x = heap.pop();
        if (k > newDist[x]!) continue;
        for (let a = outStart[x]!, end = outStart[x + 1]!; a < end; a++) {
          const y = arcHead[a]!;
          if (!affected[y] || y === dead || arcLink[a] === failedLink) continue;
          const c = k + arcCost[a]!;
          if (c < newDist[y]!) { newDist[y] = c; heap.push(c, y); }
        }
      }
      // Tally in target order so the floating-point sums match the baseline bit for bit.
      if (count <= 24) {
        for (let i = 1; i < count; i++) {
          const x = targets[i]!;
          let j = i - 1;
          while (j >= 0 && targets[j]! > x) { targets[j + 1] = targets[j]!; j--; }
          targets[j + 1] = x;
        }
      } else {
        targets.subarray(0, count).sort();
      }
    }
    for (let i = 0; i < count; i++) {
      const t = targets[i]!;
      const before = dist[t]!;
      const after = newDist[t]!;
      if (after === Infinity) lost[e]!++;
      else if (after !== before) {
        changed[e]!++;
        relative[e]! += measureRelativeIncrease(before, after);
        const stretch = after / before;
        if (stretch > maxStretch[e]!) maxStretch[e] = stretch;
      }
    }

    // Undo: only the nodes touched (affected ones and the heads of their DAG out-arcs) need resetting.
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      affected[x] = 0;
      remaining[x] = dagIn[x]!;
      for (let a = outStart[x]!, end = outStart[x + 1]!; a < end; a++) if (tight[a]) remaining[arcHead[a]!] = dagIn[arcHead[a]!]!;
    }
    if (dead < 0) {
      for (let k = 0; k < 2; k++) {
        const a = g.linkArcs[2 * failedLink + k]!;
        if (a >= 0) remaining[arcHead[a]!] = dagIn[arcHead[a]!]!;
      }
    }
  };

  for (let s = 0; s < n; s++) {
    source = s;
    const settled = runDijkstra(g, s, arcCost, dist, order, heap);
    tight.fill(0);
    dagIn.fill(0);
    for (let i = 0; i < settled; i++) {
      const u = order[i]!;
      const du = dist[u]!;
      for (let a = outStart[u]!, end = outStart[u + 1]!; a < end; a++) {
        const v = arcHead[a]!;
        if (du + arcCost[a]! === dist[v]!) { tight[a] = 1; dagIn[v]!++; }
      }
    }
    remaining.set(dagIn);
    if (doLinks) {
      // Positive costs mean at most one direction of a link is tight, so each link is evaluated once.
      for (let i = 0; i < settled; i++) {
        const u = order[i]!;
        for (let a = outStart[u]!, end = outStart[u + 1]!; a < end; a++) {
          if (tight[a] && !(shortcuts && bridge[arcLink[a]!])) evaluate(arcLink[a]!, arcLink[a]!, -1);
        }
      }
    }
    if (doDevices) {
      for (let i = 1; i < settled; i++) {
        const d = order[i]!;
        let transit = false;
        for (let a = outStart[d]!, end = outStart[d + 1]!; a < end && !transit; a++) transit = tight[a] === 1;
        // A device no least-cost path from s crosses changes nothing for s (pairs with it as an end are excluded).
        if (transit) evaluate(L + d, -1, d);
      }
    }
    options.onProgress?.(s + 1, n);
  }

  if (shortcuts && doLinks) {
    for (const l of snapshot.links) {
      if (!bridge[l.index]) continue;
      const child = blocks.parent[l.b] === l.a ? l.b : l.a;
      const k = size[child]!;
      lost[l.index] = 2 * k * (componentSize[child]! - k);
    }
  }

  return {
    devices: n,
    links: L,
    ranking: rankTally(snapshot, tally, listElements(snapshot, kinds)),
    bridges: snapshot.links.filter((l) => bridge[l.index]).map((l) => l.id),
    articulationPoints: snapshot.devices.filter((d) => cut[d.index]).map((d) => d.id),
  };
}
