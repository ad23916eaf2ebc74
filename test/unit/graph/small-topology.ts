// Test helper: tiny hand-drawn topologies, written as "a-b" links with optional per-direction costs and tags.
import type { Device, Link } from '../../../src/model/index.js';

export interface EdgeSpec {
  /** "a-b" */
  ends: string;
  /** Cost a→b (and b→a unless `back` is given); default cost when absent. */
  cost?: number;
  back?: number;
  tags?: string[];
}

/** Devices are named by their id (= hostname); link ids are "a-b". */
export function makeTopology(edges: (string | EdgeSpec)[]): { devices: Device[]; links: Link[] } {
  const names = new Set<string>();
  const links: Link[] = edges.map((e) => {
    const spec = typeof e === 'string' ? { ends: e } : e;
    const [a, b] = spec.ends.split('-') as [string, string];
    names.add(a);
    names.add(b);
    return {
      id: spec.ends,
      aDeviceId: a,
      bDeviceId: b,
      costAtoB: spec.cost ?? null,
      costBtoA: spec.back ?? spec.cost ?? null,
      tags: spec.tags ?? [],
    };
  });
  const devices: Device[] = [...names].sort().map((id) => ({ id, hostname: id }));
  return { devices, links };
}
