// Picks the tfjs backend once per process: native TensorFlow when installed, else wasm, else pure JS; logs the choice.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../src/errors.js';
import { logger } from '../src/logger.js';
import { patchWasmBatchMatMul } from './kernels/wasm-batch-matmul.js';
import { patchWasmIdentity } from './kernels/wasm-identity.js';
import { loadWasmGemm } from './kernels/wasm-gemm.js';
import { registerReduceGradients } from './kernels/reduce-gradients.js';
// Registers the CSR aggregation kernels for cpu and wasm (see that file for why they exist).
import './kernels/csr-kernels.js';

const log = logger('gnn');

/** A backend the GNN can run on, in order of preference. */
export type BackendKind = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** Options of initBackend. */
export interface BackendOptions {
  /**
   * Kinds to try, in order; default all four. Tests pin ['cpu'] or ['wasm'] to compare backends.
   * The TOPOLENS_GNN_BACKEND setting belongs to config; callers pass it here.
   */
  prefer?: readonly BackendKind[];
}

/** The backend in use, for logs and for the model record. */
export interface BackendChoice {
  kind: BackendKind;
  /** tfjs' own name for it ('tensorflow', 'wasm', 'cpu'). */
  name: string;
  /** Why earlier kinds were passed over. */
  skipped: { kind: BackendKind; reason: string }[];
}

const ALL: readonly BackendKind[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];
let current: Promise<BackendChoice> | undefined;
let currentKey = '';

/**
 * Loads the first backend that works and makes it tfjs' active one. The native packages are
 * optional (their install downloads libtensorflow, which fails offline), so they are imported
 * by a name TypeScript cannot resolve and a failure just moves on. Calls with the same
 * preference share one initialisation.
 */
export function initBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const prefer = options.prefer ?? ALL;
  const key = prefer.join(',');
  if (current === undefined || key !== currentKey) {
    currentKey = key;
    current = choose(prefer);
  }
  return current;
}

async function choose(prefer: readonly BackendKind[]): Promise<BackendChoice> {
  // tfjs prints its own console banners (e.g. "install tfjs-node") outside the logger; the choice is logged below.
  tf.enableProdMode();
  registerReduceGradients();
  const skipped: BackendChoice['skipped'] = [];
  for (const kind of prefer) {
    try {
      const name = await tryKind(kind);
      const choice = { kind, name, skipped };
      log.info({ backend: kind, tfjsBackend: name, skipped }, 'gnn backend selected');
      return choice;
    } catch (err) {
      skipped.push({ kind, reason: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
    }
  }
  throw new TopolensError('TOPO_CONFIG', `no tfjs backend could start: ${skipped.map((s) => `${s.kind}: ${s.reason}`).join('; ')}`);
}

async function tryKind(kind: BackendKind): Promise<string> {
  switch (kind) {
    case 'tfjs-node-gpu':
    case 'tfjs-node': {
      // A variable specifier keeps TypeScript and bundlers from requiring the optional package.
      const specifier: string = `@tensorflow/${kind}`;
      await import(specifier);
      return activate('tensorflow');
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // Load the .wasm binaries from the installed package, never from a CDN (offline machines).
      // (Only before the backend first starts: tfjs refuses a new path afterwards.)
      if (tf.findBackend('wasm') === null) {
        const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
        wasm.setWasmPaths(`${dist}/`);
      }
      const name = await activate('wasm');
      patchWasmBatchMatMul();
      patchWasmIdentity();
      try {
        await loadWasmGemm(tf.backend());
      } catch (err) {
        log.warn({ err }, 'wasm-gemm unavailable; matrix products stay on tfjs BatchMatMul');
      }
      return name;
    }
    case 'cpu':
      return activate('cpu');
  }
}

async function activate(name: string): Promise<string> {
  if (!(await tf.setBackend(name))) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
  return name;
}
