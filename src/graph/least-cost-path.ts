// Least-cost path between two devices over per-direction link costs (graphology's Dijkstra).
import { DirectedGraph } from 'graphology';
import { bidirectional } from 'graphology-shortest-path/dijkstra.js';
import type { Link } from '../model/index.js';

export interface PathGraphInput {
  devices: Array<{ id: string }>;
  links: Link[];
}

export interface LeastCostPath {
  deviceIds: string[];
  linkIds: string[];
  cost: number;
}

interface Hop {
  cost: number;
  linkId: string;
}

/** A directed graph keeping, for each ordered device pair, the cheapest parallel link. */
export function buildPathGraph(input: PathGraphInput, defaultCost: number): DirectedGraph<Record<string, never>, Hop> {
  const g = new DirectedGraph<Record<string, never>, Hop>();
  for (const d of input.devices) g.mergeNode(d.id);
  const add = (from: string, to: string, cost: number, linkId: string) => {
    if (from === to || !g.hasNode(from) || !g.hasNode(to)) return;
    const existing = g.hasDirectedEdge(from, to) ? g.getDirectedEdgeAttributes(from, to) : undefined;
    if (existing && (existing.cost < cost || (existing.cost === cost && existing.linkId < linkId))) return;
    g.mergeDirectedEdge(from, to, { cost, linkId });
  };
  for (const l of input.links) {
    add(l.aDeviceId, l.bDeviceId, l.costAtoB ?? defaultCost, l.id);
    add(l.bDeviceId, l.aDeviceId, l.costBtoA ?? defaultCost, l.id);
  }
  return g;
}

/** Null when `to` is unreachable from `from`. */
export function findLeastCostPath(g: DirectedGraph<Record<string, never>, Hop>, from: string, to: string): LeastCostPath | null {
  if (from === to) return { deviceIds: [from], linkIds: [], cost: 0 };
  const nodes = bidirectional(g, from, to, 'cost');
  if (!nodes) return null;
  const linkIds: string[] = [];
  let cost = 0;
  for (let i = 1; i < nodes.length; i++) {
    const hop = g.getDirectedEdgeAttributes(nodes[i - 1] as string, nodes[i] as string);
    linkIds.push(hop.linkId);
    cost += hop.cost;
  }
  return { deviceIds: nodes, linkIds, cost };
}
