// Exact k-nearest-neighbour search by one matrix product on the engine. Embeddings are
// L2-normalised, so Euclidean distance is sqrt(2 − 2·cos) and ranking by cosine is exact.
import { tensor } from '../tensor/creation.ts';
import { clampMin, mul, rsub, sqrt } from '../tensor/elementwise.ts';
import { matmul } from '../tensor/matrix.ts';
import { keep, tidy } from '../tensor/memory.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { topk } from '../tensor/reduction.ts';
import { transpose } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { ShapeError } from '../util/errors.ts';

export interface Neighbours {
  /** Q × k gallery indices, nearest first. */
  indices: Int32Array;
  /** Q × k Euclidean distances. */
  distances: Float32Array;
  k: number;
}

export class ExactIndex {
  #matrixT: Tensor | null = null;

  constructor(readonly dim: number) {}

  /** Replaces the indexed vectors (N × dim, row-major). */
  setVectors(vectors: Float32Array): void {
    if (vectors.length % this.dim !== 0) throw new ShapeError(`ExactIndex.setVectors: expected a multiple of ${this.dim} values for vectors but received ${vectors.length}`);
    this.#matrixT?.dispose();
    const n = vectors.length / this.dim;
    this.#matrixT = n === 0 ? null : keep(tidy(() => transpose(tensor(vectors, [n, this.dim]), 0, 1).clone()));
  }

  get size(): number {
    return this.#matrixT?.shape[1] ?? 0;
  }

  search(queries: Float32Array, k: number): Neighbours {
    const q = queries.length / this.dim;
    if (!Number.isInteger(q)) throw new ShapeError(`ExactIndex.search: expected a multiple of ${this.dim} values for queries but received ${queries.length}`);
    const kk = Math.min(k, this.size);
    if (kk === 0 || q === 0 || !this.#matrixT) return { indices: new Int32Array(0), distances: new Float32Array(0), k: 0 };
    const matrixT = this.#matrixT;
    return noGrad(() => tidy(() => {
      const sims = matmul(tensor(queries, [q, this.dim]), matrixT);
      const best = topk(sims, kk, { dim: 1 });
      const distances = sqrt(clampMin(rsub(mul(best.values, 2), 2), 0));
      return { indices: best.indices.to('int32').data<'int32'>(), distances: distances.data<'float32'>(), k: kk };
    }));
  }

  dispose(): void {
    this.#matrixT?.dispose();
    this.#matrixT = null;
  }
}
