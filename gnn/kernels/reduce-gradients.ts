// Re-registers the gradients of Mean and Sum so the broadcast of dy is made inside the backend.
import * as tf from '@tensorflow/tfjs';

// Why these gradients exist: tfjs' stock Mean and Sum gradients build a JS Float32Array of ones as large as
// the input and upload it on every backward pass (10–18 ms for a [10k, 64] mean under load, against 1–2 ms
// with OnesLike, which the backend fills in place); the arithmetic is the same: dy / size, broadcast.

/** Shape of `x` with the reduced axes kept as 1, so dy broadcasts back over them. */
function keptShape(x: tf.Tensor, axis: unknown): number[] {
  const axes = tf.util.parseAxisParam(axis as number | number[], x.shape);
  const shape = x.shape.slice();
  for (const a of axes) shape[a] = 1;
  return shape;
}

function reduceSize(x: tf.Tensor, axis: unknown): number {
  return tf.util.parseAxisParam(axis as number | number[], x.shape).reduce((n, a) => n * x.shape[a]!, 1);
}

/** dy broadcast back over the reduced axes of `x`, divided by their size for a mean. */
function registerBroadcastGradient(kernelName: 'Mean' | 'Sum'): void {
  tf.registerGradient({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const x = saved[0]!;
      const axis = (attrs as { axis: unknown }).axis;
      const kept = tf.reshape(dy as tf.Tensor, keptShape(x, axis));
      return { x: () => tf.mul(kernelName === 'Mean' ? tf.div(kept, reduceSize(x, axis)) : kept, tf.onesLike(x)) };
    },
  });
}

let registered = false;

/** Registers both gradients once (they are backend-independent). */
export function registerReduceGradients(): void {
  if (registered) return;
  registerBroadcastGradient('Mean');
  registerBroadcastGradient('Sum');
  registered = true;
}
