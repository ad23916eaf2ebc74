// Seeded generator of ISP-like topologies (core / aggregation / access tiers) for tests and benchmarks.
import type { Device, Link } from '../model/index.js';
import { linkId } from '../model/index.js';
import { createSeededRandom } from './seeded-random.js';

export interface IspTopologyOptions {
  /** Total number of devices (at least 12). */
  nodes: number;
  seed?: number;
  /** Share of access devices with a single uplink, which makes bridges and articulation points (default 0.2). */
  singleHomedShare?: number;
  network?: string;
}

export interface IspTopology {
  devices: Device[];
  links: Link[];
}


/**
 * Core (~2 %): a ring with random chords. Aggregation (~18 %): grouped into regions, each region
 * dual-homed to two cores and chained in a ring. Access (the rest): dual-homed to two aggregation
 * routers of one region, single-homed, or (10 %) chained behind another access device. Costs come
 * from a few typical values so that equal-cost paths (ECMP) are common, with about 5 % of links
 * asymmetric. Core links share conduit tags
 * (shared-risk groups) in pairs; each link's capacity follows its tier.
 */
export function generateIspTopology(options: IspTopologyOptions): IspTopology {
  const random = createSeededRandom(options.seed ?? 1);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const network = options.network ?? 'isp';
  const total = Math.max(12, Math.floor(options.nodes));
  const coreCount = Math.max(4, Math.round(total * 0.02));
  const aggCount = Math.max(4, Math.round(total * 0.18));
  const accessCount = total - coreCount - aggCount;
  const singleHomed = options.singleHomedShare ?? 0.2;

  const devices: Device[] = [];
  const addDevice = (role: string, i: number): string => {
    const hostname = `${role}${i}`;
    const id = `${network}/${hostname}`;
    devices.push({ id, hostname, network, role });
    return id;
  };
  const core = Array.from({ length: coreCount }, (_, i) => addDevice('core', i));
  const agg = Array.from({ length: aggCount }, (_, i) => addDevice('agg', i));
  const access = Array.from({ length: accessCount }, (_, i) => addDevice('acc', i));

  const links: Link[] = [];
  const seen = new Map<string, number>();
  const connect = (a: string, b: string, cost: number, capacityBps: number, tags: string[] = []) => {
    const base = linkId({ deviceId: a }, { deviceId: b });
    const ordinal = seen.get(base) ?? 0;
    seen.set(base, ordinal + 1);
    const asymmetric = random() < 0.05;
    links.push({
      id: linkId({ deviceId: a }, { deviceId: b }, ordinal),
      aDeviceId: a,
      bDeviceId: b,
      costAtoB: cost,
      costBtoA: asymmetric ? cost + pick([5, 10, 50]) : cost,
      capacityBps,
      tags,
    });
  };

  let conduit = 0;
  const coreTag = () => [`conduit-${Math.floor(conduit++ / 2)}`];
  for (let i = 0; i < coreCount; i++) connect(core[i]!, core[(i + 1) % coreCount]!, pick([10, 10, 20, 30]), 400e9, coreTag());
  for (let i = 0; i < coreCount; i++) {
    const j = Math.floor(random() * coreCount);
    if (j !== i && j !== (i + 1) % coreCount && i !== (j + 1) % coreCount) connect(core[i]!, core[j]!, pick([20, 30, 40]), 100e9, coreTag());
  }

  const regionCount = Math.max(1, Math.floor(coreCount / 2));
  const regions: string[][] = Array.from({ length: regionCount }, () => []);
  agg.forEach((a, i) => regions[i % regionCount]!.push(a));
  regions.forEach((members, r) => {
    const c1 = core[(2 * r) % coreCount]!;
    const c2 = core[(2 * r + 1) % coreCount]!;
    for (const a of members) {
      connect(a, c1, pick([100, 100, 150]), 100e9);
      connect(a, c2, pick([100, 100, 150]), 100e9);
    }
    if (members.length > 2) members.forEach((a, i) => { if (random() < 0.5) connect(a, members[(i + 1) % members.length]!, pick([50, 100]), 10e9); });
  });

  access.forEach((x, i) => {
    // Some access devices hang off another one (a ring-less daisy chain, as in metro access).
    if (i > 0 && random() < 0.1) {
      connect(x, access[Math.floor(random() * i)]!, pick([200, 500]), 1e9);
      return;
    }
    const region = regions[Math.floor(random() * regionCount)]!;
    const first = pick(region);
    connect(x, first, pick([1000, 1000, 500]), 10e9);
    if (random() >= singleHomed && region.length > 1) {
      let second = pick(region);
      while (second === first) second = pick(region);
      connect(x, second, pick([1000, 1000, 2000]), 10e9);
    }
  });
  return { devices, links };
}
