// A sparse reduction and its transpose (what its gradient walks), built once per graph and reused every step.
import { buildCsr } from './csr.js';
import type { CsrLayout } from './kernels/csr-loops.js';

/**
 * out[r] = reduce over k in row r of values[forward.index[k]], for r < numOut, over numIn value rows.
 * `backward` is the same entries grouped by value row (index = output row): the gradient of a sum
 * or mean flows back along it. Mean weights are made on first use and kept.
 */
export class Reduction {
  readonly numOut: number;
  readonly numIn: number;
  readonly forward: CsrLayout;
  readonly backward: CsrLayout;
  #meanForward?: CsrLayout;
  #meanBackward?: CsrLayout;

  /**
   * @param rowptr forward row pointers (length numOut + 1)
   * @param index forward entries: value rows, in row order
   * @param numIn number of value rows
   * @param transpose the backward layout when the caller already has it (e.g. the other CSR direction of a graph);
   *   it must list the same entries grouped by value row, with `index` = output row
   */
  constructor(rowptr: Int32Array, index: Int32Array, numIn: number, transpose?: CsrLayout) {
    this.numOut = rowptr.length - 1;
    this.numIn = numIn;
    this.forward = { rowptr, index };
    this.backward = transpose ?? Reduction.#transpose(rowptr, index, numIn);
  }

  /** Regroups the entries by value row (a counting sort, O(entries + numIn)). */
  static #transpose(rowptr: Int32Array, index: Int32Array, numIn: number): CsrLayout {
    const rowOf = new Int32Array(index.length);
    for (let r = 0; r + 1 < rowptr.length; r++) rowOf.fill(r, rowptr[r]!, rowptr[r + 1]!);
    const csr = buildCsr(index, rowOf, numIn);
    return { rowptr: csr.rowptr, index: csr.col };
  }

  /** Forward layout with weight 1/(row length): a mean as a weighted sum. */
  get meanForward(): CsrLayout {
    if (this.#meanForward === undefined) {
      const { rowptr, index } = this.forward;
      const weight = new Float32Array(index.length);
      for (let r = 0; r < this.numOut; r++) {
        const start = rowptr[r]!;
        const end = rowptr[r + 1]!;
        weight.fill(1 / (end - start), start, end);
      }
      this.#meanForward = { rowptr, index, weight, weightForm: { mean: true } };
    }
    return this.#meanForward;
  }

  /** Backward layout of the mean: each entry carries 1/(length of the output row it came from). */
  get meanBackward(): CsrLayout {
    if (this.#meanBackward === undefined) {
      const { rowptr, index } = this.backward;
      const fwd = this.forward.rowptr;
      // An output row with entries scales each of them by 1/length; rows without entries send nothing back.
      const valueScale = new Float32Array(this.numOut);
      for (let r = 0; r < this.numOut; r++) valueScale[r] = fwd[r + 1]! > fwd[r]! ? 1 / (fwd[r + 1]! - fwd[r]!) : 0;
      const weight = new Float32Array(index.length);
      for (let k = 0; k < index.length; k++) weight[k] = valueScale[index[k]!]!;
      this.#meanBackward = { rowptr, index, weight, weightForm: { valueScale } };
    }
    return this.#meanBackward;
  }

  /** One entry per output row: out[r] = values[index[r]] (a gather, whose gradient is a sum over the transpose). */
  static gather(index: Int32Array, numIn: number, transpose?: CsrLayout): Reduction {
    const rowptr = new Int32Array(index.length + 1);
    for (let r = 0; r <= index.length; r++) rowptr[r] = r;
    return new Reduction(rowptr, index, numIn, transpose);
  }
}
