// What resolvers may use: small interfaces over the store and the analysis, plus per-request loaders.
import type { Device, Interface, Link } from '../model/index.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { ImportFileResult, ImportOptions } from '../imports/import-files.js';
import type { SnapshotService } from '../analysis/snapshot-service.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface ApiServices {
  store: TopologyStore;
  snapshots: SnapshotService;
  /** Parses and writes a small in-memory payload (the importData mutation). */
  importContent(name: string, content: string, opts: ImportOptions): Promise<ImportFileResult[]>;
}

export interface ApiContext extends ApiServices {
  loaders: Loaders;
}

/** A fresh DataLoader set per request: batching within it, no cache shared between callers. */
export function createContext(services: ApiServices): ApiContext {
  return { ...services, loaders: createLoaders(services.store) };
}

export type { Device, Interface, Link };
