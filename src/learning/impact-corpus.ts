// Training material for the failure-impact model: exact N-1 labels for a topology, and seeded perturbed copies of it.
import type { ImpactSample } from '../../gnn/train-impact.js';
import type { Device, Link } from '../model/index.js';
import { rankFailures } from '../graph/n-minus-1.js';
import { createSeededRandom } from '../graph/seeded-random.js';
import { buildImpactPrior, buildImpactTargets, extractSnapshotFeatures, type SnapshotFeatures } from '../graph/snapshot-features.js';
import { buildSnapshot, type Snapshot } from '../graph/snapshot.js';

/** Devices and links, as importers produce them. */
export interface Topology {
  devices: Device[];
  links: Link[];
}

/** One topology with its features, a training sample and the exact N-1 impact of every device and link (snapshot indices). */
export interface LabelledTopology {
  name: string;
  snapshot: Snapshot;
  features: SnapshotFeatures;
  sample: ImpactSample;
  exact: { device: Float64Array; link: Float64Array };
}

/** A perturbed copy: a share of links removed, every cost jittered by up to ±30 %, roles forgotten. */
export function perturbTopology(t: Topology, seed: number, removeShare: number): Topology {
  const r = createSeededRandom(seed);
  const jitter = (c: number | null | undefined) => (c == null ? c : Math.max(1, Math.round(c * (0.7 + 0.6 * r()))));
  return {
    devices: t.devices.map((d) => ({ ...d, role: null })),
    links: t.links.filter(() => r() >= removeShare).map((l) => ({ ...l, costAtoB: jitter(l.costAtoB ?? 10), costBtoA: jitter(l.costBtoA ?? 10) })),
  };
}

/** Runs the exact N-1 ranking on a topology and turns it into a training sample. */
export function labelTopology(name: string, t: Topology, featureSeed: number): LabelledTopology {
  return labelSnapshot(name, buildSnapshot(t), featureSeed);
}

/** The devices and links of a snapshot as a topology (the costs it resolved, OSPF included), for perturbed copies. */
export function snapshotTopology(snapshot: Snapshot): Topology {
  return {
    devices: snapshot.devices.map((d) => d.device),
    links: snapshot.links.map((l) => ({ id: l.id, aDeviceId: l.aDeviceId, bDeviceId: l.bDeviceId, costAtoB: l.costAtoB, costBtoA: l.costBtoA, capacityBps: l.capacityBps, tags: l.tags })),
  };
}

/** labelTopology for a snapshot already built (the stored topology, with its OSPF costs). */
export function labelSnapshot(name: string, snapshot: Snapshot, featureSeed: number): LabelledTopology {
  const features = extractSnapshotFeatures(snapshot, { seed: featureSeed });
  const ranking = rankFailures(snapshot);
  const targets = buildImpactTargets(snapshot, ranking);
  const exact = { device: new Float64Array(snapshot.devices.length), link: new Float64Array(snapshot.links.length) };
  for (const r of ranking.ranking) {
    if (r.kind === 'device') exact.device[snapshot.deviceIndex.get(r.id)!] = r.impact;
    else exact.link[snapshot.linkIndex.get(r.id)!] = r.impact;
  }
  return {
    name, snapshot, features, exact,
    sample: { arrays: features.arrays, linkEnds: features.linkEnds, linkAttr: features.linkAttr, prior: buildImpactPrior(features), deviceTarget: targets.device, linkTarget: targets.link },
  };
}
