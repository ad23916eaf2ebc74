// Least-cost path between two devices of a snapshot (OSPF costs, else link costs, else the default).
import { computeShortestPaths, listPredecessorArcs } from './spf.js';
import type { Snapshot } from './snapshot.js';

export interface LeastCostPath {
  deviceIds: string[];
  linkIds: string[];
  cost: number;
}

/** Null when `toId` cannot be reached from `fromId`; at an ECMP split, the first predecessor is taken. */
export function findLeastCostPath(snapshot: Snapshot, fromId: string, toId: string): LeastCostPath | null {
  const g = snapshot.compact;
  const source = snapshot.deviceIndex.get(fromId);
  const target = snapshot.deviceIndex.get(toId);
  if (source === undefined || target === undefined) return null;
  const tree = computeShortestPaths(g, source);
  const cost = tree.dist[target] as number;
  if (!Number.isFinite(cost)) return null;
  const deviceIds = [toId];
  const linkIds: string[] = [];
  for (let v = target; v !== source; ) {
    const arc = listPredecessorArcs(g, tree, v)[0] as number;
    linkIds.push((snapshot.links[g.arcLink[arc] as number] as { id: string }).id);
    v = g.arcTail[arc] as number;
    deviceIds.push((snapshot.devices[v] as { id: string }).id);
  }
  return { deviceIds: deviceIds.reverse(), linkIds: linkIds.reverse(), cost };
}
