// Compressed sparse row (CSR) form of a snapshot: typed arrays the shortest-path hot loops walk without allocating.

/**
 * Arcs are numbered in order of their tail, so the out-arcs of node u are
 * `outStart[u] .. outStart[u+1]-1`; `inArcs[inStart[v] .. inStart[v+1]-1]` lists the arcs into v.
 */
export interface CompactGraph {
  /** Number of nodes (devices). */
  n: number;
  /** Number of arcs (usable link directions). */
  m: number;
  outStart: Int32Array;
  arcTail: Int32Array;
  arcHead: Int32Array;
  arcCost: Float64Array;
  /** Index of the link each arc belongs to. */
  arcLink: Int32Array;
  inStart: Int32Array;
  inArcs: Int32Array;
  /** Arc a→b and arc b→a of each link (-1 where that direction is unusable): `linkArcs[2*l]`, `linkArcs[2*l+1]`. */
  linkArcs: Int32Array;
}

export interface CompactLinkInput {
  a: number;
  b: number;
  costAtoB: number | null;
  costBtoA: number | null;
}

/** Builds the CSR arrays for `n` nodes from links given by node index and per-direction cost. */
export function compactGraph(n: number, links: readonly CompactLinkInput[]): CompactGraph {
  const outDegree = new Int32Array(n + 1);
  const inDegree = new Int32Array(n + 1);
  let m = 0;
  for (const l of links) {
    if (l.costAtoB !== null) { outDegree[l.a]!++; inDegree[l.b]!++; m++; }
    if (l.costBtoA !== null) { outDegree[l.b]!++; inDegree[l.a]!++; m++; }
  }
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    outStart[v + 1] = outStart[v]! + outDegree[v]!;
    inStart[v + 1] = inStart[v]! + inDegree[v]!;
  }
  const arcTail = new Int32Array(m);
  const arcHead = new Int32Array(m);
  const arcCost = new Float64Array(m);
  const arcLink = new Int32Array(m);
  const linkArcs = new Int32Array(links.length * 2).fill(-1);
  const outFill = outStart.slice(0, n);
  const place = (tail: number, head: number, cost: number, link: number): number => {
    const arc = outFill[tail]!++;
    arcTail[arc] = tail;
    arcHead[arc] = head;
    arcCost[arc] = cost;
    arcLink[arc] = link;
    return arc;
  };
  links.forEach((l, i) => {
    if (l.costAtoB !== null) linkArcs[2 * i] = place(l.a, l.b, l.costAtoB, i);
    if (l.costBtoA !== null) linkArcs[2 * i + 1] = place(l.b, l.a, l.costBtoA, i);
  });
  const inArcs = new Int32Array(m);
  const inFill = inStart.slice(0, n);
  // Filling in arc order keeps each node's in-arc list sorted by tail, which makes tie-breaks deterministic.
  for (let arc = 0; arc < m; arc++) inArcs[inFill[arcHead[arc]!]!++] = arc;
  return { n, m, outStart, arcTail, arcHead, arcCost, arcLink, inStart, inArcs, linkArcs };
}
