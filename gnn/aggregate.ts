// Differentiable CSR aggregation (sum / mean / max): the one place messages meet their receivers.
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../src/errors.js';
import { csrMax, csrScatterArgmax, csrSpmm } from './kernels/csr-kernels.js';
import type { Reduction } from './reduction.js';

/** How a receiver combines what reaches it (PyG's `aggr`). Receivers with nothing get zeros. */
export type Aggr = 'sum' | 'mean' | 'max';

/**
 * Reduces rows of `values` [reduction.numIn, F] into [reduction.numOut, F] along `reduction`.
 * The gradient is supplied with `tf.customGrad` (the sparse kernels have none): sum and mean send dy
 * back along the transposed CSR; max sends each dy[i, f] to the single value row that won.
 * Never gather + unsortedSegmentSum: quadratic on the cpu backend, missing on wasm.
 */
export function aggregate(values: tf.Tensor2D, reduction: Reduction, aggr: Aggr): tf.Tensor2D {
  if (values.shape[0] !== reduction.numIn) {
    throw new TopolensError('TOPO_BAD_INPUT', `aggregate: values has ${values.shape[0]} rows, the reduction reads ${reduction.numIn}`);
  }
  const width = values.shape[1];
  // Zero-width inputs (e.g. a graph without edge features) need no kernel, and wasm cannot allocate 0 bytes usefully.
  if (width === 0) return tf.zeros([reduction.numOut, 0]);
  if (aggr === 'max') return aggregateMax(values, reduction);
  const mean = aggr === 'mean';
  const op = tf.customGrad((x) => ({
    value: csrSpmm(x as tf.Tensor2D, mean ? reduction.meanForward : reduction.forward, reduction.numOut),
    gradFunc: (dy) => csrSpmm(dy as tf.Tensor2D, mean ? reduction.meanBackward : reduction.backward, reduction.numIn),
  }));
  return op(values) as tf.Tensor2D;
}

function aggregateMax(values: tf.Tensor2D, reduction: Reduction): tf.Tensor2D {
  const op = tf.customGrad((x, save) => {
    const { value, argmax } = csrMax(x as tf.Tensor2D, reduction.forward, reduction.numOut);
    // Kept for backward only while a tape records; otherwise the surrounding tidy frees it.
    (save as tf.GradSaveFunc)([argmax]);
    return {
      value,
      gradFunc: (dy, saved) => csrScatterArgmax(dy as tf.Tensor2D, saved[0] as tf.Tensor2D, reduction.numIn),
    };
  });
  return op(values) as tf.Tensor2D;
}
