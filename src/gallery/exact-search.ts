// Exact k-nearest-neighbour search: chunks of queries against blocks of stored rows on the engine
// (engine-search.ts), so memory stays at one block whatever the gallery's size. Ranked by
// ‖q − x̂‖² (vectors need not be normalised), where x̂ is a stored row as its storage decodes it
// (vector-storage.ts). The rows are in memory (setVectors) or in an index file read block by block
// (openFile). A few queries at a time against rows in memory take the quantised scan instead
// (quantised-scan.ts): a pass over int8 codes re-scored exactly, about a quarter of the memory
// traffic of a float32 matrix-vector product.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { searchBlocks } from './engine-search.ts';
import type { NeighbourIndex, Neighbours } from './neighbour-index.ts';
import { quantisedRowsOf, quantisedSearch, type QuantisedRows } from './quantised-scan.ts';
import { FileBlocks, MemoryBlocks, type VectorBlocks } from './vector-blocks.ts';
import { bytesPerItem, checkVectorStorage, encodeVectors, type EncodedVectors, type VectorStorage } from './vector-storage.ts';
import { threadCount } from '../binding/thread-count.ts';

export interface ExactIndexOptions {
  /**
   * 'float64' ranks and measures in double precision, as a plain loop would (t-SNE's
   * affinities); 'float32' (default) is faster, and its squared distances carry a rounding
   * error of about 1e-7 × (‖q‖² + ‖g‖²).
   */
  dtype?: 'float32' | 'float64';
  /** How rows are stored (default 'float32', exact); float16 halves memory and int8 quarters it, at a recall cost the benchmark reports. */
  storage?: VectorStorage;
  /**
   * Stored rows per block. Default: float32 rows in memory are views, so a block is as large as the
   * 64 MB score budget allows (all of 1M rows for one query: one matrix-vector pass); other
   * storages convert each block to float, so 2^23 / dim rows (64k at dim 128, a 32 MB block).
   */
  blockRows?: number;
  /**
   * Whether up to `quantisedQueries` queries at a time take the quantised scan (quantised-scan.ts)
   * rather than the engine. Default true for rows in memory in float32 or int8-dim storage and
   * dtype float32: float32 results are the same rows (certified, re-scored in double), int8-dim
   * results the codes' own distances. The scan keeps int8 codes beside float32 rows (+132 bytes an
   * item at dim 128) and holds a reference to the rows given to setVectors, which must not change.
   */
  quantisedScan?: boolean;
}

/**
 * Queries per call up to which the scan is used: a scan costs one pass over the codes per query,
 * the engine one pass over the float32 rows per chunk of queries, so from about 4 queries on
 * (4 code passes = 1 float pass) the engine reads less.
 */
export const quantisedQueries = 3;

/** Most scores held at once per block (64 MB in float32). */
const blockScores = 1 << 24;

export class ExactIndex implements NeighbourIndex {
  readonly dtype: 'float32' | 'float64';
  readonly storage: VectorStorage;
  readonly blockRows: number;
  readonly quantisedScan: boolean;
  readonly #blockRowsGiven: boolean;
  #blocks: VectorBlocks | null = null;
  /** Rows in memory not yet on the engine: MemoryBlocks are made at the first search that needs them. */
  #encoded: EncodedVectors | null = null;
  #quantised: QuantisedRows | null = null;

  constructor(readonly dim: number, options: ExactIndexOptions = {}) {
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32' && this.dtype !== 'float64') throw new ArgumentError(`ExactIndex: expected 'float32' or 'float64' for options.dtype but received ${String(this.dtype)}.`);
    this.storage = checkVectorStorage(options.storage ?? 'float32', 'ExactIndex');
    this.#blockRowsGiven = options.blockRows !== undefined;
    this.blockRows = options.blockRows ?? Math.max(1024, Math.floor((1 << 23) / dim));
    if (!Number.isInteger(this.blockRows) || this.blockRows < 1) throw new ArgumentError(`ExactIndex: expected a positive integer for options.blockRows but received ${options.blockRows}`);
    const scannable = this.dtype === 'float32' && (this.storage === 'float32' || this.storage === 'int8-dim');
    this.quantisedScan = (options.quantisedScan ?? true) && scannable;
  }

  /** An index over an index file (ExactIndexFileWriter), read a block at a time: the gallery never sits in memory. */
  static openFile(path: string, options: Omit<ExactIndexOptions, 'storage' | 'quantisedScan'> = {}): ExactIndex {
    const blocks = new FileBlocks(path);
    // The scan needs the codes in memory; a file is searched block by block on the engine.
    const index = new ExactIndex(blocks.dim, { ...options, storage: blocks.storage, quantisedScan: false });
    index.#blocks = blocks;
    return index;
  }

  /** Replaces the indexed vectors (N × dim, row-major), encoded with this index's storage. */
  setVectors(vectors: Float32Array): void {
    if (vectors.length % this.dim !== 0) throw new ShapeError(`ExactIndex.setVectors: expected a multiple of ${this.dim} values for vectors but received ${vectors.length}`);
    this.setEncoded(encodeVectors(vectors, this.dim, this.storage));
  }

  /** Replaces the indexed vectors with rows already encoded (in this index's storage). */
  setEncoded(encoded: EncodedVectors): void {
    if (encoded.storage !== this.storage || encoded.dim !== this.dim) throw new ArgumentError(`ExactIndex.setEncoded: expected ${this.storage} rows of dim ${this.dim} but received ${encoded.storage} rows of dim ${encoded.dim}`);
    this.dispose();
    if (encoded.count === 0) return;
    this.#encoded = encoded;
    if (this.quantisedScan) {
      this.#quantised = encoded.storage === 'float32' ? quantisedRowsOf(encoded.codes as Float32Array, this.dim) : { codes: encoded };
    }
  }

  get size(): number {
    return this.#blocks?.size ?? this.#encoded?.count ?? 0;
  }

  /** The stored rows as engine blocks (made on first use for rows in memory). */
  #engineBlocks(): VectorBlocks | null {
    if (!this.#blocks && this.#encoded) this.#blocks = new MemoryBlocks(this.#encoded);
    return this.#blocks;
  }

  /** Bytes per indexed item (codes, squared norm, int8-row's scales, and the scan's int8 codes beside float32 rows), in memory or on disk. */
  get bytesPerItem(): number {
    return bytesPerItem(this.storage, this.dim) + (this.quantisedScan && this.storage === 'float32' ? bytesPerItem('int8-dim', this.dim) : 0);
  }

  search(queries: Float32Array, k: number): Neighbours {
    const q = queries.length / this.dim;
    if (!Number.isInteger(q)) throw new ShapeError(`ExactIndex.search: expected a multiple of ${this.dim} values for queries but received ${queries.length}`);
    if (!Number.isInteger(k) || k < 0) throw new ArgumentError(`ExactIndex.search: expected a non-negative integer for k but received ${k}`);
    for (let i = 0; i < queries.length; i++) {
      if (!Number.isFinite(queries[i]!)) throw new ArgumentError(`ExactIndex.search: expected finite values for queries but received ${queries[i]} at row ${Math.floor(i / this.dim)}, position ${i % this.dim}`);
    }
    const kk = Math.min(k, this.size);
    if (kk === 0 || q === 0) return { indices: new Int32Array(0), distances: new Float32Array(0), k: 0 };
    const indices = new Int32Array(q * kk);
    const distances = new Float32Array(q * kk);
    if (this.#quantised && q <= quantisedQueries) {
      // The scan's own threads (native/src/scan-pool.cc), not libtorch's: one query runs libtorch on one
      // thread (thread-count.ts), but its scan splits over the cores from 16k rows at dim 128 on.
      const threads = threadCount('batch');
      for (let row = 0; row < q; row++) {
        const found = quantisedSearch(this.#quantised, queries.subarray(row * this.dim, (row + 1) * this.dim), kk, threads);
        indices.set(found.indices, row * kk);
        for (let j = 0; j < kk; j++) distances[row * kk + j] = Math.sqrt(found.squared[j]!);
      }
      orderTies(indices, distances, kk);
      return { indices, distances, k: kk };
    }
    const blocks = this.#engineBlocks()!;
    const rowsPerChunk = Math.max(1, Math.floor(blockScores / Math.min(this.blockRows, this.size)));
    for (let start = 0; start < q; start += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, q - start);
      const views = !this.#blockRowsGiven && blocks instanceof MemoryBlocks && blocks.storage === 'float32';
      const blockRows = views ? Math.max(this.blockRows, Math.floor(blockScores / rows)) : this.blockRows;
      const found = searchBlocks(blocks, queries.subarray(start * this.dim, (start + rows) * this.dim), { rows, dim: this.dim, k: kk, blockRows, dtype: this.dtype });
      indices.set(found.indices, start * kk);
      distances.set(found.distances, start * kk);
    }
    orderTies(indices, distances, kk);
    return { indices, distances, k: kk };
  }

  dispose(): void {
    this.#blocks?.dispose();
    this.#blocks = null;
    this.#encoded = null;
    this.#quantised = null;
  }
}

/** Within each row, equal distances in ascending index order, so ties come out the same on every run. */
function orderTies(indices: Int32Array, distances: Float32Array, k: number): void {
  for (let row = 0; row < indices.length; row += k) {
    for (let i = row; i < row + k; ) {
      let j = i + 1;
      while (j < row + k && distances[j] === distances[i]) j++;
      if (j - i > 1) indices.subarray(i, j).sort();
      i = j;
    }
  }
}
