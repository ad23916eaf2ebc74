// Re-registers the wasm BatchMatMul: products go to wasm-gemm when it takes them, else to tfjs' kernel with inputs transposed first.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { replaceWasmKernel } from './replace-wasm-kernel.js';
import { wasmGemm } from './wasm-gemm.js';

// Why this kernel exists: wasm BatchMatMul takes XNNPACK's fast path only when neither input is
// transposed, and every matMul gradient (dA = dy·Bᵀ, dB = Aᵀ·dy) asks for a transposed input, which
// falls to a loop about 10× slower; an explicit Transpose first costs little and keeps the fast path.
// Products that fit wasm-gemm (loaded, output width a multiple of 8) run there instead (see there why).


/** Wraps the registered wasm BatchMatMul (idempotent; false when wasm is not registered). */
export function patchWasmBatchMatMul(): boolean {
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) return false;
  return replaceWasmKernel('BatchMatMul', (original) => (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeB) {
      const out = wasmGemm(backend, inputs['a']!, inputs['b']!, transposeA);
      if (out !== undefined) return out;
      if (!transposeA) return original.kernelFunc(args);
    }
    const temporaries: tf.TensorInfo[] = [];
    // Swaps the last two axes of a (batched) matrix.
    const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
      const rank = t.shape.length;
      const perm = Array.from({ length: rank }, (_, i) => i);
      perm[rank - 2] = rank - 1;
      perm[rank - 1] = rank - 2;
      const out = transpose.kernelFunc({ inputs: { x: t }, backend, attrs: { perm } }) as tf.TensorInfo;
      temporaries.push(out);
      return out;
    };
    const a = transposeA ? swapLast(inputs['a']!) : inputs['a']!;
    const b = transposeB ? swapLast(inputs['b']!) : inputs['b']!;
    const out = wasmGemm(backend, a, b, false) ?? original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) (backend as BackendWasm).disposeData(t.dataId);
    return out;
  });
}
