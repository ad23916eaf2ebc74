// BOND-style anomaly injection (seeded): spurious cliques between distant devices, and devices given a distant device's attributes.
import { TopolensError } from '../errors.js';
import { linkId, type Device, type Link } from '../model/index.js';
import { createSeededRandom } from './seeded-random.js';

/** Devices and links, as importers produce them. */
export interface AnomalyTopology {
  devices: Device[];
  links: Link[];
}

/** Options of injectCliques (defaults: the reference protocol of ../shared/anchors/pyg/exp3_anomaly.py). */
export interface CliqueInjectionOptions {
  /** Number of cliques; default 5. */
  cliques?: number;
  /** Devices per clique; default 6. */
  cliqueSize?: number;
  /** Least hop distance between any two members on the clean graph; relaxed (down to 2) when the graph is too small. Default 4. */
  minHops?: number;
  seed?: number;
}

/** What injectCliques added. */
export interface CliqueInjection {
  /** The topology with the spurious links appended (the original links keep their order). */
  topology: AnomalyTopology;
  /** Indices (in `devices`) of the clique members. */
  structuralDevices: Int32Array;
  /** Ids of the added links. */
  spuriousLinkIds: string[];
}

/** Hop counts from `from` over the undirected adjacency (Infinity where unreachable). */
function hopsFrom(from: number, adjacency: number[][]): Float64Array {
  const hops = new Float64Array(adjacency.length).fill(Infinity);
  hops[from] = 0;
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const w of adjacency[v]!) {
      if (hops[w] === Infinity) {
        hops[w] = hops[v]! + 1;
        queue.push(w);
      }
    }
  }
  return hops;
}

/** Seeded Fisher–Yates copy. */
function shuffled(values: number[], random: () => number): number[] {
  const out = [...values];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const medianOf = (values: number[], fallback: number): number => {
  if (values.length === 0) return fallback;
  const s = [...values].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Structural anomalies: cliques of devices that were mutually ≥ minHops apart, every missing pair linked
 * (cost: the median link cost, as the reference protocol does). Greedy pick over a seeded shuffle of the
 * devices not yet used, up to 200 tries per clique, lowering minHops when no clique fits.
 */
export function injectCliques(topology: AnomalyTopology, options: CliqueInjectionOptions = {}): CliqueInjection {
  const count = options.cliques ?? 5;
  const size = options.cliqueSize ?? 6;
  let minHops = options.minHops ?? 4;
  const n = topology.devices.length;
  if (count * size > n) throw new TopolensError('TOPO_BAD_INPUT', `injectCliques: ${count} cliques of ${size} need more than ${n} devices`);
  const random = createSeededRandom(options.seed ?? 0);
  const index = new Map(topology.devices.map((d, i) => [d.id, i]));
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  const linked = new Set<string>();
  const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const costs: number[] = [];
  for (const l of topology.links) {
    const a = index.get(l.aDeviceId);
    const b = index.get(l.bDeviceId);
    if (a === undefined || b === undefined) throw new TopolensError('TOPO_BAD_INPUT', `injectCliques: link ${l.id} names an unknown device`);
    adjacency[a]!.push(b);
    adjacency[b]!.push(a);
    linked.add(pairKey(a, b));
    for (const c of [l.costAtoB, l.costBtoA]) if (c != null) costs.push(c);
  }
  const cost = medianOf(costs, 10);
  // Hop rows on the clean graph, computed for the devices that are actually tried.
  const hopRows = new Map<number, Float64Array>();
  const hops = (v: number) => {
    let row = hopRows.get(v);
    if (row === undefined) hopRows.set(v, (row = hopsFrom(v, adjacency)));
    return row;
  };

  const free = new Uint8Array(n).fill(1);
  const members: number[] = [];
  const links: Link[] = [...topology.links];
  const spuriousLinkIds: string[] = [];
  for (let k = 0; k < count; k++) {
    let chosen: number[] = [];
    for (let attempt = 0; attempt < 200; attempt++) {
      chosen = [];
      const candidates = shuffled(Array.from({ length: n }, (_, i) => i).filter((i) => free[i]), random);
      for (const c of candidates) {
        if (chosen.every((o) => hops(c)[o]! >= minHops)) chosen.push(c);
        if (chosen.length === size) break;
      }
      if (chosen.length === size) break;
      minHops = Math.max(2, minHops - 1);
    }
    if (chosen.length < size) throw new TopolensError('TOPO_BAD_INPUT', `injectCliques: no ${size} devices ${minHops} hops apart are left`);
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        const a = chosen[i]!;
        const b = chosen[j]!;
        if (linked.has(pairKey(a, b))) continue;
        linked.add(pairKey(a, b));
        const aDeviceId = topology.devices[a]!.id;
        const bDeviceId = topology.devices[b]!.id;
        const id = `${linkId({ deviceId: aDeviceId }, { deviceId: bDeviceId })}#spurious`;
        links.push({ id, aDeviceId, bDeviceId, costAtoB: cost, costBtoA: cost });
        spuriousLinkIds.push(id);
      }
    }
    for (const c of chosen) free[c] = 0;
    members.push(...chosen);
  }
  return { topology: { devices: topology.devices, links }, structuralDevices: Int32Array.from(members), spuriousLinkIds };
}

/** Options of injectContextual. */
export interface ContextualInjectionOptions {
  /** Devices whose attributes are replaced; default 30. */
  count?: number;
  /** Random candidates among which the farthest (in standardised attribute space) is copied; default 50. */
  candidates?: number;
  /** Devices that must not be picked (e.g. clique members, already anomalous). */
  exclude?: ArrayLike<number>;
  seed?: number;
}

/**
 * Contextual anomalies (BOND): `count` devices each take the attribute row of the device, among
 * `candidates` random ones, farthest from their own in standardised attribute space.
 * @param x row-major attributes [numNodes, width]; not modified
 * @returns the new rows and the indices of the changed devices
 */
export function injectContextual(x: Float32Array, width: number, options: ContextualInjectionOptions = {}): { x: Float32Array; contextualDevices: Int32Array } {
  const n = width === 0 ? 0 : x.length / width;
  if (!Number.isInteger(n)) throw new TopolensError('TOPO_BAD_INPUT', `injectContextual: ${x.length} values are not rows of ${width}`);
  const count = options.count ?? 30;
  const random = createSeededRandom(options.seed ?? 0);
  const excluded = new Set(Array.from(options.exclude ?? []));
  const pool = Array.from({ length: n }, (_, i) => i).filter((i) => !excluded.has(i));
  if (count > pool.length) throw new TopolensError('TOPO_BAD_INPUT', `injectContextual: ${count} devices asked, ${pool.length} eligible`);
  // Per-column mean and standard deviation, so no attribute dominates the distance by its unit.
  const mean = new Float64Array(width);
  const std = new Float64Array(width);
  for (let v = 0; v < n; v++) for (let f = 0; f < width; f++) mean[f]! += x[v * width + f]! / n;
  for (let v = 0; v < n; v++) for (let f = 0; f < width; f++) std[f]! += (x[v * width + f]! - mean[f]!) ** 2 / n;
  for (let f = 0; f < width; f++) std[f] = Math.sqrt(std[f]!) + 1e-9;
  const distance = (u: number, v: number) => {
    let s = 0;
    for (let f = 0; f < width; f++) s += ((x[u * width + f]! - x[v * width + f]!) / std[f]!) ** 2;
    return s;
  };
  const picked = shuffled(pool, random).slice(0, count);
  const out = x.slice();
  const all = Array.from({ length: n }, (_, i) => i);
  for (const v of picked) {
    const candidates = shuffled(all, random).slice(0, Math.min(options.candidates ?? 50, n));
    let far = candidates[0]!;
    let farDistance = distance(far, v);
    for (const c of candidates) {
      const d = distance(c, v);
      if (d > farDistance) { far = c; farDistance = d; }
    }
    out.set(x.subarray(far * width, (far + 1) * width), v * width);
  }
  return { x: out, contextualDevices: Int32Array.from(picked) };
}
