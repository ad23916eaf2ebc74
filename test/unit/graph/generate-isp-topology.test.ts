import graphologyComponents from 'graphology-components';
import { describe, expect, it } from 'vitest';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { buildSnapshot } from '../../../src/graph/snapshot.js';

describe('generateIspTopology', () => {
  it('is reproducible from its seed, sized as asked, connected, with tiers and shared-risk tags', () => {
    const a = generateIspTopology({ nodes: 500, seed: 42 });
    expect(generateIspTopology({ nodes: 500, seed: 42 })).toEqual(a);
    expect(generateIspTopology({ nodes: 500, seed: 43 })).not.toEqual(a);
    expect(a.devices).toHaveLength(500);
    const snap = buildSnapshot(a);
    expect(graphologyComponents.countConnectedComponents(snap.graph)).toBe(1);
    expect(new Set(a.devices.map((d) => d.role))).toEqual(new Set(['core', 'agg', 'acc']));
    expect(a.links.some((l) => (l.tags ?? []).length > 0)).toBe(true);
    expect(a.links.some((l) => l.costAtoB !== l.costBtoA)).toBe(true);
  });
});
