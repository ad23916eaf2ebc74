import { describe, expect, it } from 'vitest';
import { SeenKeys, SeenPairs } from '../../../src/imports/bgp-batch.js';

describe('batch caches', () => {
  it('SeenPairs tells pairs apart by order and forgets everything when full', () => {
    const pairs = new SeenPairs(3);
    expect(pairs.add(1, 2)).toBe(true);
    expect(pairs.add(1, 2)).toBe(false);
    expect(pairs.has(1, 2)).toBe(true);
    expect(pairs.has(2, 1)).toBe(false);
    expect(pairs.add(2, 1)).toBe(true);
    expect(pairs.add(1, 3)).toBe(true);
    // Full at 3: the next add starts over, so a repeat MERGE may follow (harmless), never a missed write.
    expect(pairs.add(4, 5)).toBe(true);
    expect(pairs.has(1, 2)).toBe(false);
    expect(pairs.has(4, 5)).toBe(true);
  });

  it('SeenKeys forgets everything when full', () => {
    const keys = new SeenKeys(2);
    keys.addAll(['a', 'b']);
    expect(keys.has('a') && keys.has('b')).toBe(true);
    keys.addAll(['c']);
    expect(keys.has('a')).toBe(false);
    expect(keys.has('c')).toBe(true);
  });
});
