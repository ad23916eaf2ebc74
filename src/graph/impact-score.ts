// The one definition of a failure's impact score: used by N-1 ranking and as the GNN's training label.

/**
 * How much worse one ordered pair gets: (after − before) / before, capped at 1 so that a pair whose
 * path merely lengthens never weighs more than a pair that loses reachability (which counts 1), and
 * floored at 0 because a cost decrease is not harm.
 */
export function measureRelativeIncrease(before: number, after: number): number {
  const r = (after - before) / before;
  return r <= 0 ? 0 : r < 1 ? r : 1;
}

export interface ImpactCounts {
  /** Total number of devices in the snapshot (failed ones included), N. */
  devices: number;
  /** Ordered pairs of surviving devices reachable before and not after. */
  lostPairs: number;
  /** Sum of `measureRelativeIncrease` over the pairs still reachable whose least cost grew. */
  relativeIncrease: number;
}

/**
 * impact = (lostPairs + Σ clamp((after − before)/before, 0, 1) over changed pairs) / (N·(N−1)).
 *
 * Pairs with a failed device as an end are left out: their loss is the failure itself, not its
 * effect on the rest of the network, so a leaf router's impact is 0 and a transit router's is what
 * its outage does to others. The score lies in [0, 1] and is comparable between devices and links
 * and across failure sets of the same snapshot; 1 would mean every pair lost.
 */
export function scoreImpact(counts: ImpactCounts): number {
  const n = counts.devices;
  if (n < 2) return 0;
  return (counts.lostPairs + counts.relativeIncrease) / (n * (n - 1));
}
