// A lab plan from a GraphML topology: routers r1..rN, /31 links with seeded per-direction OSPF costs, addresses.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createSeededRandom } from '../../src/graph/seeded-random.js';

export interface LabRouter {
  /** r1..rN, in the GraphML's node order (numeric ids ascending, else as written). */
  name: string;
  /** N of rN: picks the addresses. */
  index: number;
  /** The GraphML node's id and label (a city, for Topology Zoo files). */
  nodeId: string;
  label: string;
  /** 192.0.2.N: loopback, OSPF and BGP router id, LLDP management address. */
  loopback: string;
  /** 198.19.N.0/24, originated into iBGP. */
  prefix: string;
}

export interface LabLink {
  a: string;
  b: string;
  /** Interface names `<self>-<peer>` (at most 15 characters). */
  ifa: string;
  ifb: string;
  /** The two ends of a /31 from 198.18.0.0/16. */
  ipa: string;
  ipb: string;
  /** OSPF cost a→b (a's interface cost) and b→a. */
  costAtoB: number;
  costBtoA: number;
}

export interface LabPlan {
  name: string;
  seed: number;
  routers: LabRouter[];
  links: LabLink[];
}


const attr = (tag: string, name: string): string | undefined => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

/** Reads nodes, their labels and edges from a Topology Zoo GraphML file (self-loops and duplicate edges dropped). */
function readGraphml(text: string): { nodes: Array<{ id: string; label: string }>; edges: Array<[string, string]> } {
  const labelKey = [...text.matchAll(/<key\b[^>]*>/g)].map((m) => m[0]).find((k) => attr(k, 'attr.name') === 'label' && attr(k, 'for') === 'node');
  const labelId = labelKey ? attr(labelKey, 'id') : undefined;
  const nodes: Array<{ id: string; label: string }> = [];
  for (const m of text.matchAll(/<node\b([^>]*?)(\/>|>([\s\S]*?)<\/node>)/g)) {
    const id = attr(m[1] ?? '', 'id');
    if (id === undefined) continue;
    const label = labelId ? new RegExp(`<data key="${labelId}">([^<]*)</data>`).exec(m[3] ?? '')?.[1] : undefined;
    nodes.push({ id, label: label ?? id });
  }
  const seen = new Set<string>();
  const edges: Array<[string, string]> = [];
  for (const m of text.matchAll(/<edge\b[^>]*>/g)) {
    const s = attr(m[0], 'source');
    const t = attr(m[0], 'target');
    if (s === undefined || t === undefined || s === t) continue;
    const key = [s, t].sort().join('\u0000');
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push([s, t]);
  }
  return { nodes, edges };
}

const COSTS = [10, 10, 20, 50, 100];
const OTHER_WAY = [10, 30, 70];

/**
 * Plans a lab: nodes become r1..rN in numeric id order; links are numbered by (a, b) and get the
 * k-th /31 of 198.18.0.0/16; costs are drawn from a seeded PRNG, about one link in four with a
 * different cost in the other direction.
 */
export function planLab(graphmlPath: string, seed = 7): LabPlan {
  const { nodes, edges } = readGraphml(readFileSync(graphmlPath, 'utf8'));
  if (nodes.length === 0 || nodes.length > 250) throw new Error(`${graphmlPath}: ${nodes.length} nodes; a lab takes 1..250`);
  const numeric = nodes.every((n) => /^\d+$/.test(n.id));
  const ordered = numeric ? [...nodes].sort((x, y) => Number(x.id) - Number(y.id)) : nodes;
  const routers: LabRouter[] = ordered.map((n, i) => ({
    name: `r${i + 1}`,
    index: i + 1,
    nodeId: n.id,
    label: n.label,
    loopback: `192.0.2.${i + 1}`,
    prefix: `198.19.${i + 1}.0/24`,
  }));
  const byNode = new Map(routers.map((r) => [r.nodeId, r]));
  const pairs = edges
    .map(([s, t]) => [byNode.get(s)!, byNode.get(t)!].sort((x, y) => x.index - y.index) as [LabRouter, LabRouter])
    .sort((p, q) => p[0].index - q[0].index || p[1].index - q[1].index);
  const random = createSeededRandom(seed);
  const pick = (xs: number[]) => xs[Math.floor(random() * xs.length)]!;
  const ip = (n: number) => `198.18.${n >> 8}.${n & 255}`;
  const links: LabLink[] = pairs.map(([a, b], k) => {
    const costAtoB = pick(COSTS);
    const asymmetric = random() < 0.25;
    const other = pick(OTHER_WAY);
    return {
      a: a.name,
      b: b.name,
      ifa: `${a.name}-${b.name}`,
      ifb: `${b.name}-${a.name}`,
      ipa: ip(2 * k),
      ipb: ip(2 * k + 1),
      costAtoB,
      costBtoA: asymmetric && other !== costAtoB ? other : costAtoB,
    };
  });
  return { name: basename(graphmlPath).replace(/\.graphml$/i, ''), seed, routers, links };
}

/** The link between two routers, in either order. */
export function findLink(plan: LabPlan, x: string, y: string): LabLink {
  const link = plan.links.find((l) => (l.a === x && l.b === y) || (l.a === y && l.b === x));
  if (!link) throw new Error(`no link ${x}-${y} in the ${plan.name} lab`);
  return link;
}
