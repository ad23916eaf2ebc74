// DataLoaders that batch the per-device reads a GraphQL page triggers into one query each.
import DataLoader from 'dataloader';
import type { Device, Interface, Link } from '../model/index.js';
import type { TopologyStore } from '../store/topology-store.js';

export interface Loaders {
  deviceById: DataLoader<string, Device | null>;
  linkById: DataLoader<string, Link | null>;
  linksByDeviceId: DataLoader<string, Link[]>;
  interfacesByDeviceId: DataLoader<string, Interface[]>;
}

export function createLoaders(store: TopologyStore): Loaders {
  return {
    deviceById: new DataLoader((ids) => store.devicesByIds(ids)),
    linkById: new DataLoader((ids) => store.linksByIds(ids)),
    linksByDeviceId: new DataLoader((ids) => store.linksByDeviceIds(ids)),
    interfacesByDeviceId: new DataLoader((ids) => store.interfacesByDeviceIds(ids)),
  };
}
