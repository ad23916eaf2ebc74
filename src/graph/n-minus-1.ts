// N-1 analysis: every device and every link failed in turn, recomputing only the shortest paths a failure can change.
import { createTally, listElements, rankTally, type FailureImpact, type FailureKind, type FailureTally } from './failure-tally.js';
import { measureRelativeIncrease } from './impact-score.js';
import { collapseChains } from './collapse-chains.js';
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
 * Source by source, on the core graph of `collapseChains` (chains of degree-2 devices folded into one
 * link each; nothing is folded unless costs are integers, whose sums are exact in any order):
 *
 * 1. One SPF from s over the core gives the shortest-path DAG (every tight arc, ECMP included) and,
 *    per core node, its number of DAG in-arcs; a chain's interior devices take the cheaper of their
 *    two ends (or, for s's own chain, the direct way from s).
 * 2. Failing a chain (any of its links or interior devices: all cut the core link alike) or a core
 *    device changes the cost to exactly the core nodes all of whose DAG in-arcs are failed or come
 *    from such nodes; they are found by decrementing those counts downwards and re-settled alone, by
 *    a Dijkstra seeded from their unaffected in-neighbours. Every other node keeps its cost.
 * 3. A chain's interior changes only where an end changed, or where the failure sits in that chain.
 *    So the changed targets outside the failed chain are listed once per chain, and each of the
 *    chain's elements merges in its own interior: the per-element work is the pairs it changes.
 *
 * Bridges (when every link works both ways) split the pairs they lose without walking them: a
 * bridge with k devices on one side of its component of C loses exactly 2·k·(C−k) pairs and changes
 * no other, and so does a device inside a chain of bridges. Counts are integers, and each element's
 * sums are added in (source, target) index order as the baseline does, so results are bit-identical.
 */
export function rankFailures(snapshot: Snapshot, options: RankFailuresOptions = {}): FailureRanking {
  const kinds = options.kinds ?? ['device', 'link'];
  const n = snapshot.devices.length;
  const L = snapshot.links.length;
  const doLinks = kinds.includes('link');
  const doDevices = kinds.includes('device');
  const tally: FailureTally = createTally(L + n);
  const { lost, changed, relative, maxStretch } = tally;

  const cg = collapseChains(snapshot);
  const { coreIndex, coreDevice, chains, chainA, chainB, posStart, posDevice, fromA, toA, posLink, deviceChain, devicePos, byDevice, sigma } = cg;
  const K = cg.core;
  const { outStart, arcHead, arcTail, arcLink, inStart, inArcs, linkArcs, arcCost: kCost } = K;
  const baseCost = kCost.slice();
  const nK = K.n;

  // Core-level state for one source.
  const distK = new Float64Array(nK);
  const orderK = new Int32Array(nK);
  const heap = new MinHeap(nK);
  const tight = new Uint8Array(K.m);
  const dagIn = new Int32Array(nK);
  // Per failure `epoch`: a node's count of intact DAG in-arcs is valid only when `seenIn` holds the
  // epoch (else it is dagIn), and it is affected only when `affectedIn` does, so nothing needs undoing.
  const remaining = new Int32Array(nK);
  const seenIn = new Int32Array(nK);
  const affectedIn = new Int32Array(nK);
  let epoch = 0;
  const newDist = new Float64Array(nK);
  const queue = new Int32Array(nK);
  const settleList = new Int32Array(nK);
  // Device-level state: costs from s, and the changed targets shared by one chain's elements.
  const dist = new Float64Array(n);
  const afterCost = new Float64Array(n);
  const shared = new Int32Array(n);
  const mark = new Int32Array(n);
  const chainMark = new Int32Array(chains);
  // Chains with interior devices at each core node: `withInterior[withInteriorStart[x] .. withInteriorStart[x+1]-1]`.
  const withInteriorStart = new Int32Array(nK + 1);
  const withInteriorList: number[] = [];
  for (let x = 0; x < nK; x++) {
    for (let a = outStart[x]!; a < outStart[x + 1]!; a++) {
      const c = arcLink[a]!;
      if (c < chains && posStart[c + 1]! - posStart[c]! > 2) withInteriorList.push(c);
    }
    withInteriorStart[x + 1] = withInteriorList.length;
  }
  const withInterior = Int32Array.from(withInteriorList);
  let stamp = 0;

  const blocks = analyseBlocks(snapshot);
  const shortcuts = snapshot.links.every((l) => l.costAtoB !== null && l.costBtoA !== null);
  const { bridge, size, componentSize } = blocks;
  const bridgeChain = new Uint8Array(chains);
  if (shortcuts) for (let c = 0; c < chains; c++) bridgeChain[c] = bridge[posLink[posStart[c]!]!]!;

  let ownChain = -1; // the chain s lies inside, or -1 when s is a core device
  let ownPos = 0;

  /**
   * Cost from s to interior position p of chain c whose ends cost `da` and `db`, with link position
   * `cutLink` or device position `cutDev` failed (-1: none). Through a, through b, or (s's own chain) directly.
   */
  const interiorCost = (c: number, p: number, da: number, db: number, cutLink: number, cutDev: number): number => {
    const base = posStart[c]!;
    const end = posStart[c + 1]! - base - 1;
    // The stretch between positions x < y is intact unless the failed link or device lies on it.
    let best = Infinity;
    if (da < Infinity && !(cutLink >= 0 && cutLink < p) && !(cutDev > 0 && cutDev < p)) best = da + fromA[base + p]!;
    if (db < Infinity && !(cutLink >= p) && !(cutDev > p)) {
      const v = db + (toA[base + end]! - toA[base + p]!);
      if (v < best) best = v;
    }
    if (c === ownChain) {
      const j = ownPos;
      const x = p < j ? p : j;
      const y = p < j ? j : p;
      if (!(cutLink >= x && cutLink < y) && !(cutDev > x && cutDev < y)) {
        const v = p < j ? toA[base + j]! - toA[base + p]! : fromA[base + p]! - fromA[base + j]!;
        if (v < best) best = v;
      }
    }
    return best;
  };

  /**
   * Fails core link `failedLink` (or core node `dead`): marks the core nodes whose cost changes
   * (`queue[0..len)`, `dead` first) and re-settles them into `newDist`.
   */
  const evaluate = (failedLink: number, dead: number): number => {
    let len = 0;
    epoch++;
    if (dead >= 0) {
      affectedIn[dead] = epoch;
      queue[len++] = dead;
    } else {
      for (let k = 0; k < 2; k++) {
        const a = linkArcs[2 * failedLink + k]!;
        if (a < 0 || !tight[a]) continue;
        const v = arcHead[a]!;
        if (seenIn[v] !== epoch) { seenIn[v] = epoch; remaining[v] = dagIn[v]!; }
        if (--remaining[v]! === 0) { affectedIn[v] = epoch; queue[len++] = v; }
      }
    }
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      for (let a = outStart[x]!, end = outStart[x + 1]!; a < end; a++) {
        if (!tight[a] || arcLink[a] === failedLink) continue;
        const y = arcHead[a]!;
        if (seenIn[y] !== epoch) { seenIn[y] = epoch; remaining[y] = dagIn[y]!; }
        if (--remaining[y]! === 0) { affectedIn[y] = epoch; queue[len++] = y; }
      }
    }
    // Seed each affected node from its unaffected, unfailed in-neighbours.
    let count = 0;
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      if (x === dead) continue;
      settleList[count++] = x;
      let best = Infinity;
      for (let j = inStart[x]!, end = inStart[x + 1]!; j < end; j++) {
        const a = inArcs[j]!;
        const u = arcTail[a]!;
        if (affectedIn[u] === epoch || arcLink[a] === failedLink) continue;
        const c = distK[u]! + kCost[a]!;
        if (c < best) best = c;
      }
      newDist[x] = best;
    }
    // A lone affected node (the common case: a DAG leaf) needs no heap: its seed is final.
    if (count > 1) {
      heap.clear();
      for (let i = 0; i < count; i++) {
        const x = settleList[i]!;
        if (newDist[x]! < Infinity) heap.push(newDist[x]!, x);
      }
      while (heap.size > 0) {
        const k = heap.peekKey();
        const x = heap.pop();
        if (k > newDist[x]!) continue;
        for (let a = outStart[x]!, end = outStart[x + 1]!; a < end; a++) {
          const y = arcHead[a]!;
          if (affectedIn[y] !== epoch || y === dead || arcLink[a] === failedLink) continue;
          const c = k + kCost[a]!;
          if (c < newDist[y]!) { newDist[y] = c; heap.push(c, y); }
        }
      }
    }
    return len;
  };

  /** Cost of core node x after the failure `evaluate` just applied. */
  const costAfter = (x: number, dead: number): number => (affectedIn[x] !== epoch ? distK[x]! : x === dead ? Infinity : newDist[x]!);

  /**
   * Lists, in device order, the targets whose cost changes outside chain `skipChain`: the affected
   * core devices and the interiors of chains with an affected end. Costs go to `afterCost`.
   */
  const listShared = (len: number, dead: number, skipChain: number): number => {
    let count = 0;
    stamp++;
    for (let i = 0; i < len; i++) {
      const x = queue[i]!;
      if (x !== dead) {
        const t = coreDevice[x]!;
        afterCost[t] = newDist[x]!;
        mark[t] = stamp;
        shared[count++] = t;
      }
      for (let i = withInteriorStart[x]!, end = withInteriorStart[x + 1]!; i < end; i++) {
        const c = withInterior[i]!;
        if (c === skipChain || chainMark[c] === stamp) continue;
        chainMark[c] = stamp;
        const base = posStart[c]!;
        const k = posStart[c + 1]! - base - 2;
        const da = costAfter(coreIndex[chainA[c]!]!, dead);
        const db = costAfter(coreIndex[chainB[c]!]!, dead);
        for (let p = 1; p <= k; p++) {
          if (c === ownChain && p === ownPos) continue;
          const t = posDevice[base + p]!;
          const after = interiorCost(c, p, da, db, -1, -1);
          if (after === dist[t]) continue;
          afterCost[t] = after;
          mark[t] = stamp;
          shared[count++] = t;
        }
      }
    }
    if (count <= 24) {
      for (let i = 1; i < count; i++) {
        const x = shared[i]!;
        let j = i - 1;
        while (j >= 0 && shared[j]! > x) { shared[j + 1] = shared[j]!; j--; }
        shared[j + 1] = x;
      }
    } else if (count * 16 > n) {
      count = 0;
      for (let t = 0; t < n; t++) if (mark[t] === stamp) shared[count++] = t;
    } else {
      shared.subarray(0, count).sort();
    }
    return count;
  };

  const add = (e: number, t: number, after: number): void => {
    if (after === Infinity) { lost[e]!++; return; }
    const before = dist[t]!;
    changed[e]!++;
    relative[e]! += measureRelativeIncrease(before, after);
    const stretch = after / before;
    if (stretch > maxStretch[e]!) maxStretch[e] = stretch;
  };

  /** Tallies element e: the shared targets merged, in device order, with chain c's own interior under the cut. */
  const tallyElement = (e: number, count: number, c: number, cutLink: number, cutDev: number, da: number, db: number): void => {
    let i = 0;
    if (c >= 0) {
      const base = posStart[c]!;
      const k = posStart[c + 1]! - base - 2;
      for (let q = 0; q < k; q++) {
        const p = byDevice[base + q]!;
        if (p === cutDev || (c === ownChain && p === ownPos)) continue;
        const t = posDevice[base + p]!;
        const after = interiorCost(c, p, da, db, cutLink, cutDev);
        if (after === dist[t]) continue;
        while (i < count && shared[i]! < t) { const u = shared[i++]!; add(e, u, afterCost[u]!); }
        add(e, t, after);
      }
    }
    while (i < count) { const u = shared[i++]!; add(e, u, afterCost[u]!); }
  };

  /** Every element of chain c whose position lies in [from, to] (links l_m, interior devices v_m), after core link `coreLink` fails. */
  const evaluateChainElements = (c: number, coreLink: number, from: number, to: number): void => {
    const base = posStart[c]!;
    const k = posStart[c + 1]! - base - 2;
    const a = coreIndex[chainA[c]!]!;
    const b = coreIndex[chainB[c]!]!;
    const arc1 = linkArcs[2 * coreLink]!;
    const arc2 = linkArcs[2 * coreLink + 1]!;
    const coreChanges = (arc1 >= 0 && tight[arc1] === 1) || (arc2 >= 0 && tight[arc2] === 1);
    if (!coreChanges && k === 0) return; // a direct link no least-cost path uses
    if (!coreChanges) epoch++; // nothing affected
    const len = coreChanges ? evaluate(coreLink, -1) : 0;
    const count = coreChanges ? listShared(len, -1, c) : 0;
    const da = costAfter(a, -1);
    const db = costAfter(b, -1);
    if (doLinks) for (let m = from; m <= Math.min(to, k); m++) tallyElement(posLink[base + m]!, count, c, m, -1, da, db);
    if (doDevices) for (let m = Math.max(from, 1); m <= Math.min(to, k); m++) if (c !== ownChain || m !== ownPos) tallyElement(L + posDevice[base + m]!, count, c, -1, m, da, db);
  };

  for (let s = 0; s < n; s++) {
    ownChain = deviceChain[s]!;
    ownPos = ownChain >= 0 ? devicePos[s]! : 0;
    let src = coreIndex[s]!;
    let sigmaA = -1;
    let sigmaB = -1;
    if (ownChain >= 0) {
      // s enters the core through σ's links to its chain's ends; its own chain's core link would run through s.
      const base = posStart[ownChain]!;
      const end = posStart[ownChain + 1]! - base - 1;
      src = sigma;
      sigmaA = chains + coreIndex[chainA[ownChain]!]!;
      sigmaB = chains + coreIndex[chainB[ownChain]!]!;
      kCost[linkArcs[2 * sigmaA]!] = toA[base + ownPos]!;
      kCost[linkArcs[2 * sigmaB]!] = fromA[base + end]! - fromA[base + ownPos]!;
      for (let k = 0; k < 2; k++) if (linkArcs[2 * ownChain + k]! >= 0) kCost[linkArcs[2 * ownChain + k]!] = Infinity;
    }
    const settled = runDijkstra(K, src, kCost, distK, orderK, heap);
    tight.fill(0);
    dagIn.fill(0);
    for (let i = 0; i < settled; i++) {
      const u = orderK[i]!;
      const du = distK[u]!;
      for (let a = outStart[u]!, end = outStart[u + 1]!; a < end; a++) {
        const v = arcHead[a]!;
        const c = du + kCost[a]!;
        if (c === distK[v]! && c < Infinity) { tight[a] = 1; dagIn[v]!++; }
      }
    }
    for (let x = 0; x < sigma; x++) dist[coreDevice[x]!] = distK[x]!;
    for (let c = 0; c < chains; c++) {
      const base = posStart[c]!;
      const k = posStart[c + 1]! - base - 2;
      const da = distK[coreIndex[chainA[c]!]!]!;
      const db = distK[coreIndex[chainB[c]!]!]!;
      for (let p = 1; p <= k; p++) dist[posDevice[base + p]!] = c === ownChain && p === ownPos ? 0 : interiorCost(c, p, da, db, -1, -1);
    }

    for (let c = 0; c < chains; c++) {
      if (c === ownChain || bridgeChain[c]) continue;
      evaluateChainElements(c, c, 0, Infinity);
    }
    if (ownChain >= 0 && !bridgeChain[ownChain]) {
      // Elements between a and s cut s off from a; those between s and b, from b.
      evaluateChainElements(ownChain, sigmaA, 0, ownPos - 1);
      evaluateChainElements(ownChain, sigmaB, ownPos, Infinity);
    }
    if (doDevices) {
      for (let i = 0; i < settled; i++) {
        const x = orderK[i]!;
        if (x === src) continue;
        let transit = withInteriorStart[x + 1]! > withInteriorStart[x]!;
        for (let a = outStart[x]!, end = outStart[x + 1]!; a < end && !transit; a++) transit = tight[a] === 1;
        if (!transit) continue; // no least-cost path from s crosses x, and no chain hangs on it
        const len = evaluate(-1, x);
        tallyElement(L + coreDevice[x]!, listShared(len, x, -1), -1, -1, -1, 0, 0);
      }
    }

    if (ownChain >= 0) {
      kCost[linkArcs[2 * sigmaA]!] = Infinity;
      kCost[linkArcs[2 * sigmaB]!] = Infinity;
      for (let k = 0; k < 2; k++) if (linkArcs[2 * ownChain + k]! >= 0) kCost[linkArcs[2 * ownChain + k]!] = baseCost[linkArcs[2 * ownChain + k]!]!;
    }
    options.onProgress?.(s + 1, n);
  }

  if (shortcuts) {
    const side = (l: number, toward: number): number => {
      const link = snapshot.links[l]!;
      const child = blocks.parent[link.b] === link.a ? link.b : link.a;
      return toward === child ? size[child]! : componentSize[child]! - size[child]!;
    };
    if (doLinks) for (const l of snapshot.links) if (bridge[l.index]) lost[l.index] = 2 * side(l.index, l.a) * side(l.index, l.b);
    if (doDevices) {
      // A device inside a chain of bridges splits its component in two and changes no other pair.
      for (let c = 0; c < chains; c++) {
        if (!bridgeChain[c]) continue;
        const base = posStart[c]!;
        const k = posStart[c + 1]! - base - 2;
        for (let m = 1; m <= k; m++) {
          const toA = side(posLink[base + m - 1]!, posDevice[base + m - 1]!);
          const toB = side(posLink[base + m]!, posDevice[base + m + 1]!);
          lost[L + posDevice[base + m]!] = 2 * toA * toB;
        }
      }
    }
  }

  return {
    devices: n,
    links: L,
    ranking: rankTally(snapshot, tally, listElements(snapshot, kinds)),
    bridges: snapshot.links.filter((l) => bridge[l.index]).map((l) => l.id),
    articulationPoints: snapshot.devices.filter((d) => blocks.cut[d.index]).map((d) => d.id),
  };
}
