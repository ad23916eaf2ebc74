// Least-cost paths over a cached graph of the stored topology, rebuilt when an import changes it.
import { buildPathGraph, findLeastCostPath, type LeastCostPath } from '../graph/least-cost-path.js';
import type { TopologyStore } from '../store/topology-store.js';

type PathGraph = ReturnType<typeof buildPathGraph>;

export class PathService {
  private cached: { version: string; graph: PathGraph } | null = null;
  private building: Promise<{ version: string; graph: PathGraph }> | null = null;

  constructor(
    private readonly store: TopologyStore,
    private readonly defaultCost: number,
  ) {}

  async leastCostPath(fromId: string, toId: string): Promise<LeastCostPath | null> {
    const graph = await this.graph();
    if (!graph.hasNode(fromId) || !graph.hasNode(toId)) return null;
    return findLeastCostPath(graph, fromId, toId);
  }

  /** One cheap read per call tells whether the topology changed since the graph was built. */
  private async graph(): Promise<PathGraph> {
    const version = await this.store.topologyVersion();
    if (this.cached?.version === version) return this.cached.graph;
    this.building ??= (async () => {
      const input = await this.store.readSnapshotInput();
      return { version, graph: buildPathGraph(input, this.defaultCost) };
    })().finally(() => {
      this.building = null;
    });
    this.cached = await this.building;
    return this.cached.graph;
  }
}
