import { describe, expect, it } from 'vitest';
import { injectCliques, injectContextual, type AnomalyTopology } from '../../../src/graph/inject-anomalies.js';
import type { Link } from '../../../src/model/index.js';

/** A ring of n devices, link i joining i and i+1, each costing 10 + i % 3. */
function ring(n: number): AnomalyTopology {
  const devices = Array.from({ length: n }, (_, i) => ({ id: `d${i}`, hostname: `d${i}` }));
  const links: Link[] = devices.map((d, i) => ({ id: `l${i}`, aDeviceId: d.id, bDeviceId: devices[(i + 1) % n]!.id, costAtoB: 10 + (i % 3), costBtoA: 10 + (i % 3) }));
  return { devices, links };
}

const ringHops = (n: number, a: number, b: number) => Math.min(Math.abs(a - b), n - Math.abs(a - b));

describe('injectCliques', () => {
  it('links every pair of each clique, members mutually at least minHops apart, the original links kept in order', () => {
    const t = ring(40);
    const r = injectCliques(t, { cliques: 2, cliqueSize: 4, minHops: 4, seed: 3 });
    expect(r.structuralDevices).toHaveLength(8);
    expect(new Set(r.structuralDevices).size).toBe(8);
    for (const clique of [r.structuralDevices.slice(0, 4), r.structuralDevices.slice(4)]) {
      for (const a of clique) for (const b of clique) if (a !== b) expect(ringHops(40, a, b)).toBeGreaterThanOrEqual(4);
    }
    expect(r.spuriousLinkIds).toHaveLength(12);
    expect(r.topology.links.slice(0, 40)).toEqual(t.links);
    const added = r.topology.links.slice(40);
    expect(added.map((l) => l.id)).toEqual(r.spuriousLinkIds);
    // The median of the ring's costs (10, 11, 12 repeating).
    for (const l of added) expect(l.costAtoB).toBe(11);
    expect(t.links).toHaveLength(40);
  });

  it('is reproducible by seed and differs across seeds', () => {
    const t = ring(60);
    const a = injectCliques(t, { cliques: 3, cliqueSize: 3, seed: 1 });
    expect(injectCliques(t, { cliques: 3, cliqueSize: 3, seed: 1 })).toEqual(a);
    expect(injectCliques(t, { cliques: 3, cliqueSize: 3, seed: 2 }).structuralDevices).not.toEqual(a.structuralDevices);
  });

  it('relaxes the hop distance on a graph too small for it, and refuses more members than devices', () => {
    const r = injectCliques(ring(8), { cliques: 1, cliqueSize: 4, minHops: 4, seed: 0 });
    expect(r.spuriousLinkIds.length).toBeGreaterThan(0);
    expect(() => injectCliques(ring(8), { cliques: 3, cliqueSize: 3 })).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
  });
});

describe('injectContextual', () => {
  // Row v = [v, v²]: the farthest candidate is always at an end of the range.
  const n = 30;
  const x = Float32Array.from({ length: n * 2 }, (_, p) => (p % 2 === 0 ? Math.floor(p / 2) : Math.floor(p / 2) ** 2));

  it('gives each picked device another device\'s whole row, leaves the others and the input alone', () => {
    const before = x.slice();
    const r = injectContextual(x, 2, { count: 5, exclude: [0, 1, 2], seed: 4 });
    expect(x).toEqual(before);
    expect(r.contextualDevices).toHaveLength(5);
    for (const v of r.contextualDevices) {
      expect([0, 1, 2]).not.toContain(v);
      const row = [r.x[2 * v]!, r.x[2 * v + 1]!];
      expect(row[0]).not.toBe(v);
      expect(row[1]).toBe(row[0]! ** 2);
    }
    const changed = new Set(r.contextualDevices);
    for (let v = 0; v < n; v++) if (!changed.has(v)) expect([r.x[2 * v], r.x[2 * v + 1]]).toEqual([before[2 * v], before[2 * v + 1]]);
  });

  it('takes the farthest row among all devices when the candidates cover them', () => {
    const r = injectContextual(x, 2, { count: 3, candidates: n, seed: 9 });
    for (const v of r.contextualDevices) {
      // Standardised distance grows with |v − u| here, and v² makes the high end farther: row 29 or row 0.
      expect([0, 29]).toContain(r.x[2 * v]);
    }
  });

  it('refuses rows that do not fit the width and more devices than are eligible', () => {
    expect(() => injectContextual(new Float32Array(5), 2)).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
    expect(() => injectContextual(x, 2, { count: 29, exclude: [1, 2] })).toThrow(expect.objectContaining({ code: 'TOPO_BAD_INPUT' }));
  });
});
