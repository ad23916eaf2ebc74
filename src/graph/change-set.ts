// A what-if change set and its translation into the arc costs the SPF runs on (failed arcs cost Infinity).
import { NotFoundError, TopolensError } from '../errors.js';
import type { Snapshot } from './snapshot.js';

export interface CostChange {
  linkId: string;
  /** Device whose sending direction changes; both directions when absent. */
  fromDeviceId?: string | null;
  cost: number;
}

export interface ChangeSet {
  /** Device ids to take down (a drained router carries no traffic). */
  failedDevices?: string[];
  /** Link ids to take down. */
  failedLinks?: string[];
  /** Shared-risk tags: every link carrying one of them goes down. */
  failedSrlgs?: string[];
  costChanges?: CostChange[];
}

export interface AppliedChangeSet {
  /** The snapshot's arc costs after the change; Infinity for arcs that are down. */
  arcCost: Float64Array;
  /** 1 for devices that are down. */
  dead: Uint8Array;
  failedDevices: number[];
  /** Link indices down, explicitly or through a shared-risk group (not links down only because a device is). */
  failedLinks: number[];
}

/** Resolves ids and tags (unknown ones are errors, so a typo never passes a deploy gate) and applies the changes. */
export function applyChangeSet(snapshot: Snapshot, changes: ChangeSet): AppliedChangeSet {
  const g = snapshot.compact;
  const arcCost = g.arcCost.slice();
  const dead = new Uint8Array(g.n);
  const linkOf = (id: string): number => {
    const index = snapshot.linkIndex.get(id);
    if (index === undefined) throw new NotFoundError(`link ${id}`);
    return index;
  };

  for (const change of changes.costChanges ?? []) {
    if (!Number.isFinite(change.cost) || change.cost <= 0) {
      throw new TopolensError('TOPO_BAD_INPUT', `cost of link ${change.linkId} must be a positive number, got ${change.cost}`);
    }
    const l = linkOf(change.linkId);
    const link = snapshot.links[l]!;
    const directions: number[] = [];
    if (change.fromDeviceId == null) directions.push(2 * l, 2 * l + 1);
    else if (change.fromDeviceId === link.aDeviceId) directions.push(2 * l);
    else if (change.fromDeviceId === link.bDeviceId) directions.push(2 * l + 1);
    else throw new TopolensError('TOPO_BAD_INPUT', `device ${change.fromDeviceId} is not an end of link ${change.linkId}`);
    for (const slot of directions) {
      const arc = g.linkArcs[slot]!;
      if (arc >= 0) arcCost[arc] = change.cost;
    }
  }

  const failedLinks = new Set<number>();
  for (const id of changes.failedLinks ?? []) failedLinks.add(linkOf(id));
  for (const tag of changes.failedSrlgs ?? []) {
    const members = snapshot.links.filter((l) => l.tags.includes(tag));
    if (members.length === 0) throw new NotFoundError(`shared-risk group ${tag}`);
    for (const l of members) failedLinks.add(l.index);
  }
  for (const l of failedLinks) {
    for (const slot of [2 * l, 2 * l + 1]) {
      const arc = g.linkArcs[slot]!;
      if (arc >= 0) arcCost[arc] = Infinity;
    }
  }

  const failedDevices = new Set<number>();
  for (const id of changes.failedDevices ?? []) {
    const v = snapshot.deviceIndex.get(id);
    if (v === undefined) throw new NotFoundError(`device ${id}`);
    failedDevices.add(v);
    dead[v] = 1;
    for (let a = g.outStart[v]!; a < g.outStart[v + 1]!; a++) arcCost[a] = Infinity;
    for (let i = g.inStart[v]!; i < g.inStart[v + 1]!; i++) arcCost[g.inArcs[i]!] = Infinity;
  }

  return {
    arcCost,
    dead,
    failedDevices: [...failedDevices].sort((x, y) => x - y),
    failedLinks: [...failedLinks].sort((x, y) => x - y),
  };
}
