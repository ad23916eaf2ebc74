// Risk: the documented weighted combination on a hand-worked example, and explanations that name their evidence.
import { describe, expect, it } from 'vitest';
import { INSTABILITY_SCALE, percentileRanks, RISK_WEIGHTS, scoreRisk, type RiskInputs } from '../../../src/learning/risk-score.js';
import type { FeatureSummary } from '../../../src/learning/feature-drift.js';

const summary = (name: string, mean: number, std: number): FeatureSummary => ({ name, mean, std, min: 0, max: 0, quantiles: [], binShares: [], binEdges: [] });

const base: RiskInputs = {
  kind: 'device',
  ids: ['a', 'b', 'c'],
  labels: ['A', 'B', 'C'],
  impact: [0.2, 0.1, 0],
  lostPairs: [4, 0, 0],
  anomaly: [0.1, 0.9, 0.5],
  anomalyReasons: [[], ['degree unusual'], []],
  events: [0, 50, 0],
  noEventsReason: 'no events',
  features: new Float32Array([1, 10, 0, 0, 0, 0]),
  summaries: [summary('x', 0, 1), summary('y', 0, 2)],
  neighbours: [[1], [0, 2], [1]],
  deviceIds: ['a', 'b', 'c'],
  deviceLabels: ['A', 'B', 'C'],
  deviceAnomaly: [0.1, 0.9, 0.5],
};

describe('scoreRisk', () => {
  it('combines impact / max impact, anomaly percentile and 1 − exp(−events/50) with the documented weights', () => {
    const [a, b, c] = scoreRisk(base);
    // a: impact 1, anomaly rank 0, no events.
    expect(a!.score).toBeCloseTo(RISK_WEIGHTS.impact, 4);
    // b: impact 0.5, anomaly rank 1, 50 events.
    expect(b!.score).toBeCloseTo(0.6 * 0.5 + 0.25 * 1 + 0.15 * (1 - Math.exp(-50 / INSTABILITY_SCALE)), 4);
    // c: impact 0, anomaly rank 0.5.
    expect(c!.score).toBeCloseTo(0.25 * 0.5, 4);
    expect(a!.explanation.components.map((x) => x.name)).toEqual(['impact', 'anomaly', 'instability']);
  });

  it('explains: features by |z|, most anomalous neighbours, exact disconnection, instability evidence or its absence', () => {
    const [a, b] = scoreRisk(base);
    expect(a!.explanation.features.map((f) => [f.feature, f.zScore])).toEqual([['y', 5], ['x', 1]]);
    expect(a!.explanation.reasons).toContain('its failure disconnects 4 ordered device pairs (exact)');
    expect(a!.explanation.reasons).toContain('no events');
    expect(a!.explanation.summary).toMatch(/^A: risk .* mostly impact/);
    expect(b!.explanation.neighbours.map((n) => n.id)).toEqual(['c', 'a']);
    expect(b!.explanation.reasons).toEqual(['degree unusual', '50 BGP withdrawals, path changes and flaps tied to it']);
    const none = scoreRisk({ ...base, events: null });
    expect(none[1]!.instability).toBe(0);
    expect(none[1]!.explanation.reasons).toContain('no events');
  });

  it('ranks ties together', () => {
    expect(Array.from(percentileRanks([3, 1, 3, 2]))).toEqual([5 / 6, 0, 5 / 6, 1 / 3]);
    expect(Array.from(percentileRanks([7]))).toEqual([0.5]);
  });
});
