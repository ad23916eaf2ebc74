// Re-registers the wasm Identity so it shares its input's buffer (reference-counted) instead of copying it.
import * as tf from '@tensorflow/tfjs';

// Why this kernel exists: the engine clones (Identity) every tensor a gradient keeps for the backward
// pass, and wasm's Identity copies the whole buffer — eight copies of an [N, 64] activation per SAGE
// training step. Tensors are immutable (a Variable's assign swaps buffers), so sharing is safe; the
// cpu backend's Identity does the same.

interface WasmBackendLike {
  incRef(dataId: tf.DataId): void;
}

let patched = false;

/** Replaces the registered wasm Identity for numeric tensors (idempotent; a no-op when wasm is not registered). */
export function patchWasmIdentity(): boolean {
  if (patched) return true;
  const original = tf.getKernel('Identity', 'wasm');
  if (original === undefined) return false;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: (args) => {
      const x = args.inputs['x']!;
      // Strings live outside the heap; leave them to the original kernel.
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as WasmBackendLike).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  patched = true;
  return true;
}
