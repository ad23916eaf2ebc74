import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';
import { buildGraphTensors, type GraphTensors } from '../../../gnn/graph-tensors.js';
import { TopolensError } from '../../../src/errors.js';
import { HAND_GRAPH } from './small-graph.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return err instanceof TopolensError ? err.code : 'not a TopolensError';
  }
  return undefined;
};

describe('buildGraphTensors', () => {
  let g: GraphTensors | undefined;
  beforeAll(async () => {
    await initBackend({ prefer: ['cpu'] });
  });
  afterEach(() => g?.dispose());

  it('gives x, edgeAttr and index arrays their shapes', () => {
    g = buildGraphTensors(HAND_GRAPH);
    expect(g.x.shape).toEqual([4, 2]);
    expect(g.edgeAttr.shape).toEqual([3, 1]);
    expect([...g.source]).toEqual([0, 2, 1]);
    expect([...g.target]).toEqual([1, 1, 2]);
    expect([g.numNodeFeatures, g.numEdgeFeatures]).toEqual([2, 1]);
  });

  it('accepts flat Float32Array features with their width, and no edge features', () => {
    g = buildGraphTensors({ numNodes: 2, x: new Float32Array([1, 2, 3, 4, 5, 6]), numNodeFeatures: 3, source: [0], target: [1] });
    expect(g.x.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(g.edgeAttr.shape).toEqual([1, 0]);
  });

  it('groups edges by target and by source (CSR both ways); an isolated node has empty rows', () => {
    g = buildGraphTensors(HAND_GRAPH);
    // incoming: node 1 ← 0 (edge 0), 2 (edge 1); node 2 ← 1 (edge 2)
    expect([...g.incoming.rowptr]).toEqual([0, 0, 2, 3, 3]);
    expect([...g.incoming.col]).toEqual([0, 2, 1]);
    expect([...g.incoming.edge]).toEqual([0, 1, 2]);
    // outgoing: node 0 → 1 (edge 0); node 1 → 2 (edge 2); node 2 → 1 (edge 1)
    expect([...g.outgoing.rowptr]).toEqual([0, 1, 2, 3, 3]);
    expect([...g.outgoing.col]).toEqual([1, 2, 1]);
    expect([...g.outgoing.edge]).toEqual([0, 2, 1]);
  });

  it('rejects bad indices and features like PyG Data.validate, by code', () => {
    const base = HAND_GRAPH;
    expect(codeOf(() => buildGraphTensors({ ...base, source: [0, 2, 4] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, target: [1, -1, 2] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, target: [1, 1.5, 2] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, target: [1, 1] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, x: [[1, 0], [0, 1], [2, 2]] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, x: [[1, 0], [0, 1], [2], [5, 5]] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, x: [[1, 0], [0, NaN], [2, 2], [5, 5]] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, edgeAttr: [[1], [3]] }))).toBe('TOPO_BAD_INPUT');
    expect(codeOf(() => buildGraphTensors({ ...base, numNodes: -1 }))).toBe('TOPO_BAD_INPUT');
  });
});
