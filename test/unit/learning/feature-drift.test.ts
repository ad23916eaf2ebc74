// Feature drift: PSI 0 against the training data itself, small for a resample, large for a shifted distribution.
import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../src/graph/seeded-random.js';
import { driftStatus, measureDrift, summariseFeatures } from '../../../src/learning/feature-drift.js';

const names = { device: ['a', 'b'], link: ['c'] };

function table(rows: number, seed: number, shift = 0): { device: Float32Array; link: Float32Array } {
  const r = createSeededRandom(seed);
  const device = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) { device[2 * i] = r() + shift; device[2 * i + 1] = i % 3; }
  return { device, link: Float32Array.from({ length: rows }, () => r()) };
}

describe('summariseFeatures / measureDrift', () => {
  it('summarises mean, std and deciles per column', () => {
    const d = summariseFeatures([{ device: new Float32Array([0, 1, 2, 1, 4, 1, 6, 1]), link: new Float32Array([1, 1]) }], names);
    expect(d.rows).toEqual({ device: 4, link: 2 });
    expect(d.device[0]).toMatchObject({ name: 'a', mean: 3, min: 0, max: 6 });
    expect(d.device[0]!.std).toBeCloseTo(Math.sqrt(5), 6);
    expect(d.device[1]).toMatchObject({ mean: 1, std: 0, binEdges: [1] });
    expect(d.device[0]!.quantiles[4]).toBeCloseTo(3, 6);
  });

  it('is stable on the training data and on a resample, significant when a feature moves', () => {
    const training = table(400, 1);
    const dist = summariseFeatures([training], names);
    const same = measureDrift(dist, training);
    expect(same.maxPsi).toBeCloseTo(0, 9);
    expect(same.status).toBe('stable');
    const resample = measureDrift(dist, table(400, 2));
    expect(resample.status).toBe('stable');
    const shifted = measureDrift(dist, table(400, 3, 0.5));
    expect(shifted.status).toBe('significant');
    expect(shifted.device[0]!.name).toBe('a');
    expect(shifted.device[0]!.meanShift).toBeGreaterThan(1.5);
    expect(shifted.link[0]!.psi).toBeLessThan(0.1);
  });

  it('reads PSI the conventional way', () => {
    expect([driftStatus(0.05), driftStatus(0.2), driftStatus(0.3)]).toEqual(['stable', 'moderate', 'significant']);
  });
});
