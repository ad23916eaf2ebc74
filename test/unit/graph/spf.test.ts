import { dijkstra } from 'graphology-shortest-path';
import { describe, expect, it } from 'vitest';
import { generateIspTopology } from '../../../src/graph/generate-isp-topology.js';
import { buildSnapshot } from '../../../src/graph/snapshot.js';
import { computeShortestPaths, computeShortestPathsFrom, listPredecessorArcs, tracePath } from '../../../src/graph/spf.js';
import { makeTopology } from './small-topology.js';

describe('SPF', () => {
  it('keeps both equal-cost predecessors in an ECMP diamond', () => {
    const snap = buildSnapshot(makeTopology(['s-a', 's-b', 'a-t', 'b-t']), { defaultCost: 1 });
    const entries = computeShortestPathsFrom(snap, 's');
    const t = entries.find((e) => e.deviceId === 't')!;
    expect(t.cost).toBe(2);
    expect(t.predecessors.sort()).toEqual(['a', 'b']);
    expect(entries[0]).toEqual({ deviceId: 's', cost: 0, predecessors: [] });
  });

  it('follows per-direction costs', () => {
    const snap = buildSnapshot(makeTopology([{ ends: 'a-b', cost: 1, back: 5 }, { ends: 'a-c', cost: 2 }, { ends: 'c-b', cost: 2 }]));
    const g = snap.compact;
    const [a, b] = [snap.deviceIndex.get('a')!, snap.deviceIndex.get('b')!];
    expect(computeShortestPaths(g, a).dist[b]).toBe(1);
    const fromB = computeShortestPaths(g, b);
    expect(fromB.dist[a]).toBe(4);
    expect(tracePath(g, fromB, a)!.map((v) => snap.devices[v]!.id)).toEqual(['b', 'c', 'a']);
    // Reversed SPF gives costs towards the source: the same numbers read the other way.
    expect(computeShortestPaths(g, a, { reverse: true }).dist[b]).toBe(4);
  });

  it('agrees with graphology-shortest-path (Brandes predecessor sets) on a generated topology', () => {
    const snap = buildSnapshot(generateIspTopology({ nodes: 150, seed: 3 }));
    const g = snap.compact;
    for (const source of [0, 7, 60, 149]) {
      const tree = computeShortestPaths(g, source);
      const [, preds] = dijkstra.brandes(snap.graph, snap.devices[source]!.id, 'cost');
      for (const d of snap.devices) {
        const ours = [...new Set(listPredecessorArcs(g, tree, d.index).map((a) => snap.devices[g.arcTail[a]!]!.id))].sort();
        expect(ours, `${d.id} from ${source}`).toEqual([...new Set(preds[d.id] ?? [])].sort());
      }
      const paths = dijkstra.singleSource(snap.graph, snap.devices[source]!.id, 'cost');
      for (const [target, path] of Object.entries(paths)) {
        let cost = 0;
        for (let i = 1; i < path.length; i++) cost += Math.min(...snap.graph.outEdges(path[i - 1], path[i]).map((e) => snap.graph.getEdgeAttribute(e, 'cost')));
        expect(tree.dist[snap.deviceIndex.get(target)!]).toBe(cost);
      }
    }
  });
});
