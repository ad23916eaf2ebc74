// Per-element accumulators shared by the incremental N-1 and its baseline, and their conversion to a ranking.
import { scoreImpact } from './impact-score.js';
import type { Snapshot } from './snapshot.js';

export type FailureKind = 'device' | 'link';

export interface FailureImpact {
  kind: FailureKind;
  /** Device id or link id. */
  id: string;
  /** Device label, or "labelA — labelB" for a link. */
  label: string;
  /** Ordered pairs of surviving devices that lose reachability. */
  lostPairs: number;
  /** Ordered pairs still reachable whose least cost grows. */
  changedPairs: number;
  /** Sum of clamp((after − before)/before, 0, 1) over the changed pairs. */
  relativeIncrease: number;
  /** Largest after/before over the changed pairs (1 when none). */
  maxStretch: number;
  /** See `scoreImpact`. */
  impact: number;
}

/**
 * Element e is a link for e < links.length, else device e − links.length. Sums are added pair by
 * pair in (source, target) index order by both implementations, so their floating-point results
 * are identical, not merely close.
 */
export interface FailureTally {
  lost: Float64Array;
  changed: Float64Array;
  relative: Float64Array;
  maxStretch: Float64Array;
}

export function createTally(elements: number): FailureTally {
  return {
    lost: new Float64Array(elements),
    changed: new Float64Array(elements),
    relative: new Float64Array(elements),
    maxStretch: new Float64Array(elements).fill(1),
  };
}

/** Turns the tallies of `elements` into impacts, highest first (ties by kind then id, so output is stable). */
export function rankTally(snapshot: Snapshot, tally: FailureTally, elements: Iterable<number>): FailureImpact[] {
  const L = snapshot.links.length;
  const n = snapshot.devices.length;
  const out: FailureImpact[] = [];
  for (const e of elements) {
    const isLink = e < L;
    const link = isLink ? snapshot.links[e]! : undefined;
    const device = isLink ? undefined : snapshot.devices[e - L]!;
    const lostPairs = tally.lost[e]!;
    const relativeIncrease = tally.relative[e]!;
    out.push({
      kind: isLink ? 'link' : 'device',
      id: link ? link.id : device!.id,
      label: link ? `${snapshot.devices[link.a]!.label} — ${snapshot.devices[link.b]!.label}` : device!.label,
      lostPairs,
      changedPairs: tally.changed[e]!,
      relativeIncrease,
      maxStretch: tally.maxStretch[e]!,
      impact: scoreImpact({ devices: n, lostPairs, relativeIncrease }),
    });
  }
  return out.sort((x, y) => y.impact - x.impact || (x.kind < y.kind ? -1 : x.kind > y.kind ? 1 : 0) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Element indices to evaluate for the requested kinds. */
export function listElements(snapshot: Snapshot, kinds: readonly FailureKind[]): number[] {
  const L = snapshot.links.length;
  const out: number[] = [];
  if (kinds.includes('link')) for (let l = 0; l < L; l++) out.push(l);
  if (kinds.includes('device')) for (let v = 0; v < snapshot.devices.length; v++) out.push(L + v);
  return out;
}
