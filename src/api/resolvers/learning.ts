// Resolvers of schema/learning.graphql: stored risk and embeddings, similarity, models, and the admin-only train mutation.
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import type { Device, Link } from '../../model/index.js';
import { labelOf } from '../../graph/snapshot.js';
import type { ModelRecord, Scored, ScoringRunRecord } from '../../store/model-store.js';
import type { DriftReport } from '../../learning/feature-drift.js';
import type { RiskExplanation } from '../../learning/risk-score.js';
import type { ApiContext, LearningServices } from '../context.js';
import { pageSize } from '../cursor.js';
import { badInput } from '../errors.js';

const TrainInput = z.object({
  seed: z.number().int().min(0).max(2 ** 31 - 1).nullish(),
  epochs: z.number().int().min(1).max(200).nullish(),
});

const DRIFT_LISTED = 5;

function learning(ctx: ApiContext): LearningServices {
  if (!ctx.learning) throw new GraphQLError('learned risk is not available on this server', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  return ctx.learning;
}

/** Null where no scoring run has written this element; the explanation is stored as JSON. */
function riskOf(e: Scored<Device> | Scored<Link>) {
  if (e.riskScore == null || e.modelVersion == null) return null;
  return {
    score: e.riskScore,
    anomaly: e.riskAnomaly ?? 0,
    impact: e.riskImpact ?? 0,
    instability: e.riskInstability ?? 0,
    modelVersion: e.modelVersion,
    explanation: JSON.parse(e.riskExplanation ?? '{}') as RiskExplanation,
  };
}

const finiteOrNull = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function modelOut(m: ModelRecord, lastScoring: ScoringRunRecord | null) {
  const metrics = m.metrics as {
    corpus?: { training?: number; validation?: number };
    impact?: Record<string, unknown>;
    anomaly?: { epochs?: number; finalLoss?: number };
    seconds?: { total?: number };
  };
  const schema = m.featureSchema as { node?: string[]; edge?: string[]; link?: string[] };
  const drift = lastScoring?.drift as DriftReport | undefined;
  return {
    version: m.version,
    createdAt: m.createdAt,
    backend: m.backend,
    seed: m.seed,
    embeddingDim: m.embeddingDim,
    deviceFeatures: schema.node ?? [],
    linkFeatures: schema.link ?? schema.edge ?? [],
    metrics: {
      trainingGraphs: metrics.corpus?.training ?? 0,
      validationGraphs: metrics.corpus?.validation ?? 0,
      epochs: Number(metrics.impact?.epochs ?? 0),
      maxEpochs: Number(metrics.impact?.maxEpochs ?? 0),
      bestEpoch: Number(metrics.impact?.bestEpoch ?? metrics.impact?.epochs ?? 0),
      stoppedEarly: Boolean(metrics.impact?.stoppedEarly),
      trainingLoss: finiteOrNull(metrics.impact?.trainingLoss),
      validationLoss: finiteOrNull(metrics.impact?.validationLoss),
      validationSpearmanDevices: finiteOrNull(metrics.impact?.validationSpearmanDevices),
      validationSpearmanLinks: finiteOrNull(metrics.impact?.validationSpearmanLinks),
      anomalyEpochs: metrics.anomaly?.epochs ?? 0,
      anomalyLoss: finiteOrNull(metrics.anomaly?.finalLoss),
      trainingSeconds: metrics.seconds?.total ?? 0,
    },
    lastScoring: lastScoring === null ? null : {
      at: lastScoring.at,
      devices: lastScoring.devices,
      links: lastScoring.links,
      driftStatus: lastScoring.driftStatus,
      maxPsi: lastScoring.maxPsi,
      drift: [
        ...(drift?.device ?? []).slice(0, DRIFT_LISTED).map((d) => ({ kind: 'DEVICE', feature: d.name, psi: d.psi, meanShift: d.meanShift })),
        ...(drift?.link ?? []).slice(0, DRIFT_LISTED).map((d) => ({ kind: 'LINK', feature: d.name, psi: d.psi, meanShift: d.meanShift })),
      ],
    },
  };
}

export const learningResolvers = {
  Query: {
    async similarDevices(_: unknown, args: { id: string; first?: number | null }, ctx: ApiContext) {
      const first = pageSize(args.first, 20);
      const { device, ambiguous } = await ctx.store.findDevice(args.id);
      if (!device) throw badInput(`no device with id, hostname or router id "${args.id}"`, 'id');
      if (ambiguous) throw badInput(`hostname "${args.id}" names several devices; use the device id`, 'id');
      if ((device as Scored<Device>).embedding == null) {
        throw badInput(`device "${args.id}" has no embedding: no model trained yet, run \`topolens train\``, 'id');
      }
      const rows = await learning(ctx).models.similarDevices(device.id, first);
      return rows.map((r) => ({ device: r.device, similarity: r.score }));
    },
    async topRisks(_: unknown, args: { kind: 'DEVICE' | 'LINK'; first?: number | null }, ctx: ApiContext) {
      const first = pageSize(args.first, 20);
      const kind = args.kind === 'DEVICE' ? 'device' : 'link';
      const rows = await learning(ctx).models.topRisks(kind, first);
      if (kind === 'device') {
        return (rows as Scored<Device>[]).map((d) => ({ kind: 'DEVICE', id: d.id, label: labelOf(d), device: d, link: null, risk: riskOf(d) }));
      }
      const label = (d: Device | Error | null) => (d instanceof Error || d === null ? '?' : labelOf(d));
      return Promise.all((rows as Scored<Link>[]).map(async (l) => {
        const [a, b] = await ctx.loaders.deviceById.loadMany([l.aDeviceId, l.bDeviceId]);
        return { kind: 'LINK', id: l.id, label: `${label(a ?? null)} – ${label(b ?? null)}`, device: null, link: l, risk: riskOf(l) };
      }));
    },
    async models(_: unknown, args: { first?: number | null }, ctx: ApiContext) {
      const rows = await learning(ctx).models.listModels(pageSize(args.first, 20));
      return rows.map((r) => modelOut(r.model, r.lastScoring));
    },
  },
  Mutation: {
    async train(_: unknown, args: { seed?: number | null; epochs?: number | null }, ctx: ApiContext) {
      if (!ctx.isAdmin) {
        throw new GraphQLError('train needs admin rights: send `Authorization: Bearer <TOPOLENS_ADMIN_TOKEN>` (unset token: training over the API is off)', { extensions: { code: 'FORBIDDEN' } });
      }
      const parsed = TrainInput.safeParse(args);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw badInput(`${issue?.path.join('.') ?? 'input'}: ${issue?.message ?? 'invalid'}`, String(issue?.path[0] ?? ''));
      }
      const summary = await learning(ctx).train({
        ...(parsed.data.seed != null ? { seed: parsed.data.seed } : {}),
        ...(parsed.data.epochs != null ? { epochs: parsed.data.epochs } : {}),
      });
      const [latest] = await learning(ctx).models.listModels(1, summary.version);
      if (!latest) throw new GraphQLError(`model ${summary.version} was trained but is not in the store`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      return { model: modelOut(latest.model, latest.lastScoring), scoredDevices: summary.scoring.devices, scoredLinks: summary.scoring.links };
    },
  },
  Device: {
    embedding: (d: Scored<Device>) => d.embedding ?? null,
    risk: (d: Scored<Device>) => riskOf(d),
  },
  Link: {
    embedding: (l: Scored<Link>) => l.embedding ?? null,
    risk: (l: Scored<Link>) => riskOf(l),
  },
};
