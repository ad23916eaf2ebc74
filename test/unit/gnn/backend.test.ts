import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../../../gnn/backend.js';
import { wasmGemmLoaded } from '../../../gnn/kernels/wasm-gemm.js';

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

  it('runs A·B, Aᵀ·B and A·Bᵀ on the wasm SIMD products equal to a float64 reference, remainder rows and row blocks included', async () => {
    await initBackend({ prefer: ['wasm'] });
    expect(wasmGemmLoaded()).toBe(true);
    // Shapes: 4-row tiles with single-row remainders (m = 7, 9), more inner rows than one 256-row block (k = 600, 257),
    // n from 8 to 72; n = 12 is not a multiple of 8 and takes tfjs' own product. Integer inputs keep every sum exact.
    for (const [k, m, n] of [[1, 1, 8], [5, 7, 16], [600, 7, 8], [600, 64, 64], [257, 9, 72], [10, 3, 12], [64, 10, 64]] as const) {
      const av = Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5); // A as [m, k]
      const bv = Array.from({ length: k * n }, (_, i) => ((i * 5) % 13) - 6); // B as [k, n]
      const at = Array.from({ length: k * m }, (_, i) => av[(i % m) * k + Math.floor(i / m)]!); // Aᵀ as [k, m]
      const bt = Array.from({ length: n * k }, (_, i) => bv[(i % k) * n + Math.floor(i / k)]!); // Bᵀ as [n, k]
      const expected = Array.from({ length: m }, (_, r) =>
        Array.from({ length: n }, (_, c) => {
          let sum = 0;
          for (let i = 0; i < k; i++) sum += av[r * k + i]! * bv[i * n + c]!;
          return sum;
        }),
      );
      const before = tf.memory().numTensors;
      const where = `k=${k} m=${m} n=${n}`;
      const products = tf.tidy(() => [
        tf.matMul(tf.tensor2d(av, [m, k]), tf.tensor2d(bv, [k, n])).arraySync(),
        tf.matMul(tf.tensor2d(at, [k, m]), tf.tensor2d(bv, [k, n]), true, false).arraySync(),
        tf.matMul(tf.tensor2d(av, [m, k]), tf.tensor2d(bt, [n, k]), false, true).arraySync(),
      ]);
      for (const [i, got] of products.entries()) expect(got, `${where} product ${i}`).toEqual(expected);
      const batched = tf.tidy(() => tf.matMul(tf.tensor3d(at, [1, k, m]), tf.tensor3d(bv, [1, k, n]), true, false).arraySync());
      expect(batched, where).toEqual([expected]);
      expect(tf.memory().numTensors).toBe(before);
    }
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

  it('gives Mean and Sum gradients (re-registered to broadcast in the backend) their exact values, any axes, int inputs too', async () => {
    for (const kind of ['wasm', 'cpu'] as const) {
      await initBackend({ prefer: [kind] });
      const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
      const weights = tf.tensor2d([[1, 2, 3], [4, 5, 6]]);
      // d/dx of sum(w · mean(x, axis)) etc.: each input gets the weight of the output it fed, over the reduced size.
      const meanRows = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.mean(v, 1, true), tf.tensor2d([[1], [2]]))))(x);
      expect(meanRows.arraySync()).toEqual([[1 / 3, 1 / 3, 1 / 3], [2 / 3, 2 / 3, 2 / 3]].map((r) => r.map((v) => Math.fround(v))));
      const meanAll = tf.grad((v: tf.Tensor) => tf.mul(tf.mean(v), 6))(x);
      expect(meanAll.arraySync()).toEqual([[1, 1, 1], [1, 1, 1]]);
      const sumCols = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.sum(v, 0), tf.tensor1d([1, 10, 100]))))(x);
      expect(sumCols.arraySync()).toEqual([[1, 10, 100], [1, 10, 100]]);
      const weighted = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(v, weights)))(x);
      expect(weighted.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
      const fromInt = tf.grad((v: tf.Tensor) => tf.mean(tf.cast(v, 'float32')))(tf.tensor1d([1, 2, 3, 4], 'int32'));
      expect(fromInt.dtype).toBe('float32');
      tf.dispose([x, weights, meanRows, meanAll, sumCols, weighted, fromInt]);
    }
  });
});
