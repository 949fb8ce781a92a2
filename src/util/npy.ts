// NumPy .npy files (format 1.0 written, 1.0-3.0 read) so embeddings and distance matrices open
// directly with `np.load`. Little-endian, C order; the header is laid out exactly as NumPy lays it
// out, so our files are byte-identical to `np.save` for the same array.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { writeFileAtomic } from './atomic-write.ts';
import { ArgumentError, DataError, expected } from './errors.ts';

export interface NpyArrays {
  float32: Float32Array;
  float64: Float64Array;
  int32: Int32Array;
  int64: BigInt64Array;
  uint8: Uint8Array;
}

export type NpyDtype = keyof NpyArrays;
export type NpyData = NpyArrays[NpyDtype];

/** An array read from a .npy file, tagged by dtype so `switch (array.dtype)` narrows `data`. */
export type NpyArray = { [D in NpyDtype]: { dtype: D; shape: number[]; data: NpyArrays[D] } }[NpyDtype];

export interface DecodeNpyOptions {
  /** Named in error messages (the file path, when decoding a file). */
  source?: string;
}

type NpyConstructor = { new (buffer: ArrayBuffer): NpyData; readonly BYTES_PER_ELEMENT: number };

const FORMATS: { dtype: NpyDtype; descr: string[]; type: NpyConstructor }[] = [
  { dtype: 'float32', descr: ['<f4'], type: Float32Array },
  { dtype: 'float64', descr: ['<f8'], type: Float64Array },
  { dtype: 'int32', descr: ['<i4'], type: Int32Array },
  { dtype: 'int64', descr: ['<i8'], type: BigInt64Array },
  { dtype: 'uint8', descr: ['|u1', '<u1'], type: Uint8Array },
];

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const ALIGNMENT = 64; // NumPy pads the whole header so the data starts 64-byte aligned.
const GROWTH_AXIS_MAX_DIGITS = 21; // NumPy leaves room to rewrite the first dimension in place.

function checkHostEndianness(fn: string): void {
  if (endianness() !== 'LE') throw new ArgumentError(`${fn}: .npy support assumes a little-endian host.`);
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Serialises `data` with `shape` (C order) as a .npy v1.0 file. */
export function encodeNpy(data: NpyData, shape: readonly number[]): Uint8Array {
  checkHostEndianness('encodeNpy');
  const format = FORMATS.find(({ type }) => data instanceof type);
  if (format === undefined) {
    throw new ArgumentError(
      expected('encodeNpy', 'data', 'a Float32Array, Float64Array, Int32Array, BigInt64Array or Uint8Array', data),
    );
  }
  if (!Array.isArray(shape) || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw new ArgumentError(expected('encodeNpy', 'shape', 'an array of non-negative integers', shape));
  }
  if (elementCount(shape) !== data.length) {
    throw new ArgumentError(
      expected('encodeNpy', 'data', `${elementCount(shape)} elements for shape [${shape.join(', ')}]`, data),
    );
  }
  // Python's tuple repr: (), (3,), (2, 3).
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${format.descr[0]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const header = `${dict}${' '.repeat((ALIGNMENT - (unpadded % ALIGNMENT)) % ALIGNMENT)}\n`;
  if (header.length > 0xffff) {
    throw new ArgumentError(expected('encodeNpy', 'shape', 'a shape whose header fits .npy v1.0 (64 KiB)', shape));
  }
  const bytes = new Uint8Array(MAGIC.length + 4 + header.length + data.byteLength);
  bytes.set(MAGIC, 0);
  bytes.set([1, 0], MAGIC.length);
  new DataView(bytes.buffer).setUint16(MAGIC.length + 2, header.length, true);
  bytes.set(Buffer.from(header, 'latin1'), MAGIC.length + 4);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), MAGIC.length + 4 + header.length);
  return bytes;
}

function corrupt(source: string | undefined, param: string, what: string, received: unknown, hint = ''): DataError {
  const where = source === undefined ? 'The buffer is not a readable .npy file.' : `File ${source} is not a readable .npy file.`;
  return new DataError(expected('decodeNpy', param, what, received, `${where}${hint ? ` ${hint}` : ''}`), { file: source });
}

/** Parses a .npy buffer (versions 1.0 to 3.0); the data is copied into its own aligned array. */
export function decodeNpy(bytes: Uint8Array, options: DecodeNpyOptions = {}): NpyArray {
  const { source } = options;
  checkHostEndianness('decodeNpy');
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(expected('decodeNpy', 'bytes', 'a Uint8Array', bytes));
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw corrupt(source, 'magic', 'the bytes \\x93NUMPY', Buffer.from(bytes.subarray(0, 6)).toString('latin1'));
  }
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw corrupt(source, 'version', 'format version 1, 2 or 3', `${major}.${bytes[7]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) throw corrupt(source, 'file length', `at least ${8 + lengthSize} bytes`, bytes.length, 'It is truncated.');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthSize + headerLength;
  if (dataStart > bytes.length) throw corrupt(source, 'header length', `at most ${bytes.length - 8 - lengthSize} bytes`, headerLength, 'It is truncated.');
  const header = Buffer.from(bytes.subarray(8 + lengthSize, dataStart)).toString(major === 3 ? 'utf8' : 'latin1');

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const format = FORMATS.find((candidate) => descr !== undefined && candidate.descr.includes(descr));
  if (format === undefined) {
    throw corrupt(source, 'descr', "one of '<f4', '<f8', '<i4', '<i8', '|u1'", descr ?? header.trim(), 'Convert with arr.astype(...) in NumPy.');
  }
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  if (fortran !== 'False') {
    throw corrupt(source, 'fortran_order', 'False (C order)', fortran ?? header.trim(), 'Save np.ascontiguousarray(arr) instead.');
  }
  const tuple = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  const shape = tuple?.split(',').map((part) => part.trim()).filter((part) => part !== '').map(Number);
  if (shape === undefined || !shape.every((size) => Number.isSafeInteger(size) && size >= 0)) {
    throw corrupt(source, 'shape', 'a tuple of non-negative integers', tuple ?? header.trim());
  }
  const byteLength = elementCount(shape) * format.type.BYTES_PER_ELEMENT;
  if (bytes.length - dataStart !== byteLength) {
    throw corrupt(source, 'data length', `${byteLength} bytes for shape (${shape.join(', ')}) of ${descr}`, bytes.length - dataStart,
      bytes.length - dataStart < byteLength ? 'It is truncated.' : 'It has trailing bytes.');
  }
  const start = bytes.byteOffset + dataStart;
  const data = new format.type(bytes.buffer.slice(start, start + byteLength) as ArrayBuffer);
  return { dtype: format.dtype, shape, data } as NpyArray;
}

/** Writes a .npy file atomically. */
export async function saveNpy(path: string, data: NpyData, shape: readonly number[]): Promise<void> {
  await writeFileAtomic(path, encodeNpy(data, shape));
}

/** Reads a .npy file; errors name the file. */
export async function loadNpy(path: string): Promise<NpyArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataError(`loadNpy: could not read ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
  return decodeNpy(bytes, { source: path });
}
