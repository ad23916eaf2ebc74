// Compressed sparse rows of an edge list, grouped by one end: the index layout every aggregation walks.

/** Edges grouped by one endpoint (`row`), in stable edge order within a row. */
export interface Csr {
  /** Number of rows (nodes). */
  numRows: number;
  /** Row `i` owns entries `rowptr[i] .. rowptr[i + 1] - 1`; length `numRows + 1`. */
  rowptr: Int32Array;
  /** Per entry: the node at the other end of the edge. */
  col: Int32Array;
  /** Per entry: the edge id (position in the original `source`/`target` arrays). */
  edge: Int32Array;
}

/**
 * Groups edges by `key[e]` (a counting sort, O(E + N)); `other[e]` becomes the entry's column.
 * Within a row, entries keep edge order, so the layout is deterministic for a given edge list.
 */
export function buildCsr(key: Int32Array, other: Int32Array, numRows: number): Csr {
  const numEdges = key.length;
  const rowptr = new Int32Array(numRows + 1);
  for (let e = 0; e < numEdges; e++) rowptr[key[e]! + 1]!++;
  for (let i = 0; i < numRows; i++) rowptr[i + 1]! += rowptr[i]!;
  const next = rowptr.slice(0, numRows);
  const col = new Int32Array(numEdges);
  const edge = new Int32Array(numEdges);
  for (let e = 0; e < numEdges; e++) {
    const p = next[key[e]!]!++;
    col[p] = other[e]!;
    edge[p] = e;
  }
  return { numRows, rowptr, col, edge };
}

