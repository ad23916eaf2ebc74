// Path costs per ordered router pair, from the routers' own tables, and a readable diff against a prediction.
import type { LabPlan } from './lab-plan.js';
import type { RouteTable } from './route-table.js';

/** `rX>rY` → cost of rX's path to rY's loopback, null when rX has no route to it. */
export type PairCosts = Map<string, number | null>;

export const pairKey = (from: string, to: string) => `${from}>${to}`;

/**
 * The metric of the OSPF route to 192.0.2.Y/32 in rX's table, for every ordered pair. FRR puts a
 * loopback /32 in its router LSA as a stub of cost 0 (`tos0Metric: 0`, whatever `ip ospf cost`
 * says, and 0 is not a configurable cost), so that metric is exactly the least path cost from rX
 * to rY: what topolens calls the pair's cost.
 */
export function readPairCosts(plan: LabPlan, tables: Map<string, RouteTable>): PairCosts {
  const out: PairCosts = new Map();
  for (const x of plan.routers) {
    const table = tables.get(x.name);
    if (!table) throw new Error(`no routing table for ${x.name}`);
    for (const y of plan.routers) if (y !== x) out.set(pairKey(x.name, y.name), table.get(`${y.loopback}/32`)?.metric ?? null);
  }
  return out;
}

/** One line per pair where the two disagree (missing pairs included); empty when they agree exactly. */
export function diffPairCosts(predicted: PairCosts, real: PairCosts): string[] {
  const out: string[] = [];
  for (const [key, cost] of real) {
    if (!predicted.has(key)) out.push(`${key}: routers ${cost ?? 'unreachable'}, topolens has no answer`);
    else if (predicted.get(key) !== cost) out.push(`${key}: routers ${cost ?? 'unreachable'}, topolens ${predicted.get(key) ?? 'unreachable'}`);
  }
  for (const key of predicted.keys()) if (!real.has(key)) out.push(`${key}: topolens answers for a pair the lab does not have`);
  return out;
}

/** The pairs with no route, sorted. */
export function unreachablePairs(costs: PairCosts): string[] {
  return [...costs].filter(([, c]) => c === null).map(([k]) => k).sort();
}
