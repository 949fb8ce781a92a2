// An exact index on disk, for galleries larger than memory: a safetensors file (readable by Python's
// safetensors) holding "codes" [N, dim] (F32, F16 or U8), "sq_norms" [N] and the int8 scales, written
// block by block (the count is known up front, so every block lands at its final offset) to a temp
// file that is renamed into place. Searches read it a block at a time with positioned reads: Node has
// no mmap, usearch's Index.view maps only its own HNSW format, and a maintained mmap addon would buy
// nothing here, since each block is copied into an engine tensor anyway and the page cache keeps hot
// blocks in memory; the process holds one block, not the gallery.
import { closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { syncDir, tempNameBeside } from '../util/atomic-write.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { isVectorStorage, type DimScale, type EncodedVectors, type VectorStorage } from './vector-storage.ts';

const codeDtype = { float32: 'F32', float16: 'F16', 'int8-row': 'U8', 'int8-dim': 'U8' } as const;
const codeBytes = { float32: 4, float16: 2, 'int8-row': 1, 'int8-dim': 1 } as const;

interface Entry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export interface ExactIndexFileLayout {
  storage: VectorStorage;
  count: number;
  dim: number;
  /** Byte offset of the data section (after the 8-byte length and the header). */
  dataStart: number;
  entries: Record<string, Entry>;
  dimScale?: DimScale;
}

function layoutOf(storage: VectorStorage, count: number, dim: number): Record<string, Entry> {
  const entries: Record<string, Entry> = {};
  let offset = 0;
  const add = (name: string, dtype: string, shape: number[], bytes: number) => {
    entries[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  };
  add('codes', codeDtype[storage], [count, dim], count * dim * codeBytes[storage]);
  add('sq_norms', 'F32', [count], count * 4);
  if (storage === 'int8-row') {
    add('row_lo', 'F32', [count], count * 4);
    add('row_step', 'F32', [count], count * 4);
  }
  if (storage === 'int8-dim') {
    add('dim_lo', 'F32', [dim], dim * 4);
    add('dim_step', 'F32', [dim], dim * 4);
  }
  return entries;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

/** Writes an index file from encoded blocks appended in order; `close()` commits it. */
export class ExactIndexFileWriter {
  readonly #path: string;
  readonly #temp: string;
  readonly #fd: number;
  readonly #entries: Record<string, Entry>;
  readonly #dataStart: number;
  #written = 0;

  constructor(path: string, readonly storage: VectorStorage, readonly count: number, readonly dim: number, dimScale?: DimScale) {
    if (!isVectorStorage(storage)) throw new ArgumentError(`ExactIndexFileWriter: expected a vector storage for storage but received ${String(storage)}`);
    if (storage === 'int8-dim' && !dimScale) throw new ArgumentError('ExactIndexFileWriter: expected dimScale for storage int8-dim (every block must share one scale)');
    this.#path = path;
    this.#entries = layoutOf(storage, count, dim);
    const header = JSON.stringify({ __metadata__: { format: 'reid-exact-index', storage }, ...this.#entries });
    const padded = header.padEnd(Math.ceil(header.length / 8) * 8, ' ');
    this.#dataStart = 8 + padded.length;
    this.#temp = tempNameBeside(path, 'tmp');
    this.#fd = openSync(this.#temp, 'wx');
    const prefix = Buffer.alloc(8);
    prefix.writeBigUInt64LE(BigInt(padded.length));
    writeSync(this.#fd, prefix, 0, 8, 0);
    writeSync(this.#fd, Buffer.from(padded, 'utf8'), 0, padded.length, 8);
    if (dimScale) {
      this.#put('dim_lo', 0, dimScale.lo);
      this.#put('dim_step', 0, dimScale.step);
    }
  }

  #put(name: string, byteOffset: number, values: ArrayBufferView): void {
    const bytes = bytesOf(values);
    writeSync(this.#fd, bytes, 0, bytes.length, this.#dataStart + this.#entries[name]!.data_offsets[0] + byteOffset);
  }

  /** Appends the next rows (encoded with this file's storage, and for int8-dim its scale). */
  append(block: EncodedVectors): void {
    if (block.storage !== this.storage || block.dim !== this.dim) throw new ArgumentError(`ExactIndexFileWriter.append: expected ${this.storage} rows of dim ${this.dim} but received ${block.storage} rows of dim ${block.dim}`);
    if (this.#written + block.count > this.count) throw new ArgumentError(`ExactIndexFileWriter.append: expected at most ${this.count} rows in all but received ${this.#written + block.count}`);
    const at = this.#written;
    this.#put('codes', at * this.dim * codeBytes[this.storage], block.codes);
    this.#put('sq_norms', at * 4, block.sqNorms);
    if (this.storage === 'int8-row') {
      this.#put('row_lo', at * 4, block.rowLo!);
      this.#put('row_step', at * 4, block.rowStep!);
    }
    this.#written += block.count;
  }

  /** fsync, rename into place, fsync the directory. */
  async close(): Promise<void> {
    try {
      if (this.#written !== this.count) throw new ArgumentError(`ExactIndexFileWriter.close: expected ${this.count} rows but ${this.#written} were appended`);
      fsyncSync(this.#fd);
      closeSync(this.#fd);
      renameSync(this.#temp, this.#path);
    } catch (error) {
      this.abort();
      throw error;
    }
    await syncDir(dirname(this.#path));
  }

  /** Drops the temp file (after an error). */
  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
    rmSync(this.#temp, { force: true });
  }
}

/** Reads and checks an index file's header (and its small int8-dim scale). */
export function readExactIndexLayout(fd: number, file: string): ExactIndexFileLayout {
  const refuse = (what: string): never => {
    throw new DataError(`ExactIndex.openFile: expected a reid exact-index file (safetensors) but ${file} ${what}`, { file });
  };
  const prefix = Buffer.alloc(8);
  if (readSync(fd, prefix, 0, 8, 0) !== 8) refuse('is shorter than 8 bytes');
  const length = Number(prefix.readBigUInt64LE());
  if (length > 1 << 20) refuse(`declares a ${length}-byte header`);
  const text = Buffer.alloc(length);
  if (readSync(fd, text, 0, length, 8) !== length) refuse('ends inside its header');
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
  } catch {
    return refuse('has a header that is not JSON');
  }
  const meta = header.__metadata__ as Record<string, unknown> | undefined;
  const storage = meta?.storage;
  if (meta?.format !== 'reid-exact-index' || !isVectorStorage(storage)) return refuse('has no reid-exact-index metadata');
  const codes = header.codes as Entry | undefined;
  if (!codes || codes.shape.length !== 2) return refuse('has no 2-d "codes" tensor');
  const [count, dim] = codes.shape as [number, number];
  const entries = layoutOf(storage, count, dim);
  for (const [name, entry] of Object.entries(entries)) {
    const found = header[name] as Entry | undefined;
    if (!found || found.dtype !== entry.dtype || JSON.stringify(found.data_offsets) !== JSON.stringify(entry.data_offsets)) refuse(`has an unexpected "${name}" entry`);
  }
  const layout: ExactIndexFileLayout = { storage, count, dim, dataStart: 8 + length, entries };
  if (storage === 'int8-dim') {
    const lo = new Float32Array(dim);
    const step = new Float32Array(dim);
    readSync(fd, bytesOf(lo), 0, dim * 4, layout.dataStart + entries.dim_lo!.data_offsets[0]);
    readSync(fd, bytesOf(step), 0, dim * 4, layout.dataStart + entries.dim_step!.data_offsets[0]);
    layout.dimScale = { lo, step };
  }
  return layout;
}

/** Reads `rows` rows from `start` of one tensor of the file into `into` (which must be large enough). */
export function readRows(fd: number, layout: ExactIndexFileLayout, name: string, start: number, rows: number, rowBytes: number, into: Uint8Array): Uint8Array {
  const bytes = rows * rowBytes;
  const position = layout.dataStart + layout.entries[name]!.data_offsets[0] + start * rowBytes;
  let done = 0;
  while (done < bytes) {
    const n = readSync(fd, into, done, bytes - done, position + done);
    if (n === 0) throw new DataError(`ExactIndex: the index file ends inside "${name}" (rows ${start}..${start + rows})`);
    done += n;
  }
  return into.subarray(0, bytes);
}

export { codeBytes };
