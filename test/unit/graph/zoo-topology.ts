// Test helper: reads a Topology Zoo GraphML file with the project's importer, optionally with geographic link costs.
import { readFileSync } from 'node:fs';
import { parseGraphml } from '../../../import/topology/graphml.js';
import type { Device, Link } from '../../../src/model/index.js';

export const zooDir = '../shared/data/topologies/zoo';

export interface ZooTopology {
  devices: Device[];
  links: Link[];
}

/** Kilometres between two devices, or null when either has no coordinates. */
function distanceKm(a: Device, b: Device): number | null {
  if (a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/**
 * Loads `<name>.graphml`. With `geoCosts`, each link costs 1 + its length in whole km (a common
 * latency-based OSPF metric), so ECMP is rare; without, every link takes the snapshot's default cost.
 */
export function readZooTopology(name: string, options: { geoCosts?: boolean } = {}): ZooTopology {
  const file = `${zooDir}/${name}.graphml`;
  const { devices, links } = parseGraphml(readFileSync(file, 'utf8'), { file, observedAt: '2011-01-01T00:00:00Z' });
  if (!options.geoCosts) return { devices, links };
  const byId = new Map(devices.map((d) => [d.id, d]));
  return {
    devices,
    links: links.map((l) => {
      const km = distanceKm(byId.get(l.aDeviceId)!, byId.get(l.bDeviceId)!);
      const cost = km === null ? 100 : 1 + Math.round(km);
      return { ...l, costAtoB: cost, costBtoA: cost };
    }),
  };
}
