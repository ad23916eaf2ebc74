// Rank agreement between predicted and exact scores: Spearman's rho (ties averaged) and top-k precision.

/** Ranks 1..n, tied values sharing their mean rank. */
export function rankWithTies(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => values[p]! - values[q]!);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]!] === values[order[i]!]) j++;
    for (let k = i; k <= j; k++) ranks[order[k]!] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return ranks;
}

/** Spearman rank correlation (Pearson on tie-averaged ranks); NaN when either side is constant. */
export function spearman(predicted: ArrayLike<number>, exact: ArrayLike<number>): number {
  const a = rankWithTies(predicted);
  const b = rankWithTies(exact);
  const n = a.length;
  const mean = (n + 1) / 2;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - mean) * (b[i]! - mean);
    aa += (a[i]! - mean) ** 2;
    bb += (b[i]! - mean) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/**
 * Share of the k highest predictions that belong to the exact top k. Elements tied with the exact
 * k-th value count as in the top k, so an arbitrary tie-break cannot cost precision.
 */
export function topKPrecision(predicted: ArrayLike<number>, exact: ArrayLike<number>, k = 10): number {
  const n = predicted.length;
  const kk = Math.min(k, n);
  if (kk === 0) return NaN;
  const byExact = Array.from({ length: n }, (_, i) => i).sort((p, q) => exact[q]! - exact[p]!);
  const threshold = exact[byExact[kk - 1]!]!;
  const byPred = Array.from({ length: n }, (_, i) => i).sort((p, q) => predicted[q]! - predicted[p]! || p - q);
  let hits = 0;
  for (let i = 0; i < kk; i++) if (exact[byPred[i]!]! >= threshold) hits++;
  return hits / kk;
}
