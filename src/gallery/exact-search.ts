// Exact k-nearest-neighbour search on the engine: one matrix product per block of queries,
// ranked by ‖q − g‖² = ‖q‖² + ‖g‖² − 2 q·g, so the vectors need not be L2-normalised.
import { tensor } from '../tensor/creation.ts';
import { add, clampMin, mul, sqrt } from '../tensor/elementwise.ts';
import { addmm } from '../tensor/matrix.ts';
import { keep, tidy } from '../tensor/memory.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { sum, topk } from '../tensor/reduction.ts';
import { transpose, unsqueeze } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import type { NeighbourIndex, Neighbours } from './neighbour-index.ts';

export interface ExactIndexOptions {
  /**
   * 'float64' ranks and measures in double precision, as a plain loop would (t-SNE's
   * affinities); 'float32' (default) is faster, and its squared distances carry a rounding
   * error of about 1e-7 × (‖q‖² + ‖g‖²).
   */
  dtype?: 'float32' | 'float64';
}

/** Most distances held at once per block of queries (64 MB in float32). */
const blockElements = 1 << 24;

export class ExactIndex implements NeighbourIndex {
  readonly dtype: 'float32' | 'float64';
  #matrixT: Tensor | null = null;
  #norms: Tensor | null = null;

  constructor(readonly dim: number, options: ExactIndexOptions = {}) {
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') throw new ArgumentError(`ExactIndex: expected 'float32' or 'float64' for options.dtype but received ${String(this.dtype)}.`);
  }

  /** Replaces the indexed vectors (N × dim, row-major). */
  setVectors(vectors: Float32Array): void {
    if (vectors.length % this.dim !== 0) throw new ShapeError(`ExactIndex.setVectors: expected a multiple of ${this.dim} values for vectors but received ${vectors.length}`);
    this.dispose();
    const n = vectors.length / this.dim;
    if (n === 0) return;
    const matrix = keep(tidy(() => tensor(vectors, [n, this.dim]).to(this.dtype)));
    this.#norms = keep(noGrad(() => tidy(() => sum(mul(matrix, matrix), { dim: 1 }))));
    this.#matrixT = keep(tidy(() => transpose(matrix, 0, 1).clone()));
    matrix.dispose();
  }

  get size(): number {
    return this.#matrixT?.shape[1] ?? 0;
  }

  search(queries: Float32Array, k: number): Neighbours {
    const q = queries.length / this.dim;
    if (!Number.isInteger(q)) throw new ShapeError(`ExactIndex.search: expected a multiple of ${this.dim} values for queries but received ${queries.length}`);
    const kk = Math.min(k, this.size);
    if (kk === 0 || q === 0 || !this.#matrixT || !this.#norms) return { indices: new Int32Array(0), distances: new Float32Array(0), k: 0 };
    const indices = new Int32Array(q * kk);
    const distances = new Float32Array(q * kk);
    const rowsPerBlock = Math.max(1, Math.floor(blockElements / this.size));
    for (let start = 0; start < q; start += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, q - start);
      const block = this.searchBlock(queries.subarray(start * this.dim, (start + rows) * this.dim), rows, kk, this.#matrixT, this.#norms);
      indices.set(block.indices, start * kk);
      distances.set(block.distances, start * kk);
    }
    return { indices, distances, k: kk };
  }

  private searchBlock(queries: Float32Array, rows: number, k: number, matrixT: Tensor, norms: Tensor): { indices: Int32Array; distances: Float32Array } {
    return noGrad(() => tidy(() => {
      const query = tensor(queries, [rows, this.dim]).to(this.dtype);
      // ‖g‖² − 2 q·g ranks like the squared distance (‖q‖² is the same along a row); ‖q‖² is added to the k kept.
      const partial = addmm(unsqueeze(norms, 0), query, matrixT, { alpha: -2 });
      const best = topk(partial, k, { dim: 1, largest: false });
      const squared = add(best.values, unsqueeze(sum(mul(query, query), { dim: 1 }), 1));
      return { indices: best.indices.to('int32').data<'int32'>(), distances: sqrt(clampMin(squared, 0)).to('float32').data<'float32'>() };
    }));
  }

  dispose(): void {
    this.#matrixT?.dispose();
    this.#norms?.dispose();
    this.#matrixT = null;
    this.#norms = null;
  }
}
