// Collapses chains of degree-2 devices into single weighted links, so N-1 re-runs shortest paths on the branch devices only.
import { compactGraph, type CompactGraph, type CompactLinkInput } from './compact-graph.js';
import type { Snapshot } from './snapshot.js';

/**
 * A chain runs a = position 0, interior devices at positions 1..k, b = position k+1, over links
 * l_0..l_k (l_m joins positions m and m+1). Every usable link lies in exactly one chain; a link
 * between two core devices is a chain with k = 0. The core graph `core` has one node per core
 * device, one link per chain (index = chain id), and one more node, the pseudo-source σ (index
 * `sigma`), with a one-way link σ→v (index chains + v) to every core node v: a source inside a chain
 * enters the core through σ's links to its chain's two ends.
 */
export interface CollapsedGraph {
  /** Core index of each device, or -1 for a chain's interior device. */
  coreIndex: Int32Array;
  /** Device index of each core node. */
  coreDevice: Int32Array;
  chains: number;
  /** Device index of each chain's ends. */
  chainA: Int32Array;
  chainB: Int32Array;
  /** Chain c's positions 0..k+1 occupy slots `posStart[c] .. posStart[c+1]-1` of the arrays below. */
  posStart: Int32Array;
  /** Device at each slot (the ends included). */
  posDevice: Int32Array;
  /** Cost from a to the slot's device along the chain, and from that device back to a. */
  fromA: Float64Array;
  toA: Float64Array;
  /** Link index l_m at slot posStart[c] + m (m = 0..k; the slot of b holds -1). */
  posLink: Int32Array;
  /** Chain of each link (-1 for an unusable link) and its position m. */
  linkChain: Int32Array;
  linkPos: Int32Array;
  /** Chain of each interior device (-1 for core devices) and its position. */
  deviceChain: Int32Array;
  devicePos: Int32Array;
  /** Per chain, its interior positions ordered by device index (slots `posStart[c] .. +k-1`; other slots unused). */
  byDevice: Int32Array;
  /** Core graph; its `arcCost` may be changed per source (σ's links, the source's own chain). */
  core: CompactGraph;
  sigma: number;
}

/** Sums of integer costs are exact in doubles, so a chain's costs can be added in any order; otherwise nothing is collapsed. */
function hasExactIntegerCosts(snapshot: Snapshot): boolean {
  let total = 0;
  for (const l of snapshot.links) {
    for (const c of [l.costAtoB, l.costBtoA]) {
      if (c === null) continue;
      if (!Number.isInteger(c) || c <= 0) return false;
      total += c;
    }
  }
  return total < 2 ** 52;
}

/**
 * Finds the chains. A device is interior when it has exactly two usable links, both two-way, to two
 * different devices; a chain that would start and end at the same device (a loop or a ring) gets its
 * middle device promoted to core, so every chain has two distinct ends.
 */
export function collapseChains(snapshot: Snapshot): CollapsedGraph {
  const n = snapshot.devices.length;
  const links = snapshot.links;
  const usable = (l: (typeof links)[number]) => l.costAtoB !== null || l.costBtoA !== null;
  const incident: number[][] = Array.from({ length: n }, () => []);
  for (const l of links) {
    if (!usable(l)) continue;
    incident[l.a]!.push(l.index);
    if (l.b !== l.a) incident[l.b]!.push(l.index);
  }
  const other = (l: number, v: number) => (links[l]!.a === v ? links[l]!.b : links[l]!.a);
  const core = new Uint8Array(n).fill(1);
  if (hasExactIntegerCosts(snapshot)) {
    for (let v = 0; v < n; v++) {
      const inc = incident[v]!;
      if (inc.length !== 2) continue;
      const [l1, l2] = [links[inc[0]!]!, links[inc[1]!]!];
      const twoWay = l1.costAtoB !== null && l1.costBtoA !== null && l2.costAtoB !== null && l2.costBtoA !== null;
      const x = other(l1.index, v);
      const y = other(l2.index, v);
      if (twoWay && x !== y && x !== v && y !== v) core[v] = 0;
    }
  }

  // Walk every chain from its core ends; promote a device wherever a chain closes on itself, and retry.
  let walks: { a: number; b: number; devices: number[]; links: number[] }[];
  for (;;) {
    walks = [];
    const taken = new Uint8Array(links.length);
    const seen = new Uint8Array(n);
    let promoted = false;
    for (let a = 0; a < n; a++) {
      if (!core[a]) continue;
      for (const l0 of incident[a]!) {
        if (taken[l0]) continue;
        taken[l0] = 1;
        const devices = [a];
        const chainLinks = [l0];
        let prev = l0;
        let cur = other(l0, a);
        while (!core[cur]) {
          seen[cur] = 1;
          devices.push(cur);
          const inc = incident[cur]!;
          prev = inc[0] === prev ? inc[1]! : inc[0]!;
          taken[prev] = 1;
          chainLinks.push(prev);
          cur = other(prev, cur);
        }
        devices.push(cur);
        if (cur === a && devices.length > 2) {
          core[devices[devices.length >> 1]!] = 1;
          promoted = true;
        }
        walks.push({ a, b: cur, devices, links: chainLinks });
      }
    }
    for (let v = 0; v < n; v++) {
      if (core[v] || seen[v]) continue;
      // A ring with no core device: promote one of it (the retry then breaks the loop that remains).
      core[v] = 1;
      promoted = true;
      for (let prev = incident[v]![0]!, cur = other(prev, v); cur !== v; ) {
        seen[cur] = 1;
        const inc = incident[cur]!;
        prev = inc[0] === prev ? inc[1]! : inc[0]!;
        cur = other(prev, cur);
      }
    }
    if (!promoted) break;
  }

  const coreIndex = new Int32Array(n).fill(-1);
  const coreDevice: number[] = [];
  for (let v = 0; v < n; v++) if (core[v]) { coreIndex[v] = coreDevice.length; coreDevice.push(v); }
  const nCore = coreDevice.length;
  const chains = walks.length;
  const posStart = new Int32Array(chains + 1);
  walks.forEach((w, c) => { posStart[c + 1] = posStart[c]! + w.devices.length; });
  const slots = posStart[chains]!;
  const posDevice = new Int32Array(slots);
  const fromA = new Float64Array(slots);
  const toA = new Float64Array(slots);
  const posLink = new Int32Array(slots).fill(-1);
  const byDevice = new Int32Array(slots);
  const linkChain = new Int32Array(links.length).fill(-1);
  const linkPos = new Int32Array(links.length);
  const deviceChain = new Int32Array(n).fill(-1);
  const devicePos = new Int32Array(n);
  const chainA = new Int32Array(chains);
  const chainB = new Int32Array(chains);
  const coreLinks: CompactLinkInput[] = [];
  const cost = (l: number, from: number): number | null => (links[l]!.a === from ? links[l]!.costAtoB : links[l]!.costBtoA);

  walks.forEach((w, c) => {
    const base = posStart[c]!;
    const k = w.devices.length - 2;
    chainA[c] = w.a;
    chainB[c] = w.b;
    w.devices.forEach((v, p) => {
      posDevice[base + p] = v;
      if (p >= 1 && p <= k) { deviceChain[v] = c; devicePos[v] = p; }
    });
    w.links.forEach((l, m) => {
      posLink[base + m] = l;
      linkChain[l] = c;
      linkPos[l] = m;
      if (m > 0) {
        fromA[base + m] = fromA[base + m - 1]! + cost(w.links[m - 1]!, w.devices[m - 1]!)!;
        toA[base + m] = toA[base + m - 1]! + cost(w.links[m - 1]!, w.devices[m]!)!;
      }
    });
    const interior = w.devices.slice(1, k + 1).map((v, i) => [v, i + 1] as const).sort((x, y) => x[0] - y[0]);
    interior.forEach(([, p], i) => { byDevice[base + i] = p; });
    if (k === 0) {
      // A direct link keeps its own (possibly one-way, possibly fractional) costs, oriented a→b.
      const l = links[w.links[0]!]!;
      const forward = l.a === w.a;
      coreLinks.push({ a: coreIndex[w.a]!, b: coreIndex[w.b]!, costAtoB: forward ? l.costAtoB : l.costBtoA, costBtoA: forward ? l.costBtoA : l.costAtoB });
    } else {
      fromA[base + k + 1] = fromA[base + k]! + cost(w.links[k]!, w.devices[k]!)!;
      toA[base + k + 1] = toA[base + k]! + cost(w.links[k]!, w.b)!;
      coreLinks.push({ a: coreIndex[w.a]!, b: coreIndex[w.b]!, costAtoB: fromA[base + k + 1]!, costBtoA: toA[base + k + 1]! });
    }
  });
  const sigma = nCore;
  for (let v = 0; v < nCore; v++) coreLinks.push({ a: sigma, b: v, costAtoB: Infinity, costBtoA: null });
  return {
    coreIndex, coreDevice: Int32Array.from(coreDevice), chains, chainA, chainB, posStart, posDevice, fromA, toA, posLink,
    linkChain, linkPos, deviceChain, devicePos, byDevice, core: compactGraph(nCore + 1, coreLinks), sigma,
  };
}
