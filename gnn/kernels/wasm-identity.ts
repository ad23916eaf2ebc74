// Re-registers the wasm Identity so it shares its input's buffer (reference-counted) instead of copying it.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { replaceWasmKernel } from './replace-wasm-kernel.js';

// Why this kernel exists: the engine clones (Identity) every tensor a gradient keeps for the backward
// pass, and wasm's Identity copies the whole buffer — eight copies of an [N, 64] activation per SAGE
// training step. Tensors are immutable (a Variable's assign swaps buffers), so sharing is safe; the
// cpu backend's Identity does the same.


/** Replaces the registered wasm Identity for numeric tensors (idempotent; false when wasm is not registered). */
export function patchWasmIdentity(): boolean {
  return replaceWasmKernel('Identity', (original) => (args) => {
    const x = args.inputs['x']!;
    // Strings live outside the heap; leave them to the original kernel.
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
}
