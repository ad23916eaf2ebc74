// The one bridge from plain graph arrays to tensors: node features, edge indices, edge features, CSR both ways.
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../src/errors.js';
import { buildCsr, type Csr } from './csr.js';
import { Reduction } from './reduction.js';

/** Feature rows: nested arrays, or one row-major Float32Array with its width given beside it. */
export type FeatureRows = readonly (readonly number[])[] | Float32Array;

/** A graph as plain arrays (what graph/ hands over); edges are directed, `source[e]` → `target[e]`. */
export interface GraphArrays {
  /** Number of nodes; indices run 0 .. numNodes-1. */
  numNodes: number;
  /** Node features `x`, [numNodes, numNodeFeatures]. */
  x: FeatureRows;
  /** Width of `x` when it is a flat Float32Array (ignored for nested arrays, which carry their width). */
  numNodeFeatures?: number;
  /** Sending end of each edge. */
  source: ArrayLike<number>;
  /** Receiving end of each edge. */
  target: ArrayLike<number>;
  /** Edge features `edgeAttr`, [numEdges, numEdgeFeatures]; absent means no edge features (width 0). */
  edgeAttr?: FeatureRows;
  /** Width of `edgeAttr` when it is a flat Float32Array. */
  numEdgeFeatures?: number;
}

/**
 * Direction of message flow (PyG's `flow`): 'source_to_target' aggregates at `target` what its
 * `source` neighbours send; 'target_to_source' runs the edges backwards.
 */
export type Flow = 'source_to_target' | 'target_to_source';

const bad = (message: string) => new TopolensError('TOPO_BAD_INPUT', `graph tensors: ${message}`);

/** Flattens feature rows to [rows, width] after checking shape and finiteness. */
function flatten(name: string, rows: FeatureRows | undefined, count: number, width: number | undefined): { data: Float32Array; width: number } {
  if (rows === undefined) return { data: new Float32Array(0), width: 0 };
  let data: Float32Array;
  let w: number;
  if (rows instanceof Float32Array) {
    w = width ?? (count === 0 ? 0 : rows.length / count);
    if (!Number.isInteger(w) || rows.length !== count * w) throw bad(`${name} has ${rows.length} values, expected ${count} rows of ${w}`);
    data = rows;
  } else {
    if (rows.length !== count) throw bad(`${name} has ${rows.length} rows, expected ${count}`);
    w = rows[0]?.length ?? width ?? 0;
    data = new Float32Array(count * w);
    rows.forEach((row, i) => {
      if (row.length !== w) throw bad(`${name} row ${i} has ${row.length} values, expected ${w}`);
      data.set(row, i * w);
    });
  }
  for (let p = 0; p < data.length; p++) {
    if (!Number.isFinite(data[p]!)) throw bad(`${name}[${Math.floor(p / w)}][${p % w}] is not finite`);
  }
  return { data, width: w };
}

/** Checks edge indices the way PyG's Data.validate does: integers in [0, numNodes), equal lengths. */
function toIndex(name: string, values: ArrayLike<number>, numNodes: number): Int32Array {
  const out = new Int32Array(values.length);
  for (let e = 0; e < values.length; e++) {
    const v = values[e]!;
    if (!Number.isInteger(v) || v < 0 || v >= numNodes) throw bad(`${name}[${e}] = ${v} is not a node index in [0, ${numNodes})`);
    out[e] = v;
  }
  return out;
}

/**
 * Tensors and sparse layouts for one graph. Owns its tensors: call `dispose()` when done.
 * Reductions (the CSR plans that aggregation and gathers walk) are built on first use and cached,
 * so a training loop pays for them once.
 */
export class GraphTensors {
  readonly numNodes: number;
  readonly numEdges: number;
  readonly numNodeFeatures: number;
  readonly numEdgeFeatures: number;
  /** Node features [numNodes, numNodeFeatures]. */
  readonly x: tf.Tensor2D;
  /** Edge features [numEdges, numEdgeFeatures] (width 0 when the graph has none). */
  readonly edgeAttr: tf.Tensor2D;
  /** Edge endpoints as plain arrays (validated). */
  readonly source: Int32Array;
  readonly target: Int32Array;
  /** Edges grouped by target (row i: edges into i, col = source). */
  readonly incoming: Csr;
  /** Edges grouped by source (row j: edges out of j, col = target). */
  readonly outgoing: Csr;
  readonly #cache = new Map<string, Reduction>();

  constructor(arrays: GraphArrays) {
    const { numNodes } = arrays;
    if (!Number.isInteger(numNodes) || numNodes < 0) throw bad(`numNodes = ${numNodes} is not a count`);
    if (arrays.source.length !== arrays.target.length) {
      throw bad(`source has ${arrays.source.length} entries, target ${arrays.target.length}`);
    }
    this.numNodes = numNodes;
    this.source = toIndex('source', arrays.source, numNodes);
    this.target = toIndex('target', arrays.target, numNodes);
    this.numEdges = this.source.length;
    const x = flatten('x', arrays.x, numNodes, arrays.numNodeFeatures);
    const e = flatten('edgeAttr', arrays.edgeAttr, this.numEdges, arrays.numEdgeFeatures);
    this.numNodeFeatures = x.width;
    this.numEdgeFeatures = e.width;
    this.incoming = buildCsr(this.target, this.source, numNodes);
    this.outgoing = buildCsr(this.source, this.target, numNodes);
    this.x = tf.tensor2d(x.data, [numNodes, x.width]);
    this.edgeAttr = tf.tensor2d(e.data, [this.numEdges, e.width]);
  }

  /** The CSR on which receivers read their edges, and the one grouped by sender, for a flow. */
  #sides(flow: Flow): { receiving: Csr; sending: Csr; receiver: Int32Array; sender: Int32Array } {
    return flow === 'source_to_target'
      ? { receiving: this.incoming, sending: this.outgoing, receiver: this.target, sender: this.source }
      : { receiving: this.outgoing, sending: this.incoming, receiver: this.source, sender: this.target };
  }

  #cached(key: string, make: () => Reduction): Reduction {
    let r = this.#cache.get(key);
    if (r === undefined) {
      r = make();
      this.#cache.set(key, r);
    }
    return r;
  }

  /** [numNodes, F] node values → [numNodes, F]: receiver i reduces its senders' rows (no per-edge copy). */
  neighbourReduction(flow: Flow = 'source_to_target'): Reduction {
    return this.#cached(`n:${flow}`, () => {
      const { receiving, sending } = this.#sides(flow);
      // The other direction's CSR is exactly this one's transpose: reuse it instead of re-sorting.
      return new Reduction(receiving.rowptr, receiving.col, this.numNodes, { rowptr: sending.rowptr, index: sending.col });
    });
  }

  /** [numEdges, F] per-edge messages → [numNodes, F]: receiver i reduces the messages on its edges. */
  edgeReduction(flow: Flow = 'source_to_target'): Reduction {
    return this.#cached(`e:${flow}`, () => {
      const { receiving, receiver } = this.#sides(flow);
      const identity = new Int32Array(this.numEdges + 1).map((_, i) => i);
      return new Reduction(receiving.rowptr, receiving.edge, this.numEdges, { rowptr: identity, index: receiver });
    });
  }

  /** [numNodes, F] → [numEdges, F]: each edge's sender row (PyG's x_j); gradient sums over out-edges. */
  senderGather(flow: Flow = 'source_to_target'): Reduction {
    return this.#cached(`s:${flow}`, () => {
      const { sending, sender } = this.#sides(flow);
      return Reduction.gather(sender, this.numNodes, { rowptr: sending.rowptr, index: sending.edge });
    });
  }

  /** [numNodes, F] → [numEdges, F]: each edge's receiver row (PyG's x_i). */
  receiverGather(flow: Flow = 'source_to_target'): Reduction {
    return this.#cached(`r:${flow}`, () => {
      const { receiving, receiver } = this.#sides(flow);
      return Reduction.gather(receiver, this.numNodes, { rowptr: receiving.rowptr, index: receiving.edge });
    });
  }

  /** Frees the tensors (the plain arrays go with the object). */
  dispose(): void {
    this.x.dispose();
    this.edgeAttr.dispose();
  }
}

/** Validates plain graph arrays and builds their tensors and CSR layouts. */
export function buildGraphTensors(arrays: GraphArrays): GraphTensors {
  return new GraphTensors(arrays);
}
