// The analysis snapshot of the stored topology, built once per topology version and shared by all requests.
import { buildSnapshot, type Snapshot } from '../graph/snapshot.js';
import type { TopologyStore } from '../store/topology-store.js';

export class SnapshotService {
  private cached: { version: string; snapshot: Snapshot } | null = null;
  private building: Promise<{ version: string; snapshot: Snapshot }> | null = null;

  constructor(
    private readonly store: TopologyStore,
    private readonly defaultCost: number,
  ) {}

  /** One cheap read per call tells whether an import changed the topology since the last build. */
  async current(): Promise<Snapshot> {
    return (await this.currentWithVersion()).snapshot;
  }

  /** The snapshot with the topology version it was built from (what a model or a scoring run records). */
  async currentWithVersion(): Promise<{ version: string; snapshot: Snapshot }> {
    const version = await this.store.topologyVersion();
    if (this.cached?.version === version) return this.cached;
    this.building ??= (async () => {
      const snapshot = buildSnapshot(await this.store.readAnalysisInput(), { defaultCost: this.defaultCost });
      return { version, snapshot };
    })().finally(() => {
      this.building = null;
    });
    this.cached = await this.building;
    return this.cached;
  }
}
