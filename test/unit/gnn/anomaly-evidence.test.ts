import { describe, expect, it } from 'vitest';
import { columnMoments, countDegrees, countSharedNeighbours, neighbourDeviation, neighbourSets, percentileRanks, rocAuc } from '../../../gnn/anomaly-evidence.js';

// A 4-clique 0-1-2-3 with a tail 3-4-5, and 6 isolated.
const ends = { a: Int32Array.from([0, 0, 0, 1, 1, 2, 3, 4]), b: Int32Array.from([1, 2, 3, 2, 3, 3, 4, 5]) };

describe('anomaly evidence', () => {
  it('counts degrees and the neighbours each link\'s ends share', () => {
    expect(Array.from(countDegrees(7, ends))).toEqual([3, 3, 3, 4, 2, 1, 0]);
    const nb = neighbourSets(7, ends);
    expect(Array.from(nb[3]!)).toEqual([0, 1, 2, 4]);
    expect(Array.from(countSharedNeighbours(nb, ends))).toEqual([2, 2, 2, 2, 2, 2, 0, 0]);
  });

  it('measures how far a row is from its neighbours\' mean, in standardised columns', () => {
    const x = Float32Array.from([1, 1, 1, 1, 1, 1, 1]);
    const nb = neighbourSets(7, ends);
    // One column, all equal: every deviation is 0 (the isolated device compares with the mean, also 0).
    for (const d of neighbourDeviation(x, 1, nb, columnMoments(x, 1))) expect(d).toBeCloseTo(0, 6);
    const y = Float32Array.from([0, 0, 0, 0, 0, 6, 0]);
    const d = neighbourDeviation(y, 1, nb, columnMoments(y, 1));
    // Device 5 differs from its only neighbour by 6 / std; device 4 by half of that (its neighbours are 3 and 5).
    const std = columnMoments(y, 1).std[0]!;
    expect(d[5]).toBeCloseTo(6 / std, 6);
    expect(d[4]).toBeCloseTo(3 / std, 6);
    expect(d[0]).toBe(0);
  });

  it('ranks with ties sharing their mean rank, and computes ROC-AUC with ties as half', () => {
    expect(Array.from(percentileRanks([10, 30, 20, 20]))).toEqual([0, 1, 0.5, 0.5]);
    expect(rocAuc([0.1, 0.2, 0.9, 0.8], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.1, 0.2], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([1, 2], [0, 0])).toBeNaN();
  });
});
