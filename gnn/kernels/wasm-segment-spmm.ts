// CSR sums and means on the wasm backend through its compiled SparseSegmentSum / SparseSegmentMean kernels.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { CsrLayout } from './csr-loops.js';

// Why this path exists: the same reduction as csr-loops' spmm, but compiled — 12–18 % off a whole SAGE
// training step at 10k nodes (interleaved A/B in one process); the JS loops remain for cpu, max and any
// weighting without a segment form.


/** The output row of each entry, in entry order (what the segment kernels call segment ids); built once per layout. */
const segmentIdsByLayout = new WeakMap<CsrLayout, Int32Array>();

function segmentIdsOf(layout: CsrLayout): Int32Array {
  let ids = segmentIdsByLayout.get(layout);
  if (ids === undefined) {
    ids = new Int32Array(layout.index.length);
    for (let r = 0; r + 1 < layout.rowptr.length; r++) ids.fill(r, layout.rowptr[r]!, layout.rowptr[r + 1]!);
    segmentIdsByLayout.set(layout, ids);
  }
  return ids;
}

/**
 * out[r] = Σ weight · x[index] over row r of `layout`, [numOut, width], computed by wasm's segment kernels;
 * undefined when the layout's weights have no segment form or there is nothing to reduce (the caller's
 * JS loops handle those).
 */
export function wasmSegmentSpmm(backend: unknown, x: tf.TensorInfo, layout: CsrLayout, numOut: number): tf.TensorInfo | undefined {
  const form = layout.weightForm;
  const numEntries = layout.index.length;
  const width = x.shape[1]!;
  if ((layout.weight !== undefined && form === undefined) || numEntries === 0 || width === 0 || x.dtype !== 'float32') return undefined;
  const mean = form !== undefined && 'mean' in form;
  const kernelName = mean ? 'SparseSegmentMean' : 'SparseSegmentSum';
  if (tf.getKernel(kernelName, 'wasm') === undefined || tf.getKernel('Multiply', 'wasm') === undefined) return undefined;
  const wasm = backend as BackendWasm;
  // Allocate everything first: growing the heap detaches earlier views.
  const indices = wasm.makeOutput([numEntries], 'int32');
  const segmentIds = wasm.makeOutput([numEntries], 'int32');
  const temporaries = [indices, segmentIds];
  const valueScale = form !== undefined && 'valueScale' in form ? form.valueScale : undefined;
  const scale = valueScale === undefined ? undefined : wasm.makeOutput([valueScale.length, 1], 'float32');
  if (scale !== undefined) temporaries.push(scale);
  (wasm.typedArrayFromHeap(indices) as Int32Array).set(layout.index);
  (wasm.typedArrayFromHeap(segmentIds) as Int32Array).set(segmentIdsOf(layout));
  if (scale !== undefined) (wasm.typedArrayFromHeap(scale) as Float32Array).set(valueScale!);
  try {
    // A per-value-row weight is a row scale of x first (wasm's broadcasting Multiply), then a plain sum.
    const data = scale === undefined ? x : runKernel('Multiply', backend, { a: x, b: scale });
    if (scale !== undefined) temporaries.push(data);
    const out = runKernel(kernelName, backend, { data, indices, segmentIds });
    // The kernel makes as many rows as the last non-empty one; trailing rows without entries are zeros.
    if (out.shape[0] === numOut) return out;
    const padded = wasm.makeOutput([numOut, width], 'float32');
    const target = wasm.typedArrayFromHeap(padded) as Float32Array;
    target.set(wasm.typedArrayFromHeap(out));
    target.fill(0, out.shape[0]! * width);
    wasm.disposeData(out.dataId);
    return padded;
  } finally {
    for (const t of temporaries) wasm.disposeData(t.dataId);
  }
}

function runKernel(name: string, backend: unknown, inputs: tf.NamedTensorInfoMap): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`wasm kernel ${name} is not registered`);
  return kernel.kernelFunc({ inputs, backend: backend as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
}
