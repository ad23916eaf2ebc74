// Swaps a registered wasm kernel for a wrapper around it, once: the mechanism the wasm kernel fixes share.
import * as tf from '@tensorflow/tfjs';

const replaced = new Set<string>();

/**
 * Re-registers wasm kernel `name` with `wrap(original)` as its function, keeping the rest of its config
 * (setup, dispose). Idempotent; false when the wasm backend does not register that kernel.
 */
export function replaceWasmKernel(name: string, wrap: (original: tf.KernelConfig) => tf.KernelFunc): boolean {
  if (replaced.has(name)) return true;
  const original = tf.getKernel(name, 'wasm');
  if (original === undefined) return false;
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: wrap(original) });
  replaced.add(name);
  return true;
}
