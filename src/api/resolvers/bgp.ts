// Resolvers of schema/bgp.graphql: the instability report over the stored BGP event windows.
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { InstabilityOrder } from '../../store/bgp-store.js';
import { MAX_REPORT_ROWS, reportWithIsoTimes } from '../../store/bgp-store.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';

const ORDERS: Record<string, InstabilityOrder> = { EVENTS: 'events', ANNOUNCEMENTS: 'announcements', WITHDRAWALS: 'withdrawals', PATH_CHANGES: 'pathChanges', FLAPS: 'flaps' };
const ORDER_NAMES = Object.fromEntries(Object.entries(ORDERS).map(([k, v]) => [v, k]));

const isoTime = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && Number.isFinite(Date.parse(s)), 'an ISO 8601 date and time, e.g. 2016-08-11T16:00:00Z');

const ReportArgs = z.object({
  from: isoTime.nullish(),
  to: isoTime.nullish(),
  first: z.number().int().min(1).max(MAX_REPORT_ROWS).nullish(),
  orderBy: z.enum(Object.keys(ORDERS) as [string, ...string[]]).nullish(),
  windowSeconds: z.number().int().min(1).max(366 * 86_400).nullish(),
  windowsPerEntry: z.number().int().min(0).max(MAX_REPORT_ROWS).nullish(),
});

const unixSeconds = (iso: string | null | undefined) => (iso == null ? undefined : Math.floor(Date.parse(iso) / 1000));

/** Every report object carries its counts flat (store shape); the SDL groups them under `counts`. */
const countsOf = { counts: (x: unknown) => x };

export const bgpResolvers = {
  InstabilityTotals: countsOf,
  ChurnWindow: countsOf,
  PrefixChurn: countsOf,
  PeerChurn: countsOf,
  OriginAsChurn: countsOf,
  Query: {
    async instabilityReport(_: unknown, raw: Record<string, unknown>, ctx: ApiContext) {
      const parsed = ReportArgs.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw badInput(`${issue.path.join('.')}: ${issue.message}`, String(issue.path[0] ?? ''));
      }
      if (!ctx.bgp) throw new GraphQLError('BGP reports are not available on this server', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      const a = parsed.data;
      const from = unixSeconds(a.from);
      const to = unixSeconds(a.to);
      if (from !== undefined && to !== undefined && to <= from) throw badInput('"to" must be after "from"', 'to');
      const report = await ctx.bgp.instabilityReport({
        from, to, top: a.first ?? 20, orderBy: ORDERS[a.orderBy ?? 'EVENTS'], windowSeconds: a.windowSeconds ?? undefined, windowLimit: a.windowsPerEntry ?? 100,
      });
      return { ...reportWithIsoTimes(report), orderBy: ORDER_NAMES[report.orderBy] };
    },
  },
};
