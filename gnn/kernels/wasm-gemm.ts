// A small WebAssembly SIMD matrix product run on the tfjs wasm heap, for products of a transposed tall input.
import * as tf from '@tensorflow/tfjs';
import initWabt from 'wabt';

// Why this kernel exists: tfjs' wasm BatchMatMul hands its second input to XNNPACK as fully-connected
// weights and packs them again for every new tensor, so each weight gradient Aᵀ·dy (dy: [nodes, units],
// new every step) repacks a 10,000-row matrix: 19–23 ms of a ~93 ms SAGE step at 10k nodes, against 7 ms
// for this loop, which streams both inputs in row blocks without packing (measured in one process).

/**
 * The rows loop of `gemm` in register tiles of `rows` × 8 columns: for each column pair of v128, the
 * accumulators start from C (accumulate) or zero, take k products of a splatted A element and a B row
 * segment, and are stored back. Loops from the current $r while `rows` more rows remain.
 */
function tileRows(rows: number): string {
  const tile = Array.from({ length: rows }, (_, r) => r);
  const acc = (r: number, v: number) => `$c${r}_${v}`;
  const each = (f: (r: number, v: number) => string) => tile.flatMap((r) => [f(r, 0), f(r, 1)]).join('\n');
  return `
    (block $done${rows} (loop $rows${rows}
      (br_if $done${rows} (i32.gt_u (i32.add (local.get $r) (i32.const ${rows})) (local.get $m)))
      (local.set $col (i32.const 0))
      (loop $cols${rows}
        (local.set $pc (i32.add (i32.add (local.get $c) (i32.mul (local.get $r) (local.get $crs))) (i32.shl (local.get $col) (i32.const 2))))
        (if (local.get $acc)
          (then ${each((r, v) => `(local.set ${acc(r, v)} (v128.load offset=${16 * v} (i32.add (local.get $pc) (local.get $crow${r}))))`)})
          (else ${each((r, v) => `(local.set ${acc(r, v)} (v128.const i32x4 0 0 0 0))`)}))
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $ars))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $col) (i32.const 2))))
        (local.set $kk (local.get $k))
        (loop $inner${rows}
          (local.set $b0 (v128.load (local.get $pb)))
          (local.set $b1 (v128.load offset=16 (local.get $pb)))
          ${tile.map((r) => `(local.set $s (v128.load32_splat (i32.add (local.get $pa) (local.get $arow${r}))))
          (local.set ${acc(r, 0)} (f32x4.add (local.get ${acc(r, 0)}) (f32x4.mul (local.get $s) (local.get $b0))))
          (local.set ${acc(r, 1)} (f32x4.add (local.get ${acc(r, 1)}) (f32x4.mul (local.get $s) (local.get $b1))))`).join('\n')}
          (local.set $pa (i32.add (local.get $pa) (local.get $aks)))
          (local.set $pb (i32.add (local.get $pb) (local.get $bks)))
          (local.set $kk (i32.sub (local.get $kk) (i32.const 1)))
          (br_if $inner${rows} (local.get $kk)))
        ${each((r, v) => `(v128.store offset=${16 * v} (i32.add (local.get $pc) (local.get $crow${r})) (local.get ${acc(r, v)}))`)}
        (local.set $col (i32.add (local.get $col) (i32.const 8)))
        (br_if $cols${rows} (i32.lt_u (local.get $col) (local.get $n))))
      (local.set $r (i32.add (local.get $r) (i32.const ${rows})))
      (br $rows${rows})))`;
}

/** Rows per register tile: 4 × 8 was the fastest of 1–8 rows × 8–32 columns measured here (≈ 12 GFLOP/s). */
const TILE_ROWS = 4;

/**
 * `gemm(a, ars, aks, b, bks, c, crs, m, n, k, accumulate)`: C(r, j) (+)= Σ_k A(r, k)·B(k, j) in f32, with byte
 * addresses and strides: A(r, k) at a + r·ars + k·aks, B(k, j) at b + k·bks + 4j, C(r, j) at c + r·crs + 4j.
 * Needs n a multiple of 8 and k ≥ 1. Tiles of TILE_ROWS rows, then single rows for the rest.
 */
const GEMM_WAT = `
(module
  (import "env" "memory" (memory 0))
  (func (export "gemm")
    (param $a i32) (param $ars i32) (param $aks i32) (param $b i32) (param $bks i32)
    (param $c i32) (param $crs i32) (param $m i32) (param $n i32) (param $k i32) (param $acc i32)
    (local $r i32) (local $col i32) (local $pa i32) (local $pb i32) (local $pc i32) (local $kk i32)
    (local $s v128) (local $b0 v128) (local $b1 v128)
    ${Array.from({ length: TILE_ROWS }, (_, r) => `(local $arow${r} i32) (local $crow${r} i32) (local $c${r}_0 v128) (local $c${r}_1 v128)`).join('\n    ')}
    ${Array.from({ length: TILE_ROWS }, (_, r) => `(local.set $arow${r} (i32.mul (local.get $ars) (i32.const ${r}))) (local.set $crow${r} (i32.mul (local.get $crs) (i32.const ${r})))`).join('\n    ')}
    ${tileRows(TILE_ROWS)}
    ${tileRows(1)}
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
