// changeImpact and failureRanking: the exact engine over the shared snapshot, inputs validated first.
import { z } from 'zod';
import { analyseChange } from '../../analysis/change-impact.js';
import { rankFailures, type FailureRanking } from '../../graph/n-minus-1.js';
import type { Snapshot } from '../../graph/snapshot.js';
import type { ApiContext } from '../context.js';
import { pageSize } from '../cursor.js';
import { badInput } from '../errors.js';

const MAX_LISTED_PAIRS = 1000;
const name = z.string().min(1).max(512);

const ChangesInput = z.object({
  failDevices: z.array(name).max(1000).nullish(),
  failLinks: z.array(name).max(1000).nullish(),
  failSrlgs: z.array(name).max(100).nullish(),
  costChanges: z.array(z.object({ link: name, cost: z.number().positive().finite() })).max(1000).nullish(),
});

// Rankings are costly (every element failed in turn): one per snapshot, dropped with it.
const rankings = new WeakMap<Snapshot, FailureRanking>();

export const analysisResolvers = {
  Query: {
    async changeImpact(_: unknown, args: { changes: unknown; maxLostPairs?: number | null; maxStretch?: number | null }, ctx: ApiContext) {
      const parsed = ChangesInput.safeParse(args.changes);
      if (!parsed.success) throw badInput(`changes.${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, 'changes');
      const c = parsed.data;
      if (args.maxLostPairs != null && args.maxLostPairs < 0) throw badInput('maxLostPairs must be ≥ 0', 'maxLostPairs');
      if (args.maxStretch != null && !(args.maxStretch >= 1)) throw badInput('maxStretch must be ≥ 1', 'maxStretch');
      const report = analyseChange(await ctx.snapshots.current(), {
        failDevices: c.failDevices ?? [], failLinks: c.failLinks ?? [], failSrlgs: c.failSrlgs ?? [], costChanges: c.costChanges ?? [],
      }, { maxLostPairs: args.maxLostPairs ?? 0, ...(args.maxStretch != null ? { maxStretch: args.maxStretch } : {}) });
      return {
        ...report,
        verdict: report.verdict.toUpperCase(),
        lostPairCount: report.lostPairs.length,
        lostPairs: report.lostPairs.slice(0, MAX_LISTED_PAIRS).map(([from, to]) => ({ from, to })),
        changedPairCount: report.changedPairs.length,
        changedPairs: [...report.changedPairs].sort((a, b) => b.after / b.before - a.after / a.before).slice(0, MAX_LISTED_PAIRS),
        maxStretch: report.stretch.max,
        p95Stretch: report.stretch.p95,
      };
    },
    async failureRanking(_: unknown, args: { kind?: 'DEVICE' | 'LINK' | null; first?: number | null }, ctx: ApiContext) {
      const first = pageSize(args.first, 20);
      const snapshot = await ctx.snapshots.current();
      let ranking = rankings.get(snapshot);
      if (!ranking) {
        ranking = rankFailures(snapshot);
        rankings.set(snapshot, ranking);
      }
      const kind = args.kind ? args.kind.toLowerCase() : null;
      return {
        deviceCount: ranking.devices,
        linkCount: ranking.links,
        ranking: ranking.ranking.filter((r) => kind === null || r.kind === kind).slice(0, first).map((r) => ({ ...r, kind: r.kind.toUpperCase() })),
        bridges: ranking.bridges,
        articulationPoints: ranking.articulationPoints,
      };
    },
  },
};
