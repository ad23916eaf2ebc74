// A binary min-heap of (key, node) pairs on typed arrays, with lazy deletion, for Dijkstra's hot loop.

/**
 * Hand-written because Dijkstra over CSR arrays pushes millions of entries per N-1 run: typed arrays
 * avoid one object per entry, and lazy deletion (stale entries skipped on pop) avoids a position index.
 */
export class MinHeap {
  private keys: Float64Array;
  private nodes: Int32Array;
  size = 0;

  constructor(capacity = 1024) {
    this.keys = new Float64Array(Math.max(16, capacity));
    this.nodes = new Int32Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      keys[i] = pk;
      nodes[i] = nodes[parent]!;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** Key of the smallest entry; call only when size > 0. */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes the smallest entry and returns its node; read its key with `peekKey` first. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0]!;
    const last = --this.size;
    if (last > 0) {
      const key = keys[last]!;
      const node = nodes[last]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        const right = child + 1;
        if (right < last && keys[right]! < keys[child]!) child = right;
        if (keys[child]! >= key) break;
        keys[i] = keys[child]!;
        nodes[i] = nodes[child]!;
        i = child;
      }
      keys[i] = key;
      nodes[i] = node;
    }
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
