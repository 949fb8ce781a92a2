// Reader for the IDX format (MNIST and friends): magic 00 00 <dtype> <ndims>, big-endian
// uint32 dims, then big-endian values. Gzip is detected by its magic bytes (1f 8b), not by
// the file name, because mirrors disagree about keeping the ".gz".
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../util/errors.ts';

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dtype: IdxDtype;
  dims: number[];
  data: IdxData;
}

const dtypes: Record<number, { dtype: IdxDtype; bytes: number }> = {
  0x08: { dtype: 'uint8', bytes: 1 },
  0x09: { dtype: 'int8', bytes: 1 },
  0x0b: { dtype: 'int16', bytes: 2 },
  0x0c: { dtype: 'int32', bytes: 4 },
  0x0d: { dtype: 'float32', bytes: 4 },
  0x0e: { dtype: 'float64', bytes: 8 },
};

/** Reads an IDX file, raw or gzipped. */
export async function readIdx(file: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new DataError(`readIdx: could not read IDX file ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  return parseIdx(bytes, file);
}

/** Parses IDX bytes (raw or gzipped); `file` is only used in error messages. */
export function parseIdx(input: Uint8Array, file = '<buffer>'): IdxArray {
  const bytes = isGzip(input) ? gunzip(input, file) : input;
  const fail = (what: string, received: string, hint = ''): never => {
    throw new DataError(`parseIdx: expected ${what} in IDX file ${file} but received ${received}.${hint ? ' ' + hint : ''}`, {
      file,
    });
  };
  if (bytes.length < 4) fail('a 4-byte header', `${bytes.length} bytes`, 'The file is truncated or empty.');
  const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
  const type = dtypes[bytes[2]!];
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined || bytes[3] === 0) {
    fail('magic 00 00 <dtype 08|09|0b|0c|0d|0e> <ndims ≥ 1>', hex, 'This is not an IDX file (or is compressed with something other than gzip).');
  }
  const { dtype, bytes: width } = type!;
  const ndims = bytes[3]!;
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) fail(`${headerBytes} header bytes for ${ndims} dims`, `${bytes.length} bytes`, 'The file is truncated.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let d = 0; d < ndims; d++) dims.push(view.getUint32(4 + 4 * d, false));
  const count = dims.reduce((a, b) => a * b, 1);
  const bodyBytes = count * width;
  // Checked both ways before anything is allocated: a header claiming more than the file holds
  // is truncation, one claiming less means the dims are wrong (IDX has no trailer).
  const received = bytes.length - headerBytes;
  if (received !== bodyBytes) {
    const hint = received < bodyBytes ? 'The file is truncated, or its dims are wrong.' : 'The dims in its header do not match its length.';
    fail(`${bodyBytes} data bytes for dims [${dims.join(', ')}]`, `${received}`, hint);
  }
  return { dtype, dims, data: decodeBody(view, headerBytes, count, dtype, bytes) };
}

function decodeBody(view: DataView, offset: number, count: number, dtype: IdxDtype, bytes: Uint8Array): IdxData {
  switch (dtype) {
    case 'uint8':
      // Zero-copy view: MNIST's 47 MB of training images are never duplicated.
      return bytes.subarray(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.buffer, bytes.byteOffset + offset, count);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Uint8Array, file: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DataError(
      `parseIdx: expected a complete gzip stream in IDX file ${file} but decompression failed: ${(error as Error).message}. ` +
        'The download may be truncated.',
      { file, cause: error },
    );
  }
}
