// WebAssembly SIMD matrix products run on the tfjs wasm heap, one small module per stride pattern.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import initWabt from 'wabt';

// Why these kernels exist: tfjs' wasm BatchMatMul hands its second input to XNNPACK as fully-connected
// weights and packs them again for every new tensor, so each weight gradient Aᵀ·dy (dy: [nodes, units], new
// every step) repacks a 10,000-row matrix: 19–23 ms of a ~93 ms SAGE step at 10k nodes, against 7 ms for a
// loop that streams both inputs in row blocks without packing. With its strides compiled in as constants the
// same loop also beats XNNPACK on the step's [10k, 64]·[64, 64] products (≈ 6 vs ≈ 9 ms each in the step, measured).

/** Byte strides of one product: A(r, k) at a + r·ars + k·aks, B(k, j) at b + k·bks + 4j, C(r, j) at c + r·crs + 4j. */
interface Strides {
  ars: number;
  aks: number;
  bks: number;
  crs: number;
}

/** Rows per register tile: 4 × 8 was the fastest of 1–8 rows × 4–16 columns and k unrolled 1–8 times measured here. */
const TILE_ROWS = 4;

/**
 * The rows loop in register tiles of `rows` × 8 columns: for each pair of v128 columns the accumulators start
 * from C (accumulate) or zero, take k products of a splatted A element and a B row segment, and are stored
 * back. Runs from the current $r while `rows` more rows remain. Strides are immediates (no address arithmetic
 * per element).
 */
function tileRows(rows: number, s: Strides): string {
  const tile = Array.from({ length: rows }, (_, r) => r);
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  const each = (f: (r: number, v: number) => string) => tile.flatMap((r) => [f(r, 0), f(r, 1)]).join('\n');
  return `
    (block $done${rows} (loop $rows${rows}
      (br_if $done${rows} (i32.gt_u (i32.add (local.get $r) (i32.const ${rows})) (local.get $m)))
      (local.set $col (i32.const 0))
      (loop $cols${rows}
        (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (i32.const ${s.crs}))) (i32.shl (local.get $col) (i32.const 2))))
        (if (local.get $acc)
          (then ${each((r, v) => `(local.set ${acc(r, v)} (v128.load offset=${r * s.crs + 16 * v} (local.get $pc)))`)})
          (else ${each((r, v) => `(local.set ${acc(r, v)} (v128.const i32x4 0 0 0 0))`)}))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $r) (i32.const ${s.ars}))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $col) (i32.const 2))))
        (local.set $kk (local.get $k))
        (loop $inner${rows}
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          ${tile.map((r) => `(local.set $s (v128.load32_splat offset=${r * s.ars} (local.get $pa)))
          (local.set ${acc(r, 0)} (f32x4.add (local.get ${acc(r, 0)}) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set ${acc(r, 1)} (f32x4.add (local.get ${acc(r, 1)}) (f32x4.mul (local.get $s) (local.get $b1))))`).join('\n')}
          (local.set $pa (i32.add (local.get $pa) (i32.const ${s.aks})))
          (local.set $pb (i32.add (local.get $pb) (i32.const ${s.bks})))
          (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
          (br_if $inner${rows} (local.get $kk)))
        ${each((r, v) => `(v128.store offset=${r * s.crs + 16 * v} (local.get $pc) (local.get ${acc(r, v)}))`)}
        (local.set $col (i32.add (local.get $col) (i32.const 8)))
        (br_if $cols${rows} (i32.lt_u (local.get $col) (local.get $n))))
      (local.set $r (i32.add (local.get $r) (i32.const ${rows})))
      (br $rows${rows})))`;
}

/**
 * `gemm(a, b, c, m, n, k, accumulate)`: C(r, j) (+)= Σ_k A(r, k)·B(k, j) in f32 for r < m, j < n, with the
 * strides `s` compiled in. Needs n a multiple of 8 and k ≥ 1. Tiles of TILE_ROWS rows, then single rows.
 */
function gemmWat(s: Strides): string {
  return `
(module
  (import "env" "memory" (memory 0))
  (func (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32) (param $acc i32)
    (local $r i32) (local $col i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $kk i32)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    ${Array.from({ length: TILE_ROWS }, (_, r) => `(local $c${r}_0 v128) (local $c${r}_1 v128)`).join(' ')}
    ${tileRows(TILE_ROWS, s)}
    ${tileRows(1, s)}
  )
)`;
}

type GemmFn = (a: number, b: number, c: number, m: number, n: number, k: number, acc: number) => void;


// Node's typings in this project omit the WebAssembly JS API; the three constructors used are typed here.
interface WebAssemblyApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Rows of A and dy per call of a weight gradient: two [256, 64] blocks stay in the core's cache while every output tile passes over them. */
const ROW_BLOCK = 256;

type Wabt = Awaited<ReturnType<typeof initWabt>>;
let compiler: { wabt: Wabt; memory: object } | undefined;
/** Compiled products by stride pattern (a handful per model: one per layer width and node count). */
const kernels = new Map<string, GemmFn>();

/** The heap of the tfjs wasm module (emscripten names it differently across versions). */
function heapMemory(backend: BackendWasm): object {
  // Emscripten internals the package's types leave out.
  const w = backend.wasm as { asm?: { memory?: unknown }; wasmMemory?: unknown; wasmExports?: { memory?: unknown } };
  for (const m of [w.asm?.memory, w.wasmMemory, w.wasmExports?.memory]) if (m instanceof WA.Memory) return m;
  throw new Error('the tfjs wasm module exposes no WebAssembly.Memory (asm.memory, wasmMemory or wasmExports.memory)');
}

function kernelFor(s: Strides): GemmFn {
  const key = `${s.ars},${s.aks},${s.bks},${s.crs}`;
  let fn = kernels.get(key);
  if (fn === undefined) {
    const parsed = compiler!.wabt.parseWat(`topolens-gemm-${key}.wat`, gemmWat(s), { simd: true });
    try {
      const instance = new WA.Instance(new WA.Module(parsed.toBinary({}).buffer), { env: { memory: compiler!.memory } });
      fn = instance.exports['gemm'] as GemmFn;
    } finally {
      parsed.destroy();
    }
    kernels.set(key, fn);
  }
  return fn;
}

/**
 * Loads the WebAssembly text assembler and binds the products to the active wasm backend's heap, compiling
 * one to check that the engine runs SIMD. Throws otherwise; callers keep tfjs' own product then.
 */
export async function loadWasmGemm(backend: unknown): Promise<void> {
  if (compiler !== undefined) return;
  compiler = { wabt: await initWabt(), memory: heapMemory(backend as BackendWasm) };
  try {
    kernelFor({ ars: 256, aks: 4, bks: 256, crs: 256 });
  } catch (err) {
    compiler = undefined;
    throw err;
  }
}

/** Whether loadWasmGemm succeeded in this process. */
export function wasmGemmLoaded(): boolean {
  return compiler !== undefined;
}

/** [rows, columns] of a float32 matrix: rank 2, or rank 3 with a batch of 1; undefined otherwise. */
function matrixShape(t: tf.TensorInfo): [number, number] | undefined {
  if (t.dtype !== 'float32') return undefined;
  if (t.shape.length === 2) return [t.shape[0]!, t.shape[1]!];
  if (t.shape.length === 3 && t.shape[0] === 1) return [t.shape[1]!, t.shape[2]!];
  return undefined;
}

/**
 * `transposeA ? Aᵀ·B : A·B` for float32 matrices (rank 2, or rank 3 with a batch of 1) with an inner size ≥ 1
 * and an output width that is a multiple of 8, as a new tensor on the wasm heap (rank as the inputs);
 * undefined when the inputs do not fit (the caller falls back to tfjs' product).
 */
export function wasmGemm(backend: unknown, a: tf.TensorInfo, b: tf.TensorInfo, transposeA: boolean): tf.TensorInfo | undefined {
  const as = matrixShape(a);
  const bs = matrixShape(b);
  if (compiler === undefined || as === undefined || bs === undefined || a.shape.length !== b.shape.length) return undefined;
  const [m, k] = transposeA ? [as[1], as[0]] : as;
  const n = bs[1];
  if (bs[0] !== k || k < 1 || m < 1 || n < 8 || n % 8 !== 0) return undefined;
  const wasm = backend as BackendWasm;
  const out = wasm.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32'); // allocate first: offsets stay valid when the heap grows
  const offset = (t: tf.TensorInfo) => wasm.dataIdMap.get(t.dataId)!.memoryOffset;
  const [pa, pb, pc] = [offset(a), offset(b), offset(out)];
  if (!transposeA) {
    kernelFor({ ars: k * 4, aks: 4, bks: n * 4, crs: n * 4 })(pa, pb, pc, m, n, k, 0);
    return out;
  }
  // A(r, i) = a[i, r]: the next r is the next float, the next i a row further; the long i runs in blocks.
  const gemm = kernelFor({ ars: 4, aks: m * 4, bks: n * 4, crs: n * 4 });
  for (let i0 = 0; i0 < k; i0 += ROW_BLOCK) gemm(pa + i0 * m * 4, pb + i0 * n * 4, pc, m, n, Math.min(ROW_BLOCK, k - i0), i0 === 0 ? 0 : 1);
  return out;
}
