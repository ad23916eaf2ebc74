// Bridges and articulation points of the device graph: links and devices whose loss alone splits the network.
import type { Snapshot } from './snapshot.js';

export interface SinglePointsOfFailure {
  /** Link ids whose removal disconnects the graph (a link with a parallel twin never is one). */
  bridges: string[];
  /** Device ids whose removal disconnects the graph. */
  articulationPoints: string[];
}

/** The DFS forest behind the answer, for callers that need more than the lists (N-1 shortcuts). */
export interface BlockStructure {
  bridge: Uint8Array;
  cut: Uint8Array;
  disc: Int32Array;
  low: Int32Array;
  parent: Int32Array;
  /** Number of nodes in each node's DFS subtree. */
  size: Int32Array;
  /** Number of nodes in each node's connected component. */
  componentSize: Int32Array;
  /** DFS children of node v, by discovery time: `children[childStart[v] .. childStart[v+1]-1]`. */
  childStart: Int32Array;
  children: Int32Array;
}

/**
 * Tarjan's low-link DFS over links taken as undirected. Hand-written: graphology's standard library
 * has no bridge or articulation-point finder. Iterative, so a 10,000-node chain cannot overflow the stack.
 * It skips only the link it arrived by, not every link back to the parent, so parallel links count.
 */
export function findSinglePointsOfFailure(snapshot: Snapshot): SinglePointsOfFailure {
  const { bridge, cut } = analyseBlocks(snapshot);
  return {
    bridges: snapshot.links.filter((l) => bridge[l.index]).map((l) => l.id),
    articulationPoints: snapshot.devices.filter((d) => cut[d.index]).map((d) => d.id),
  };
}

/** Runs the DFS of `findSinglePointsOfFailure` and returns its arrays. */
export function analyseBlocks(snapshot: Snapshot): BlockStructure {
  const n = snapshot.devices.length;
  const usable = snapshot.links.filter((l) => l.costAtoB !== null || l.costBtoA !== null);
  const start = new Int32Array(n + 1);
  for (const l of usable) { start[l.a + 1]!++; start[l.b + 1]!++; }
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const nbr = new Int32Array(start[n]!);
  const via = new Int32Array(start[n]!);
  const fill = start.slice(0, n);
  for (const l of usable) {
    nbr[fill[l.a]!] = l.b; via[fill[l.a]!++] = l.index;
    nbr[fill[l.b]!] = l.a; via[fill[l.b]!++] = l.index;
  }

  const disc = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const parentLink = new Int32Array(n).fill(-1);
  const next = start.slice(0, n);
  const stack = new Int32Array(n);
  const bridge = new Uint8Array(snapshot.links.length);
  const cut = new Uint8Array(n);
  const size = new Int32Array(n).fill(1);
  const componentSize = new Int32Array(n);
  const discovered: number[] = [];
  let time = 0;
  for (let root = 0; root < n; root++) {
    if (disc[root] !== -1) continue;
    const firstOfComponent = discovered.length;
    discovered.push(root);
    let top = 0;
    stack[0] = root;
    disc[root] = low[root] = time++;
    let rootChildren = 0;
    while (top >= 0) {
      const v = stack[top]!;
      if (next[v]! < start[v + 1]!) {
        const i = next[v]!++;
        const w = nbr[i]!;
        if (via[i] === parentLink[v]) continue;
        if (disc[w] === -1) {
          parent[w] = v;
          parentLink[w] = via[i]!;
          disc[w] = low[w] = time++;
          stack[++top] = w;
          discovered.push(w);
          if (v === root) rootChildren++;
        } else if (disc[w]! < low[v]!) {
          low[v] = disc[w]!;
        }
      } else {
        top--;
        const p = parent[v]!;
        if (p < 0) continue;
        size[p]! += size[v]!;
        if (low[v]! < low[p]!) low[p] = low[v]!;
        if (low[v]! > disc[p]!) bridge[parentLink[v]!] = 1;
        if (p !== root && low[v]! >= disc[p]!) cut[p] = 1;
      }
    }
    if (rootChildren > 1) cut[root] = 1;
    for (let i = firstOfComponent; i < discovered.length; i++) componentSize[discovered[i]!] = size[root]!;
  }
  // Children grouped by parent, each group in discovery order (the order `discovered` holds them in).
  const childStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) if (parent[v]! >= 0) childStart[parent[v]! + 1]!++;
  for (let v = 0; v < n; v++) childStart[v + 1]! += childStart[v]!;
  const children = new Int32Array(childStart[n]!);
  const childFill = childStart.slice(0, n);
  for (const v of discovered) if (parent[v]! >= 0) children[childFill[parent[v]!]!++] = v;
  return { bridge, cut, disc, low, parent, size, componentSize, childStart, children };
}
