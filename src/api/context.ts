// What resolvers may use: small interfaces over the store and the analysis, plus per-request loaders.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Device, Interface, Link } from '../model/index.js';
import type { TopologyStore } from '../store/topology-store.js';
import type { ImportFileResult, ImportOptions } from '../imports/import-files.js';
import type { SnapshotService } from '../analysis/snapshot-service.js';
import type { ModelStore } from '../store/model-store.js';
import type { BgpStore } from '../store/bgp-store.js';
import type { TrainModelsOptions, TrainSummary } from '../learning/train-models.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Learned risk: stored models and scores, and training (the admin-only `train` mutation). */
export interface LearningServices {
  models: ModelStore;
  train(options: Pick<TrainModelsOptions, 'seed' | 'epochs'>): Promise<TrainSummary>;
}

/** What the HTTP layer hands over from a request. */
export interface RequestInfo {
  /** The Authorization header, if any. */
  authorization?: string | undefined;
}

export interface ApiServices {
  store: TopologyStore;
  snapshots: SnapshotService;
  /** Parses and writes a small in-memory payload (the importData mutation). */
  importContent(name: string, content: string, opts: ImportOptions): Promise<ImportFileResult[]>;
  learning?: LearningServices;
  /** BGP instability reports over the stored event windows. */
  bgp?: Pick<BgpStore, 'instabilityReport'>;
  /** TOPOLENS_ADMIN_TOKEN: admin operations need `Authorization: Bearer <it>`; unset means none are allowed. */
  adminToken?: string | undefined;
}

export interface ApiContext extends ApiServices {
  loaders: Loaders;
  /** True when the request carried the admin bearer token. */
  isAdmin: boolean;
}

/** Compares digests so the check takes the same time whatever the token's length or content. */
function isAdminRequest(adminToken: string | undefined, authorization: string | undefined): boolean {
  if (!adminToken || !authorization) return false;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(match[1]!), digest(adminToken));
}

/** A fresh DataLoader set per request: batching within it, no cache shared between callers. */
export function createContext(services: ApiServices, request: RequestInfo = {}): ApiContext {
  return { ...services, loaders: createLoaders(services.store), isAdmin: isAdminRequest(services.adminToken, request.authorization) };
}

export type { Device, Interface, Link };
