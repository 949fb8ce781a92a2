// The one interface of k-nearest-neighbour search, exact (ExactIndex, on the engine) or
// approximate (HnswIndex, usearch's graph), so a caller such as t-SNE picks the search by the
// index it is handed rather than carrying a search of its own.
import { ArgumentError, ShapeError } from '../util/errors.ts';

export interface Neighbours {
  /** Q × k indices into the indexed vectors, nearest first (−1 where an approximate search found fewer). */
  indices: Int32Array;
  /** Q × k Euclidean distances (+∞ where the index is −1). */
  distances: Float32Array;
  k: number;
}

export interface NeighbourIndex {
  readonly dim: number;
  /** Number of indexed vectors. */
  readonly size: number;
  /** The k nearest indexed vectors of each query row (Q × dim, row-major); k is capped at size. */
  search(queries: Float32Array, k: number): Neighbours;
}

/**
 * Each indexed point's k nearest other points: `points` must be the vectors the index holds,
 * in order. Row i is searched for k + 1 and i itself is dropped; when exact duplicates of i
 * crowd it out of its own list, the farthest of the k + 1 is dropped instead.
 */
export function nearestOthers(index: NeighbourIndex, points: Float32Array, k: number): Neighbours {
  const fn = 'nearestOthers';
  if (points.length !== index.size * index.dim) {
    throw new ShapeError(`${fn}: expected the index's ${index.size} × ${index.dim} = ${index.size * index.dim} values for points but received ${points.length}.`);
  }
  if (!Number.isInteger(k) || k < 0) throw new ArgumentError(`${fn}: expected a non-negative integer for k but received ${k}.`);
  const n = index.size;
  const kk = Math.min(k, Math.max(0, n - 1));
  if (kk === 0) return { indices: new Int32Array(0), distances: new Float32Array(0), k: 0 };
  const found = index.search(points, kk + 1);
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  for (let q = 0; q < n; q++) {
    let write = q * kk;
    for (let j = 0; j < found.k && write < (q + 1) * kk; j++) {
      const at = q * found.k + j;
      if (found.indices[at] === q) continue;
      indices[write] = found.indices[at]!;
      distances[write++] = found.distances[at]!;
    }
  }
  return { indices, distances, k: kk };
}
