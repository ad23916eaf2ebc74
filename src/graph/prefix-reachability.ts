// Which devices lose every route to a prefix after a change: per prefix, over all its origins.
import { applyChangeSet, type ChangeSet } from './change-set.js';
import type { CompactGraph } from './compact-graph.js';
import type { Snapshot } from './snapshot.js';

/** One place a prefix is reachable at: the device that originates it or is its BGP next hop. */
export interface PrefixAnchor {
  prefix: string;
  deviceId: string;
  /**
   * OSPF stub of a point-to-point link: the router withdraws it when every link to this neighbour
   * goes down (the interface subnet disappears with the interface).
   */
  withdrawnWithLinkTo?: string | null;
}

export interface LostPrefix {
  prefix: string;
  /** Device ids the prefix is anchored at. */
  anchors: string[];
  /** `withdrawn`: no anchor advertises it any more; `anchor-failed`: every anchor is down; else unreachable. */
  reason: 'withdrawn' | 'anchor-failed' | 'anchor-unreachable';
  /** Surviving devices that reached the prefix before the change and do not after. */
  devices: string[];
}

/** Marks the devices that can reach `target` over arcs of finite cost (a walk over in-arcs). */
function reachersOf(g: CompactGraph, target: number, arcCost: Float64Array, dead: Uint8Array | null): Uint8Array {
  const seen = new Uint8Array(g.n);
  if (dead?.[target]) return seen;
  const stack = [target];
  seen[target] = 1;
  while (stack.length > 0) {
    const v = stack.pop() as number;
    for (let i = g.inStart[v] as number; i < (g.inStart[v + 1] as number); i++) {
      const arc = g.inArcs[i] as number;
      if (!Number.isFinite(arcCost[arc] as number)) continue;
      const u = g.arcTail[arc] as number;
      if (seen[u] || dead?.[u]) continue;
      seen[u] = 1;
      stack.push(u);
    }
  }
  return seen;
}

/**
 * A device reaches a prefix when it reaches any anchor still advertising it (an anchor reaches its
 * own prefix). Failures only ever remove reachability, so "lost" = reached before and not after.
 */
export function findLostPrefixes(snapshot: Snapshot, anchors: PrefixAnchor[], changes: ChangeSet): LostPrefix[] {
  const g = snapshot.compact;
  const applied = applyChangeSet(snapshot, changes);
  const failedLinks = new Set(applied.failedLinks.map((i) => (snapshot.links[i] as { id: string }).id));
  const cache = new Map<string, { before: Uint8Array; after: Uint8Array }>();
  const reach = (deviceId: string) => {
    let r = cache.get(deviceId);
    if (!r) {
      const index = snapshot.deviceIndex.get(deviceId) as number;
      r = { before: reachersOf(g, index, g.arcCost, null), after: reachersOf(g, index, applied.arcCost, applied.dead) };
      cache.set(deviceId, r);
    }
    return r;
  };
  const withdrawn = (a: PrefixAnchor) => {
    if (!a.withdrawnWithLinkTo) return false;
    const between = snapshot.links.filter((l) => (l.aDeviceId === a.deviceId && l.bDeviceId === a.withdrawnWithLinkTo) || (l.bDeviceId === a.deviceId && l.aDeviceId === a.withdrawnWithLinkTo));
    return between.length > 0 && between.every((l) => failedLinks.has(l.id));
  };
  const byPrefix = new Map<string, PrefixAnchor[]>();
  for (const a of anchors) {
    if (!snapshot.deviceIndex.has(a.deviceId)) continue;
    byPrefix.set(a.prefix, [...(byPrefix.get(a.prefix) ?? []), a]);
  }
  const lost: LostPrefix[] = [];
  for (const [prefix, list] of [...byPrefix].sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0))) {
    const before = new Uint8Array(g.n);
    const after = new Uint8Array(g.n);
    const live = list.filter((a) => !applied.dead[snapshot.deviceIndex.get(a.deviceId) as number]);
    const advertising = live.filter((a) => !withdrawn(a));
    for (const a of list) reach(a.deviceId).before.forEach((v, i) => { if (v) before[i] = 1; });
    for (const a of advertising) reach(a.deviceId).after.forEach((v, i) => { if (v) after[i] = 1; });
    const devices: string[] = [];
    for (let i = 0; i < g.n; i++) if (before[i] && !after[i] && !applied.dead[i]) devices.push((snapshot.devices[i] as { id: string }).id);
    if (devices.length === 0) continue;
    const reason = live.length === 0 ? 'anchor-failed' : advertising.length === 0 ? 'withdrawn' : 'anchor-unreachable';
    lost.push({ prefix, anchors: [...new Set(list.map((a) => a.deviceId))], reason, devices });
  }
  return lost;
}
