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
  instability: [{ events: [0, 50, 0], describe: (i) => `${[0, 50, 0][i]} BGP withdrawals, path changes and flaps tied to it`, missing: 'no BGP events' }],
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
    expect(a!.explanation.reasons).toContain('no instability evidence (instability 0): no BGP events');
    expect(a!.explanation.summary).toMatch(/^A: risk .* mostly impact/);
    expect(b!.explanation.neighbours.map((n) => n.id)).toEqual(['c', 'a']);
    expect(b!.explanation.reasons).toEqual(['degree unusual', '50 BGP withdrawals, path changes and flaps tied to it']);
    const none = scoreRisk({ ...base, instability: [] });
    expect(none[1]!.instability).toBe(0);
    expect(none[1]!.explanation.reasons).toContain('no instability evidence (instability 0)');
  });

  it('adds up instability sources, explains each that has events, and says what every source lacks when none has', () => {
    const ospf = { events: [0, 3, 2], describe: (i: number) => `ospf ${i}`, missing: 'no OSPF changes' };
    const bgp = { events: [0, 50, 0], describe: (i: number) => `bgp ${i}`, missing: 'no BGP events' };
    const [a, b, c] = scoreRisk({ ...base, instability: [bgp, ospf] });
    expect([a!.instability, b!.instability, c!.instability]).toEqual([0, 53, 2]);
    expect(b!.explanation.components.find((x) => x.name === 'instability')!.value).toBeCloseTo(1 - Math.exp(-53 / INSTABILITY_SCALE), 4);
    expect(b!.explanation.reasons).toEqual(['degree unusual', 'bgp 1', 'ospf 1']);
    expect(c!.explanation.reasons).toEqual(['ospf 2']);
    expect(a!.explanation.reasons).toContain('no instability evidence (instability 0): no BGP events; no OSPF changes');
  });

  it('ranks ties together', () => {
    expect(Array.from(percentileRanks([3, 1, 3, 2]))).toEqual([5 / 6, 0, 5 / 6, 1 / 3]);
    expect(Array.from(percentileRanks([7]))).toEqual([0.5]);
  });
});
