// Approximate search for galleries too large for exact search: an HNSW graph from usearch
// (prebuilt binaries, no download). Vectors are added in batches, which usearch spreads over its
// own threads; the graph can be saved and memory-mapped back (usearch's view), so a gallery larger
// than memory is searched from its file. The defaults come from bench/gallery.ts's grid on reid's
// replicated MNIST embeddings (docs/SCALE.md): build cost grows with expansionAdd far faster than
// recall does (100k: ef_add 128 cost 1.8× the CPU of 64 for +0.001 recall@10), so insertion stays
// cheap and search widens instead; at 1M, near-duplicate sightings need a wide expansionSearch.
import { createRequire } from 'node:module';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import type { NeighbourIndex, Neighbours } from './neighbour-index.ts';

interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(vectors: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array; counts?: BigUint64Array; k?: number };
  size(): number;
  save(path: string): void;
  load(path: string): void;
  view(path: string): void;
}
type UsearchModule = { Index: new (options: Record<string, unknown>) => UsearchIndex };

/** How usearch stores each vector in the graph: f16 halves memory, i8 (for vectors in [-1, 1]) quarters it. */
export type HnswScalar = 'f32' | 'f16' | 'i8';

export interface HnswOptions {
  /** Graph degree M (default 16). */
  connectivity?: number;
  /** Candidate list while inserting (default 64). */
  expansionAdd?: number;
  /** Candidate list while searching (default 256). */
  expansionSearch?: number;
  /**
   * Stored scalar type (default 'f16': on reid's embeddings at 10k and 100k it kept f32's recall@10 at half the
   * vector bytes, built with 0.6-0.8x the CPU and searched ~2x faster; 'f32' for vectors beyond f16's range or
   * precision; 'i8' caps recall near 0.93 on unit vectors, whose small components use few of its levels).
   */
  scalar?: HnswScalar;
  /** Threads for batch add and batch search (default 0: usearch uses every core). */
  threads?: number;
}

const positiveInteger = (value: number | undefined, name: string, min: number): number | undefined => {
  if (value !== undefined && !(Number.isInteger(value) && value >= min)) throw new ArgumentError(`HnswIndex: expected an integer ≥ ${min} for options.${name} but received ${value}`);
  return value;
};

export class HnswIndex implements NeighbourIndex {
  readonly #index: UsearchIndex;
  readonly options: Readonly<Required<HnswOptions>>;

  constructor(readonly dim: number, options: HnswOptions = {}) {
    const scalar = options.scalar ?? 'f16';
    if (!['f32', 'f16', 'i8'].includes(scalar)) throw new ArgumentError(`HnswIndex: expected 'f32', 'f16' or 'i8' for options.scalar but received ${String(scalar)}`);
    this.options = {
      connectivity: positiveInteger(options.connectivity, 'connectivity', 2) ?? 16,
      expansionAdd: positiveInteger(options.expansionAdd, 'expansionAdd', 1) ?? 64,
      expansionSearch: positiveInteger(options.expansionSearch, 'expansionSearch', 1) ?? 256,
      scalar,
      threads: positiveInteger(options.threads, 'threads', 0) ?? 0,
    };
    const usearch = createRequire(import.meta.url)('usearch') as UsearchModule;
    this.#index = new usearch.Index({
      metric: 'l2sq', dimensions: dim, quantization: scalar, connectivity: this.options.connectivity,
      expansion_add: this.options.expansionAdd, expansion_search: this.options.expansionSearch,
    });
  }

  /**
   * A graph saved with `save`, memory-mapped rather than read (usearch's view): pages load as
   * searches touch them, so the graph need not fit in memory. Read-only; `options` set the search
   * expansion, and must match the saved dim and scalar.
   */
  static view(path: string, dim: number, options: HnswOptions = {}): HnswIndex {
    const index = new HnswIndex(dim, options);
    index.#index.view(path);
    return index;
  }

  /** Adds N × dim vectors under keys firstKey, firstKey + 1, ... in one batch (usearch's threads). */
  add(vectors: Float32Array, firstKey = 0): void {
    if (vectors.length % this.dim !== 0) throw new ShapeError(`HnswIndex.add: expected a multiple of ${this.dim} values for vectors but received ${vectors.length}`);
    const n = vectors.length / this.dim;
    if (n === 0) return;
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(firstKey + i);
    this.#index.add(keys, vectors, this.options.threads);
  }

  get size(): number {
    return this.#index.size();
  }

  /** Writes the graph and its vectors to `path` (usearch's format; `view` maps it back). */
  save(path: string): void {
    this.#index.save(path);
  }

  /** All queries in one batch (usearch's threads); a row it fills only partly ends in −1 / +∞. */
  search(queries: Float32Array, k: number): Neighbours {
    if (queries.length % this.dim !== 0) throw new ShapeError(`HnswIndex.search: expected a multiple of ${this.dim} values for queries but received ${queries.length}`);
    const q = queries.length / this.dim;
    const kk = Math.min(k, this.size);
    const indices = new Int32Array(q * kk).fill(-1);
    const distances = new Float32Array(q * kk).fill(Number.POSITIVE_INFINITY);
    if (kk === 0 || q === 0) return { indices, distances, k: kk };
    const found = this.#index.search(queries, kk, this.options.threads);
    for (let i = 0; i < q; i++) {
      // One query comes back as one row of `count` matches; a batch as q rows of width kk with counts.
      const count = q === 1 ? found.keys.length : Number(found.counts![i]);
      for (let j = 0; j < Math.min(count, kk); j++) {
        indices[i * kk + j] = Number(found.keys[i * kk + j]);
        distances[i * kk + j] = Math.sqrt(Math.max(0, found.distances[i * kk + j]!));
      }
    }
    return { indices, distances, k: kk };
  }
}
