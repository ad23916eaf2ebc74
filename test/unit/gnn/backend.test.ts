import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';

describe('initBackend', () => {
  it('falls back past the optional native packages (not installed here) to wasm, loaded offline', async () => {
    const choice = await initBackend();
    expect(choice.kind).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.skipped.map((s) => s.kind)).toEqual(['tfjs-node-gpu', 'tfjs-node']);
  });

  it('keeps the matMul results of the transpose-first wasm BatchMatMul equal to the cpu backend, gradients included', async () => {
    const a = [[1, 2, 3], [4, 5, 6]];
    const b = [[1, 0.5], [-1, 2], [0, 3]];
    const run = () =>
      tf.tidy(() => {
        const x = tf.tensor2d(a);
        const y = tf.tensor2d(b);
        const [dx, dy] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(tf.matMul(p, q))))([x, y]);
        return [
          tf.matMul(x, y).arraySync(),
          tf.matMul(x, x, false, true).arraySync(),
          tf.matMul(x, x, true, false).arraySync(),
          tf.matMul(y, x, true, true).arraySync(),
          dx!.arraySync(),
          dy!.arraySync(),
        ];
      });
    await initBackend({ prefer: ['wasm'] });
    const onWasm = run();
    await initBackend({ prefer: ['cpu'] });
    expect(onWasm).toEqual(run());
  });

  it('shares the buffer in wasm Identity (clone) instead of copying it, freeing it only when the last holder is disposed', async () => {
    await initBackend({ prefer: ['wasm'] });
    const before = tf.memory();
    const x = tf.tensor2d([[1, 2], [3, 4]]);
    const copy = tf.clone(x);
    expect(copy.dataId).toBe(x.dataId); // one buffer, two holders
    x.dispose();
    expect(copy.arraySync()).toEqual([[1, 2], [3, 4]]);
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect((tf.memory() as { numDataBuffers: number }).numDataBuffers).toBe(before.numDataBuffers);
    // Gradients that keep inputs (engine clones) stay equal to the cpu backend's.
    const run = () =>
      tf.tidy(() => {
        const v = tf.tensor2d([[0.5, -1], [2, 0.25]]);
        const g = tf.grad((p: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.mul(p, p)), tf.square(p))))(v);
        return g.arraySync();
      });
    const onWasm = run();
    await initBackend({ prefer: ['cpu'] });
    expect(onWasm).toEqual(run());
  });
});
