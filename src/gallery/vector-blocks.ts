// Where an exact index's stored vectors come from, a block of rows at a time: engine tensors held in
// memory, or an index file read block by block (exact-index-file.ts). The search (exact-search.ts)
// sees only blocks, so both answer the same queries the same way.
import { closeSync, openSync } from 'node:fs';
import { tensor } from '../tensor/creation.ts';
import { keep, tidy } from '../tensor/memory.ts';
import { slice } from '../tensor/shape.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { codeBytes, readExactIndexLayout, readRows, type ExactIndexFileLayout } from './exact-index-file.ts';
import type { DimScale, EncodedVectors, VectorStorage } from './vector-storage.ts';

/** Rows [start, start + rows): codes in the storage's dtype, ‖x̂‖², and int8-row's scales (tensors of the caller's scope). */
export interface StoredBlock {
  codes: Tensor;
  sqNorms: Tensor;
  rowLo?: Tensor;
  rowStep?: Tensor;
}

export interface VectorBlocks {
  readonly storage: VectorStorage;
  readonly size: number;
  readonly dim: number;
  readonly dimScale?: DimScale;
  block(start: number, rows: number): StoredBlock;
  dispose(): void;
}

const codesDtype = (storage: VectorStorage) => (storage === 'float32' ? 'float32' : storage === 'float16' ? 'float16' : 'uint8');

/** Encoded vectors held as engine tensors; blocks are views. */
export class MemoryBlocks implements VectorBlocks {
  readonly storage: VectorStorage;
  readonly size: number;
  readonly dim: number;
  readonly dimScale?: DimScale;
  readonly #tensors: StoredBlock;

  constructor(encoded: EncodedVectors) {
    this.storage = encoded.storage;
    this.size = encoded.count;
    this.dim = encoded.dim;
    this.dimScale = encoded.dimScale;
    const { count, dim } = encoded;
    const tensors: StoredBlock = tidy(() => ({
      codes: tensor(encoded.codes, [count, dim], { dtype: codesDtype(encoded.storage) }),
      sqNorms: tensor(encoded.sqNorms, [count]),
      ...(encoded.rowLo ? { rowLo: tensor(encoded.rowLo, [count]), rowStep: tensor(encoded.rowStep!, [count]) } : {}),
    }));
    for (const t of Object.values(tensors) as Tensor[]) keep(t);
    this.#tensors = tensors;
  }

  block(start: number, rows: number): StoredBlock {
    const t = this.#tensors;
    const part = (x: Tensor) => slice(x, 0, start, start + rows);
    return { codes: part(t.codes), sqNorms: part(t.sqNorms), ...(t.rowLo ? { rowLo: part(t.rowLo), rowStep: part(t.rowStep!) } : {}) };
  }

  /** Bytes the tensors hold. */
  get bytes(): number {
    return this.size * (this.dim * codeBytes[this.storage] + 4 + (this.storage === 'int8-row' ? 8 : 0));
  }

  dispose(): void {
    for (const t of Object.values(this.#tensors) as Tensor[]) t.dispose();
  }
}

/** An index file read a block at a time into one reused buffer. */
export class FileBlocks implements VectorBlocks {
  readonly storage: VectorStorage;
  readonly size: number;
  readonly dim: number;
  readonly dimScale?: DimScale;
  readonly #fd: number;
  readonly #layout: ExactIndexFileLayout;
  #buffer = new Uint8Array(0);

  constructor(readonly path: string) {
    this.#fd = openSync(path, 'r');
    try {
      this.#layout = readExactIndexLayout(this.#fd, path);
    } catch (error) {
      closeSync(this.#fd);
      throw error;
    }
    this.storage = this.#layout.storage;
    this.size = this.#layout.count;
    this.dim = this.#layout.dim;
    this.dimScale = this.#layout.dimScale;
  }

  #read(name: string, start: number, rows: number, rowBytes: number, shape: number[], dtype: 'float32' | 'float16' | 'uint8'): Tensor {
    if (this.#buffer.length < rows * rowBytes) this.#buffer = new Uint8Array(rows * rowBytes);
    const bytes = readRows(this.#fd, this.#layout, name, start, rows, rowBytes, this.#buffer);
    // The tensor copies the bytes, so the buffer is free for the next read.
    const view = dtype === 'float32' ? new Float32Array(bytes.buffer, 0, bytes.length / 4) : dtype === 'float16' ? new Uint16Array(bytes.buffer, 0, bytes.length / 2) : bytes;
    return tensor(view, shape, { dtype });
  }

  block(start: number, rows: number): StoredBlock {
    const f32 = (name: string) => this.#read(name, start, rows, 4, [rows], 'float32');
    return {
      codes: this.#read('codes', start, rows, this.dim * codeBytes[this.storage], [rows, this.dim], codesDtype(this.storage)),
      sqNorms: f32('sq_norms'),
      ...(this.storage === 'int8-row' ? { rowLo: f32('row_lo'), rowStep: f32('row_step') } : {}),
    };
  }

  dispose(): void {
    closeSync(this.#fd);
  }
}
