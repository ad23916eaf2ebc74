// The feature distribution a model was trained on, and how far a scored network's features have drifted from it (PSI).

/** Training-time summary of one feature column. */
export interface FeatureSummary {
  name: string;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Deciles q10 … q90. */
  quantiles: number[];
  /** Share of training rows in each bin between distinct decile edges (what PSI compares against). */
  binShares: number[];
  /** The distinct decile edges those bins are cut at. */
  binEdges: number[];
}

/** Node and link feature summaries stored with a model. */
export interface FeatureDistribution {
  rows: { device: number; link: number };
  device: FeatureSummary[];
  link: FeatureSummary[];
}

/** Drift of one feature on a scored network. */
export interface FeatureDrift {
  name: string;
  /** Population stability index over the training bins. */
  psi: number;
  /** |mean now − mean at training| / std at training (std floored at 1e-6). */
  meanShift: number;
}

/** Conventional PSI reading: < 0.1 stable, < 0.25 moderate shift, else significant. */
export type DriftStatus = 'stable' | 'moderate' | 'significant';

export interface DriftReport {
  status: DriftStatus;
  maxPsi: number;
  /** Features ordered by PSI, largest first. */
  device: FeatureDrift[];
  link: FeatureDrift[];
}

const EPS = 1e-4;

function column(rows: Float32Array, width: number, k: number): Float64Array {
  const n = width === 0 ? 0 : rows.length / width;
  return Float64Array.from({ length: n }, (_, i) => rows[i * width + k]!);
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Bin index of v: bins are (−∞, e₀], (e₀, e₁], …, (e_last, ∞). */
function binOf(edges: readonly number[], v: number): number {
  let b = 0;
  while (b < edges.length && v > edges[b]!) b++;
  return b;
}

function shares(values: Float64Array, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const v of values) counts[binOf(edges, v)]!++;
  return counts.map((c) => c / Math.max(1, values.length));
}

function summarise(name: string, values: Float64Array): FeatureSummary {
  const sorted = Float64Array.from(values).sort();
  const n = Math.max(1, values.length);
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / n);
  const quantiles = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => quantile(sorted, q));
  const binEdges = [...new Set(quantiles)];
  return { name, mean, std, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, quantiles, binShares: shares(values, binEdges), binEdges };
}

/** Summaries of every column of row-major feature tables, pooled over the given graphs. */
export function summariseFeatures(
  tables: readonly { device: Float32Array; link: Float32Array }[],
  names: { device: readonly string[]; link: readonly string[] },
): FeatureDistribution {
  const pool = (pick: (t: { device: Float32Array; link: Float32Array }) => Float32Array) => {
    const total = tables.reduce((s, t) => s + pick(t).length, 0);
    const out = new Float32Array(total);
    let at = 0;
    for (const t of tables) { out.set(pick(t), at); at += pick(t).length; }
    return out;
  };
  const device = pool((t) => t.device);
  const link = pool((t) => t.link);
  return {
    rows: { device: device.length / Math.max(1, names.device.length), link: link.length / Math.max(1, names.link.length) },
    device: names.device.map((name, k) => summarise(name, column(device, names.device.length, k))),
    link: names.link.map((name, k) => summarise(name, column(link, names.link.length, k))),
  };
}

function driftOf(summary: FeatureSummary, values: Float64Array): FeatureDrift {
  const now = shares(values, summary.binEdges);
  let psi = 0;
  summary.binShares.forEach((p0, b) => {
    const p = Math.max(EPS, now[b]!);
    const q = Math.max(EPS, p0);
    psi += (p - q) * Math.log(p / q);
  });
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(1, values.length);
  return { name: summary.name, psi, meanShift: Math.abs(mean - summary.mean) / Math.max(1e-6, summary.std) };
}

export function driftStatus(maxPsi: number): DriftStatus {
  return maxPsi < 0.1 ? 'stable' : maxPsi < 0.25 ? 'moderate' : 'significant';
}

/** Drift of one network's features against the training distribution (columns in the stored order). */
export function measureDrift(training: FeatureDistribution, now: { device: Float32Array; link: Float32Array }): DriftReport {
  const per = (summaries: FeatureSummary[], rows: Float32Array) =>
    summaries.map((s, k) => driftOf(s, column(rows, summaries.length, k))).sort((a, b) => b.psi - a.psi);
  const device = per(training.device, now.device);
  const link = now.link.length === 0 ? [] : per(training.link, now.link);
  const maxPsi = Math.max(0, ...device.map((d) => d.psi), ...link.map((d) => d.psi));
  return { status: driftStatus(maxPsi), maxPsi, device, link };
}
