// Graphs the GNN tests share: a hand-worked four-node graph and seeded random ones with a node relabelling.
import type { GraphArrays } from '../../../gnn/graph-tensors.js';
import { createRng } from '../../../gnn/random.js';

/**
 * Edges 0→1 (attr 1), 2→1 (attr 3), 1→2 (attr 2); node 3 is isolated.
 * x = [1,0], [0,1], [2,2], [5,5].
 */
export const HAND_GRAPH: GraphArrays = {
  numNodes: 4,
  x: [[1, 0], [0, 1], [2, 2], [5, 5]],
  source: [0, 2, 1],
  target: [1, 1, 2],
  edgeAttr: [[1], [3], [2]],
};

/** A random graph with distinct feature values (so max has no ties) and a few isolated nodes. */
export function randomGraph(seed: number, numNodes = 12, numEdges = 30, width = 3, edgeWidth = 2): GraphArrays {
  const rng = createRng(seed);
  // Nodes numNodes-2 and numNodes-1 get no edges at all.
  const wired = numNodes - 2;
  const source = Array.from({ length: numEdges }, () => Math.floor(rng() * wired));
  const target = Array.from({ length: numEdges }, () => Math.floor(rng() * wired));
  const values = shuffle(Array.from({ length: numNodes * width }, (_, i) => (i - numNodes) * 0.1), rng);
  const x = Array.from({ length: numNodes }, (_, i) => values.slice(i * width, (i + 1) * width));
  const edgeAttr = Array.from({ length: numEdges }, () => Array.from({ length: edgeWidth }, () => rng() * 2 - 1));
  return { numNodes, x, source, target, edgeAttr };
}

export function shuffle<T>(items: T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Relabels nodes (node i becomes perm[i]) and reorders edges: the same graph under other names.
 * A permutation-invariant layer must give out'[perm[i]] = out[i].
 */
export function relabel(g: GraphArrays, seed: number): { graph: GraphArrays; perm: number[] } {
  const rng = createRng(seed);
  const perm = shuffle(Array.from({ length: g.numNodes }, (_, i) => i), rng);
  const x = g.x as number[][];
  const newX: number[][] = new Array(g.numNodes);
  x.forEach((row, i) => (newX[perm[i]!] = row));
  const order = shuffle(Array.from({ length: g.source.length }, (_, e) => e), rng);
  const edgeAttr = g.edgeAttr as number[][];
  return {
    perm,
    graph: {
      numNodes: g.numNodes,
      x: newX,
      source: order.map((e) => perm[g.source[e]!]!),
      target: order.map((e) => perm[g.target[e]!]!),
      edgeAttr: order.map((e) => edgeAttr[e]!),
    },
  };
}
