// Base of every message-passing layer, in PyG's vocabulary: message → aggregate → update, run by propagate.
import * as tf from '@tensorflow/tfjs';
import { TopolensError } from '../src/errors.js';
import { aggregate, type Aggr } from './aggregate.js';
import type { Flow, GraphTensors } from './graph-tensors.js';

/** Options every message-passing layer takes. */
export interface MessagePassingOptions {
  /** How a receiver combines its messages; receivers without edges get zeros. Default 'mean'. */
  aggr?: Aggr;
  /** Direction of flow along the directed edges. Default 'source_to_target'. */
  flow?: Flow;
}

/**
 * What `message` may read, per edge. `xJ` (sender rows) and `xI` (receiver rows) are gathered only
 * when read: each is an [E, F] copy, and many layers need neither (see `messageAndAggregate`).
 */
export interface MessageInputs {
  /** Sender features [numEdges, F]. */
  readonly xJ: tf.Tensor2D;
  /** Receiver features [numEdges, F]. */
  readonly xI: tf.Tensor2D;
  /** Edge features [numEdges, D]. */
  readonly edgeAttr: tf.Tensor2D;
}

/**
 * A layer computes x'_i = update( aggr_{j→i} message(x_j, x_i, e_ji), x_i ). Subclasses override
 * `message` and `update`, and may fuse message + aggregate when messages are linear in x_j (no
 * [E, F] tensor at all). `apply` runs the whole layer inside `tf.tidy`, so intermediates never leak.
 */
export abstract class MessagePassing {
  readonly aggr: Aggr;
  readonly flow: Flow;

  constructor(options: MessagePassingOptions = {}) {
    this.aggr = options.aggr ?? 'mean';
    this.flow = options.flow ?? 'source_to_target';
  }

  /** The layer's trainable variables (it owns them; `dispose` frees them). */
  abstract get trainableWeights(): tf.Variable[];

  /** Width of the layer's output. */
  abstract get units(): number;

  /** The layer's computation, usually `propagate` plus its own transforms; called inside a tidy. */
  protected abstract call(x: tf.Tensor2D, graph: GraphTensors, edgeAttr: tf.Tensor2D): tf.Tensor2D;

  /** Per-edge message [numEdges, F']; PyG's default sends the sender's features unchanged. */
  protected message(inputs: MessageInputs): tf.Tensor2D {
    return inputs.xJ;
  }

  /** Reduces per-edge messages into their receivers along the graph's CSR (never a segment sum). */
  protected aggregate(messages: tf.Tensor2D, graph: GraphTensors): tf.Tensor2D {
    return aggregate(messages, graph.edgeReduction(this.flow), this.aggr);
  }

  /** Turns the aggregate into the new node state; identity by default. */
  protected update(aggregated: tf.Tensor2D, _x: tf.Tensor2D): tf.Tensor2D {
    return aggregated;
  }

  /**
   * Message and aggregate in one pass without per-edge tensors, when the layer can (PyG's
   * message_and_aggregate); `undefined` falls back to gather → message → aggregate.
   */
  protected messageAndAggregate(_x: tf.Tensor2D, _graph: GraphTensors, _edgeAttr: tf.Tensor2D): tf.Tensor2D | undefined {
    return undefined;
  }

  /** Runs message passing once: gather what `message` reads, build messages, aggregate, update. */
  propagate(x: tf.Tensor2D, graph: GraphTensors, edgeAttr: tf.Tensor2D = graph.edgeAttr): tf.Tensor2D {
    const fused = this.messageAndAggregate(x, graph, edgeAttr);
    if (fused !== undefined) return this.update(fused, x);
    let xJ: tf.Tensor2D | undefined;
    let xI: tf.Tensor2D | undefined;
    const flow = this.flow;
    const inputs: MessageInputs = {
      get xJ() {
        return (xJ ??= aggregate(x, graph.senderGather(flow), 'sum'));
      },
      get xI() {
        return (xI ??= aggregate(x, graph.receiverGather(flow), 'sum'));
      },
      edgeAttr,
    };
    return this.update(this.aggregate(this.message(inputs), graph), x);
  }

  /**
   * Applies the layer: x [numNodes, F_in] (default `graph.x`) → [numNodes, units], inside `tf.tidy`.
   * @param edgeAttr edge features [numEdges, D] (default `graph.edgeAttr`)
   */
  apply(graph: GraphTensors, x: tf.Tensor2D = graph.x, edgeAttr: tf.Tensor2D = graph.edgeAttr): tf.Tensor2D {
    if (x.shape[0] !== graph.numNodes) throw new TopolensError('TOPO_BAD_INPUT', `${this.constructor.name}: x has ${x.shape[0]} rows, graph ${graph.numNodes} nodes`);
    if (edgeAttr.shape[0] !== graph.numEdges) {
      throw new TopolensError('TOPO_BAD_INPUT', `${this.constructor.name}: edgeAttr has ${edgeAttr.shape[0]} rows, graph ${graph.numEdges} edges`);
    }
    return tf.tidy(() => this.call(x, graph, edgeAttr));
  }

  /** Frees the layer's variables. */
  dispose(): void {
    for (const w of this.trainableWeights) w.dispose();
  }
}
