import { describe, expect, it } from 'vitest';
import { measureRelativeIncrease, scoreImpact } from '../../../src/graph/impact-score.js';

describe('impact score', () => {
  it('caps a pair at 1 (a lost pair) and ignores improvements', () => {
    expect(measureRelativeIncrease(10, 15)).toBe(0.5);
    expect(measureRelativeIncrease(10, 40)).toBe(1);
    expect(measureRelativeIncrease(10, 5)).toBe(0);
  });

  it('normalises lost pairs plus relative increase by N(N-1)', () => {
    expect(scoreImpact({ devices: 5, lostPairs: 4, relativeIncrease: 2 })).toBe(6 / 20);
    expect(scoreImpact({ devices: 1, lostPairs: 0, relativeIncrease: 0 })).toBe(0);
  });
});
