// Plain loops over Float32Array for CSR reductions: the arithmetic behind the registered CSR kernels.

/** The sparse layout one reduction walks: output row `r` reads value rows `index[rowptr[r] .. rowptr[r+1]-1]`. */
export interface CsrLayout {
  rowptr: Int32Array;
  index: Int32Array;
  /** Per-entry factor (mean: 1/row length); absent means 1. */
  weight?: Float32Array;
  /**
   * What `weight` is, when it has a shape a sparse-segment kernel can reproduce: `mean` (1/row length) or
   * `valueScale` (weight[k] = valueScale[index[k]]: a factor per value row, as in a mean's backward).
   */
  weightForm?: { mean: true } | { valueScale: Float32Array };
}

/**
 * out[r, :] = Σ_k weight[k] · x[index[k], :] over row r's entries; rows without entries become 0.
 * Eight feature columns accumulate in locals per pass over a row: V8 keeps them in registers,
 * several times faster than read-modify-write on `out` (measured in the anchors, re-derived here).
 */
export function spmm(layout: CsrLayout, x: ArrayLike<number>, out: Float32Array, numOut: number, width: number): void {
  const { rowptr, index, weight } = layout;
  const blocked = width - (width % 8);
  for (let r = 0; r < numOut; r++) {
    const start = rowptr[r]!;
    const end = rowptr[r + 1]!;
    const o = r * width;
    for (let f = 0; f < blocked; f += 8) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
      for (let k = start; k < end; k++) {
        const w = weight === undefined ? 1 : weight[k]!;
        const b = index[k]! * width + f;
        s0 += w * x[b]!; s1 += w * x[b + 1]!; s2 += w * x[b + 2]!; s3 += w * x[b + 3]!;
        s4 += w * x[b + 4]!; s5 += w * x[b + 5]!; s6 += w * x[b + 6]!; s7 += w * x[b + 7]!;
      }
      out[o + f] = s0; out[o + f + 1] = s1; out[o + f + 2] = s2; out[o + f + 3] = s3;
      out[o + f + 4] = s4; out[o + f + 5] = s5; out[o + f + 6] = s6; out[o + f + 7] = s7;
    }
    for (let f = blocked; f < width; f++) {
      let s = 0;
      for (let k = start; k < end; k++) s += (weight === undefined ? 1 : weight[k]!) * x[index[k]! * width + f]!;
      out[o + f] = s;
    }
  }
}

/**
 * out[r, f] = max_k x[index[k], f]; argmax[r, f] = the value row that won (first on ties), -1 for an
 * empty row, whose output is 0 (DGL's convention: nodes without in-edges aggregate to zeros).
 */
export function segmentMax(
  layout: CsrLayout, x: ArrayLike<number>, out: Float32Array, argmax: Int32Array, numOut: number, width: number,
): void {
  const { rowptr, index } = layout;
  for (let r = 0; r < numOut; r++) {
    const start = rowptr[r]!;
    const end = rowptr[r + 1]!;
    const o = r * width;
    if (start === end) {
      out.fill(0, o, o + width);
      argmax.fill(-1, o, o + width);
      continue;
    }
    const first = index[start]!;
    for (let f = 0; f < width; f++) {
      out[o + f] = x[first * width + f]!;
      argmax[o + f] = first;
    }
    for (let k = start + 1; k < end; k++) {
      const row = index[k]!;
      const b = row * width;
      for (let f = 0; f < width; f++) {
        const v = x[b + f]!;
        if (v > out[o + f]!) {
          out[o + f] = v;
          argmax[o + f] = row;
        }
      }
    }
  }
}

/** dx[argmax[r, f], f] += dy[r, f]: the max's gradient goes only to the value that won. */
export function scatterArgmax(dy: ArrayLike<number>, argmax: ArrayLike<number>, dx: Float32Array, width: number): void {
  dx.fill(0);
  const n = argmax.length;
  for (let p = 0; p < n; p++) {
    const row = argmax[p]!;
    if (row >= 0) dx[row * width + (p % width)]! += dy[p]!;
  }
}
