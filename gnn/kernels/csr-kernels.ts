// CSR reductions as tfjs kernels on the cpu and wasm backends (zero-copy), with a copying fallback elsewhere.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { scatterArgmax, segmentMax, spmm, type CsrLayout } from './csr-loops.js';
import { wasmSegmentSpmm } from './wasm-segment-spmm.js';

// Why these kernels exist: tfjs has no sparse-matrix product with a gradient, gather+unsortedSegmentSum
// is quadratic on cpu and missing on wasm, and the sparse-segment ops have no max and no gradient.
const SPMM = 'TopolensCsrSpmm';
const MAX = 'TopolensCsrMax';
const SCATTER_ARGMAX = 'TopolensScatterArgmax';

/** Where a backend keeps a tensor's numbers, and how it makes an output: the two calls a kernel needs. */
interface Storage {
  /** A compiled reduction the backend offers for this layout, if any (else the JS loops run). */
  compiledSpmm?(backend: unknown, x: tf.TensorInfo, layout: CsrLayout, numOut: number): tf.TensorInfo | undefined;
  view(backend: unknown, t: tf.TensorInfo): Float32Array | Int32Array;
  output(backend: unknown, shape: number[], dtype: 'float32' | 'int32'): { info: tf.TensorInfo; values: () => Float32Array | Int32Array };
}

interface CpuBackendLike {
  data: { get(id: tf.DataId): { values: Float32Array | Int32Array } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array | Int32Array): tf.TensorInfo;
}

// cpu: tensors are plain typed arrays owned by the backend; the kernel fills a new one and hands it over.
const cpuStorage: Storage = {
  view: (backend, t) => (backend as CpuBackendLike).data.get(t.dataId).values,
  output: (backend, shape, dtype) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    return { info: (backend as CpuBackendLike).makeTensorInfo(shape, dtype, values), values: () => values };
  },
};

// wasm: tensors live in the module heap; a view must be taken after the last allocation, since
// growing the heap detaches earlier views.
// (The kernels only see float32 and int32 tensors, so the heap views are of those types.)
const heapView = (backend: unknown, t: tf.TensorInfo) => (backend as BackendWasm).typedArrayFromHeap(t) as Float32Array | Int32Array;
const wasmStorage: Storage = {
  compiledSpmm: wasmSegmentSpmm,
  view: heapView,
  output: (backend, shape, dtype) => {
    const info = (backend as BackendWasm).makeOutput(shape, dtype);
    return { info, values: () => heapView(backend, info) };
  },
};

/** Kernel attributes: the layout travels as typed arrays (tfjs passes attrs through untouched). */
interface CsrAttrs {
  layout: CsrLayout;
  numOut: number;
}

/** What SPMM and MAX share: the CSR layout, input `x`, and a float32 output of `numOut` rows as wide as `x`. */
function rowsOut(storage: Storage, backend: Parameters<Storage['output']>[0], inputs: tf.NamedTensorInfoMap, attrs: unknown) {
  const { layout, numOut } = attrs as CsrAttrs;
  const x = inputs['x']!;
  const width = x.shape[1]!;
  return { layout, numOut, x, width, out: storage.output(backend, [numOut, width], 'float32') };
}

function registerFor(backendName: string, storage: Storage): void {
  if (tf.getKernel(SPMM, backendName) !== undefined) return;
  tf.registerKernel({
    kernelName: SPMM,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { layout, numOut } = attrs as unknown as CsrAttrs;
      const compiled = storage.compiledSpmm?.(backend, inputs['x']!, layout, numOut);
      if (compiled !== undefined) return compiled;
      const { x, width, out } = rowsOut(storage, backend, inputs, attrs);
      spmm(layout, storage.view(backend, x), out.values() as Float32Array, numOut, width);
      return out.info;
    },
  });
  tf.registerKernel({
    kernelName: MAX,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { layout, numOut, x, width, out } = rowsOut(storage, backend, inputs, attrs);
      const arg = storage.output(backend, [numOut, width], 'int32');
      segmentMax(layout, storage.view(backend, x), out.values() as Float32Array, arg.values() as Int32Array, numOut, width);
      return [out.info, arg.info];
    },
  });
  tf.registerKernel({
    kernelName: SCATTER_ARGMAX,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { numOut } = attrs as unknown as CsrAttrs;
      const dy = inputs['dy']!;
      const argmax = inputs['argmax']!;
      const width = dy.shape[1]!;
      const out = storage.output(backend, [numOut, width], 'float32');
      const dx = out.values() as Float32Array;
      scatterArgmax(storage.view(backend, dy), storage.view(backend, argmax), dx, width);
      return out.info;
    },
  });
}

registerFor('cpu', cpuStorage);
registerFor('wasm', wasmStorage);

/** True when the active backend runs the CSR kernels in place (cpu, wasm); others copy through JS. */
function hasKernels(): boolean {
  return tf.getKernel(SPMM, tf.getBackend()) !== undefined;
}

const attrsOf = (layout: CsrLayout, numOut: number) => ({ layout, numOut }) as unknown as tf.NamedAttrMap;

/** out[r] = Σ weight · x[index] over row r of `layout`; shape [numOut, x.shape[1]]. */
export function csrSpmm(x: tf.Tensor2D, layout: CsrLayout, numOut: number): tf.Tensor2D {
  if (hasKernels()) return tf.engine().runKernel(SPMM, { x }, attrsOf(layout, numOut)) as tf.Tensor2D;
  // Other backends (tfjs-node, webgl): same loops on a copy; correct everywhere, zero-copy only on cpu/wasm.
  const width = x.shape[1];
  const out = new Float32Array(numOut * width);
  spmm(layout, x.dataSync(), out, numOut, width);
  return tf.tensor2d(out, [numOut, width]);
}

/** Per-feature max over row r of `layout`, and which value row won (-1 for empty rows). */
export function csrMax(x: tf.Tensor2D, layout: CsrLayout, numOut: number): { value: tf.Tensor2D; argmax: tf.Tensor2D } {
  if (hasKernels()) {
    const [value, argmax] = tf.engine().runKernel(MAX, { x }, attrsOf(layout, numOut)) as tf.Tensor2D[];
    return { value: value!, argmax: argmax! };
  }
  const width = x.shape[1];
  const out = new Float32Array(numOut * width);
  const arg = new Int32Array(numOut * width);
  segmentMax(layout, x.dataSync(), out, arg, numOut, width);
  return { value: tf.tensor2d(out, [numOut, width]), argmax: tf.tensor2d(arg, [numOut, width], 'int32') };
}

/** Routes dy[r, f] to row argmax[r, f] of a [numRows, width] gradient. */
export function csrScatterArgmax(dy: tf.Tensor2D, argmax: tf.Tensor2D, numRows: number): tf.Tensor2D {
  const layout = { rowptr: new Int32Array(0), index: new Int32Array(0) };
  if (hasKernels()) return tf.engine().runKernel(SCATTER_ARGMAX, { dy, argmax }, attrsOf(layout, numRows)) as tf.Tensor2D;
  const width = dy.shape[1];
  const dx = new Float32Array(numRows * width);
  scatterArgmax(dy.dataSync(), argmax.dataSync(), dx, width);
  return tf.tensor2d(dx, [numRows, width]);
}
