// A small WebAssembly SIMD matrix product run on the tfjs wasm heap, for products of a transposed tall input.
import * as tf from '@tensorflow/tfjs';
import initWabt from 'wabt';

// Why this kernel exists: tfjs' wasm BatchMatMul hands its second input to XNNPACK as fully-connected
// weights and packs them again for every new tensor, so each weight gradient Aᵀ·dy (dy: [nodes, units],
// new every step) repacks a 10,000-row matrix: 19–23 ms of a ~93 ms SAGE step at 10k nodes, against 7 ms
// for this loop, which streams both inputs in row blocks without packing (measured in one process).

/**
 * `gemm(a, ars, aks, b, bks, c, crs, m, n, k, accumulate)`: C(r, j) (+)= Σ_k A(r, k)·B(k, j) in f32, with byte
 * addresses and strides: A(r, k) at a + r·ars + k·aks, B(k, j) at b + k·bks + 4j, C(r, j) at c + r·crs + 4j.
 * Needs n a multiple of 8 and k ≥ 1. Register tiles of 4 rows × 8 columns, then single rows for the rest.
 */
const GEMM_WAT = `
(module
  (import "env" "memory" (memory 0))
  (func (export "gemm")
    (param $a i32) (param $ars i32) (param $aks i32) (param $b i32) (param $bks i32)
    (param $c i32) (param $crs i32) (param $m i32) (param $n i32) (param $k i32) (param $acc i32)
    (local $r i32) (local $col i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $kk i32)
    (local $ars2 i32) (local $ars3 i32) (local $crs2 i32) (local $crs3 i32)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $ars2 (i32.shl (local.get $ars) (i32.const 1)))
    (local.set $ars3 (i32.add (local.get $ars2) (local.get $ars)))
    (local.set $crs2 (i32.shl (local.get $crs) (i32.const 1)))
    (local.set $crs3 (i32.add (local.get $crs2) (local.get $crs)))
    ;; rows in fours
    (block $quads_done
      (loop $quads
        (br_if $quads_done (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $m)))
        (local.set $col (i32.const 0))
        (loop $cols
          (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $crs))) (i32.shl (local.get $col) (i32.const 2))))
          (if (local.get $acc)
            (then
              (local.set $c00 (v128.load (local.get $pc)))
              (local.set $c01 (v128.load offset=16 (local.get $pc)))
              (local.set $c10 (v128.load (i32.add (local.get $pc) (local.get $crs))))
              (local.set $c11 (v128.load offset=16 (i32.add (local.get $pc) (local.get $crs))))
              (local.set $c20 (v128.load (i32.add (local.get $pc) (local.get $crs2))))
              (local.set $c21 (v128.load offset=16 (i32.add (local.get $pc) (local.get $crs2))))
              (local.set $c30 (v128.load (i32.add (local.get $pc) (local.get $crs3))))
              (local.set $c31 (v128.load offset=16 (i32.add (local.get $pc) (local.get $crs3)))))
            (else
              (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
              (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
              (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
              (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))))
          (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $ars))))
          (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $col) (i32.const 2))))
          (local.set $kk (local.get $k))
          (loop $inner
            (local.set $b0 (v128.load (local.get $pb)))
            (local.set $b1 (v128.load offset=16 (local.get $pb)))
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $pa) (local.get $ars))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $pa) (local.get $ars2))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $s (v128.load32_splat (i32.add (local.get $pa) (local.get $ars3))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
            (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
            (local.set $pb (i32.add (local.get $pb) (local.get $bks)))
            (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
            (br_if $inner (local.get $kk)))
          (v128.store (local.get $pc) (local.get $c00))
          (v128.store offset=16 (local.get $pc) (local.get $c01))
          (v128.store (i32.add (local.get $pc) (local.get $crs)) (local.get $c10))
          (v128.store offset=16 (i32.add (local.get $pc) (local.get $crs)) (local.get $c11))
          (v128.store (i32.add (local.get $pc) (local.get $crs2)) (local.get $c20))
          (v128.store offset=16 (i32.add (local.get $pc) (local.get $crs2)) (local.get $c21))
          (v128.store (i32.add (local.get $pc) (local.get $crs3)) (local.get $c30))
          (v128.store offset=16 (i32.add (local.get $pc) (local.get $crs3)) (local.get $c31))
          (local.set $col (i32.add (local.get $col) (i32.const 8)))
          (br_if $cols (i32.lt_u (local.get $col) (local.get $n))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $quads)))
    ;; the remaining rows one by one
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $m)))
        (local.set $col (i32.const 0))
        (loop $cols1
          (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $crs))) (i32.shl (local.get $col) (i32.const 2))))
          (if (local.get $acc)
            (then
              (local.set $c00 (v128.load (local.get $pc)))
              (local.set $c01 (v128.load offset=16 (local.get $pc))))
            (else
              (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))))
          (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $ars))))
          (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $col) (i32.const 2))))
          (local.set $kk (local.get $k))
          (loop $inner1
            (local.set $s (v128.load32_splat (local.get $pa)))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (v128.load (local.get $pb)))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (v128.load offset=16 (local.get $pb)))))
            (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
            (local.set $pb (i32.add (local.get $pb) (local.get $bks)))
            (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
            (br_if $inner1 (local.get $kk)))
          (v128.store (local.get $pc) (local.get $c00))
          (v128.store offset=16 (local.get $pc) (local.get $c01))
          (local.set $col (i32.add (local.get $col) (i32.const 8)))
          (br_if $cols1 (i32.lt_u (local.get $col) (local.get $n))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows)))
  )
)`;

type GemmFn = (a: number, ars: number, aks: number, b: number, bks: number, c: number, crs: number, m: number, n: number, k: number, acc: number) => void;

interface WasmBackendLike {
  wasm: { asm?: { memory?: unknown }; wasmMemory?: unknown; wasmExports?: { memory?: unknown } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: string): tf.TensorInfo;
}

// Node's typings in this project omit the WebAssembly JS API; the three constructors used are typed here.
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Rows of A and dy per call: two blocks of [256, 64] stay in the core's cache while every output tile passes over them. */
const ROW_BLOCK = 256;

let gemm: GemmFn | undefined;

/** The heap of the tfjs wasm module (emscripten names it differently across versions). */
function heapMemory(backend: WasmBackendLike): object {
  const w = backend.wasm;
  for (const m of [w.asm?.memory, w.wasmMemory, w.wasmExports?.memory]) if (m instanceof WA.Memory) return m;
  throw new Error('the tfjs wasm module exposes no WebAssembly.Memory (asm.memory, wasmMemory or wasmExports.memory)');
}

/**
 * Compiles the product and binds it to the active wasm backend's heap. Throws when the text does not
 * assemble or the engine lacks SIMD; callers keep tfjs' own product then.
 */
export async function loadWasmGemm(backend: unknown): Promise<void> {
  if (gemm !== undefined) return;
  const memory = heapMemory(backend as WasmBackendLike);
  const wabt = await initWabt();
  const parsed = wabt.parseWat('topolens-gemm.wat', GEMM_WAT, { simd: true });
  try {
    const { buffer } = parsed.toBinary({});
    const instance = new WA.Instance(new WA.Module(buffer), { env: { memory } });
    gemm = instance.exports['gemm'] as GemmFn;
  } finally {
    parsed.destroy();
  }
}

/** Whether loadWasmGemm succeeded in this process. */
export function wasmGemmLoaded(): boolean {
  return gemm !== undefined;
}

/**
 * Aᵀ·B for a: [k, m] and b: [k, n] (or the same with a leading batch of 1; float32, n a multiple of 8, k ≥ 1)
 * as a new [m, n] ([1, m, n]) tensor on the wasm heap; undefined when the inputs do not fit (the caller falls back).
 */
export function wasmTransposedAGemm(backend: unknown, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo | undefined {
  const rank = a.shape.length;
  if (gemm === undefined || b.shape.length !== rank || (rank !== 2 && rank !== 3) || (rank === 3 && (a.shape[0] !== 1 || b.shape[0] !== 1))) return undefined;
  const [k, m] = a.shape.slice(-2) as [number, number];
  const n = b.shape[rank - 1]!;
  if (b.shape[rank - 2] !== k || k < 1 || m < 1 || n < 8 || n % 8 !== 0 || a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const wasm = backend as WasmBackendLike;
  const out = wasm.makeOutput(rank === 3 ? [1, m, n] : [m, n], 'float32'); // allocate first: offsets stay valid when the heap grows
  const offset = (t: tf.TensorInfo) => wasm.dataIdMap.get(t.dataId)!.memoryOffset;
  const pa = offset(a);
  const pb = offset(b);
  const pc = offset(out);
  // A(r, k) = a[k, r]: the next r is the next float, the next k a row further.
  for (let k0 = 0; k0 < k; k0 += ROW_BLOCK) {
    gemm(pa + k0 * m * 4, 4, m * 4, pb + k0 * n * 4, n * 4, pc, n * 4, m, n, Math.min(ROW_BLOCK, k - k0), k0 === 0 ? 0 : 1);
  }
  return out;
}
