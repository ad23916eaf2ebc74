// Risk per device and link: predicted failure impact combined with anomaly and instability evidence, with an explanation.
import { rankWithTies } from '../../gnn/rank-metrics.js';
import type { FeatureSummary } from './feature-drift.js';

/**
 * risk = 0.6 · impact' + 0.25 · anomaly' + 0.15 · instability', each part in [0, 1]:
 * impact' = predicted impact / the largest predicted impact of that kind in the network (consequence of a failure);
 * anomaly' = percentile rank of the anomaly score among elements of that kind (how unusual it looks structurally);
 * instability' = 1 − exp(−events / 50), events = BGP withdrawals + path changes + flaps tied to it, plus the OSPF
 * adjacency ups / downs and cost changes recorded on it (how much it churns).
 */
export const RISK_WEIGHTS = { impact: 0.6, anomaly: 0.25, instability: 0.15 } as const;
export const INSTABILITY_SCALE = 50;

export interface RiskComponent {
  name: 'impact' | 'anomaly' | 'instability';
  /** The part in [0, 1]. */
  value: number;
  weight: number;
  /** weight · value: what it adds to the score. */
  contribution: number;
}

export interface FeatureContribution {
  feature: string;
  value: number;
  /** (value − training mean) / training std: how unusual the value is for the model. */
  zScore: number;
}

export interface NeighbourEvidence {
  id: string;
  label: string;
  anomaly: number;
}

export interface RiskExplanation {
  summary: string;
  components: RiskComponent[];
  /** The element's own features furthest from the training distribution. */
  features: FeatureContribution[];
  /** Adjacent devices with the highest anomaly scores (the neighbourhood message passing saw). */
  neighbours: NeighbourEvidence[];
  /** Anomaly-model reasons, the exact disconnection part, and what instability evidence exists. */
  reasons: string[];
}

export interface Risk {
  score: number;
  impact: number;
  anomaly: number;
  instability: number;
  explanation: RiskExplanation;
}

/** One kind of instability evidence (BGP churn, OSPF adjacency events) for every element of a kind. */
export interface InstabilitySource {
  /** Events per element, indexed as the elements. */
  events: ArrayLike<number>;
  /** What element i's non-zero count is made of, e.g. "3 OSPF adjacency changes, 1 cost change". */
  describe: (i: number) => string;
  /** What this source lacks for an element it gives 0 events (no data stored at all, or none tied to it). */
  missing: string;
}

/** Everything the combination needs for one kind of element (devices or links), indexed alike. */
export interface RiskInputs {
  kind: 'device' | 'link';
  ids: readonly string[];
  labels: readonly string[];
  /** Predicted impact score per element (exact disconnection + learned stretch), 0–1. */
  impact: ArrayLike<number>;
  /** Exact ordered pairs each element's failure disconnects. */
  lostPairs: ArrayLike<number>;
  anomaly: ArrayLike<number>;
  anomalyReasons: readonly (readonly string[])[];
  /** Instability evidence by source; an element's events are their sum. */
  instability: readonly InstabilitySource[];
  /** Row-major features [elements, summaries.length] and their training summaries. */
  features: Float32Array;
  summaries: readonly FeatureSummary[];
  /** Device indices adjacent to each element (a device's neighbours, a link's two ends). */
  neighbours: readonly (readonly number[])[];
  deviceIds: readonly string[];
  deviceLabels: readonly string[];
  deviceAnomaly: ArrayLike<number>;
}

/** Percentile ranks in [0, 1], ties sharing their mean rank; 0.5 for a single element. */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  return rankWithTies(values).map((r) => (n === 1 ? 0.5 : (r - 1) / (n - 1)));
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function topFeatures(row: number, features: Float32Array, summaries: readonly FeatureSummary[], k = 3): FeatureContribution[] {
  const w = summaries.length;
  return summaries
    .map((s, c) => {
      const value = features[row * w + c]!;
      return { feature: s.name, value: round(value), zScore: round(s.std > 1e-9 ? (value - s.mean) / s.std : 0, 2) };
    })
    .filter((f) => f.zScore !== 0)
    .sort((a, b) => Math.abs(b.zScore) - Math.abs(a.zScore))
    .slice(0, k);
}

/** Scores every element of one kind and explains each score. */
export function scoreRisk(input: RiskInputs): Risk[] {
  const n = input.ids.length;
  let maxImpact = 0;
  for (let i = 0; i < n; i++) maxImpact = Math.max(maxImpact, input.impact[i]!);
  const anomalyRank = percentileRanks(input.anomaly);
  const out: Risk[] = [];
  for (let i = 0; i < n; i++) {
    const events = input.instability.reduce((sum, source) => sum + source.events[i]!, 0);
    const parts = {
      impact: maxImpact > 0 ? input.impact[i]! / maxImpact : 0,
      anomaly: anomalyRank[i]!,
      instability: 1 - Math.exp(-events / INSTABILITY_SCALE),
    };
    const components = (Object.keys(RISK_WEIGHTS) as (keyof typeof RISK_WEIGHTS)[]).map((name) => ({
      name, value: round(parts[name]), weight: RISK_WEIGHTS[name], contribution: round(RISK_WEIGHTS[name] * parts[name]),
    }));
    const score = components.reduce((s, c) => s + RISK_WEIGHTS[c.name] * parts[c.name], 0);
    const neighbours = [...input.neighbours[i]!]
      .map((v) => ({ id: input.deviceIds[v]!, label: input.deviceLabels[v]!, anomaly: round(input.deviceAnomaly[v]!) }))
      .sort((a, b) => b.anomaly - a.anomaly)
      .slice(0, 3);
    const reasons = [...input.anomalyReasons[i] ?? []];
    const lost = input.lostPairs[i]!;
    if (lost > 0) reasons.push(`its failure disconnects ${lost} ordered device pairs (exact)`);
    if (events === 0) {
      const missing = input.instability.map((source) => source.missing).join('; ');
      reasons.push(`no instability evidence (instability 0)${missing ? `: ${missing}` : ''}`);
    }
    for (const source of input.instability) if (source.events[i]! > 0) reasons.push(source.describe(i));
    const main = [...components].sort((a, b) => b.contribution - a.contribution)[0]!;
    out.push({
      score: round(score),
      impact: input.impact[i]!,
      anomaly: input.anomaly[i]!,
      instability: events,
      explanation: {
        summary: `${input.labels[i]}: risk ${score.toFixed(3)}, mostly ${main.name} (${main.contribution.toFixed(3)} of it)`,
        components,
        features: topFeatures(i, input.features, input.summaries),
        neighbours,
        reasons,
      },
    });
  }
  return out;
}
