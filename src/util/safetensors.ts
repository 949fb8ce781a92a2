// The safetensors format, byte for byte as Python's `safetensors` (0.8) writes it, so state
// dicts and embeddings move between reid and PyTorch: u64 LE header length N, N bytes of JSON
// padded with spaces to a multiple of 8, then the tensors back to back, little-endian, C order.
import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { writeFileAtomic } from './atomic-write.ts';
import { ArgumentError, DataError, expected } from './errors.ts';
import {
  SAFETENSORS_DTYPES,
  checkSafetensorsTensor,
  elementCount,
  isSafetensorsDtype,
  isShape,
  safetensorsArrayType,
  safetensorsDtypeRank,
  type SafetensorsDtype,
  type SafetensorsTensor,
} from './safetensors-dtype.ts';

export interface SafetensorsFile {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

export interface DecodeSafetensorsOptions {
  /** Named in error messages (the file path, when decoding a file). */
  source?: string;
}

const MAX_HEADER_BYTES = 100_000_000; // Python's limit: a larger header is a corrupt file, not a model.

function checkHostEndianness(fn: string): void {
  // TypedArrays use host byte order; the format is little-endian.
  if (endianness() !== 'LE') throw new ArgumentError(`${fn}: safetensors is supported only on little-endian hosts.`);
}

/** Rust orders names by UTF-8 bytes; JS `<` compares UTF-16 units, which differs above U+FFFF. */
function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** A JSON object from [key, JSON text] pairs, keys in the given order (a JS object lists "0", "1" first). */
function jsonObject(entries: [string, string][]): string {
  return `{${entries.map(([key, json]) => `${JSON.stringify(key)}:${json}`).join(',')}}`;
}

/** Serialises tensors (and string metadata) exactly as Python's `safetensors.numpy.save` does. */
export function encodeSafetensors(tensors: Record<string, SafetensorsTensor>, metadata?: Record<string, string>): Uint8Array {
  checkHostEndianness('encodeSafetensors');
  const names = Object.keys(tensors);
  for (const name of names) checkSafetensorsTensor('encodeSafetensors', name, tensors[name]);
  if (names.includes('__metadata__')) {
    throw new ArgumentError(expected('encodeSafetensors', 'tensors', 'no tensor named __metadata__ (reserved)', '__metadata__'));
  }
  names.sort((a, b) => safetensorsDtypeRank(tensors[b]!.dtype) - safetensorsDtypeRank(tensors[a]!.dtype) || compareUtf8(a, b));

  const header: [string, string][] = [];
  if (metadata !== undefined) {
    const entries = Object.entries(metadata);
    for (const [key, value] of entries) {
      if (typeof value !== 'string') throw new ArgumentError(expected('encodeSafetensors', `metadata.${key}`, 'a string', value));
    }
    // Python emits metadata in hash order; sorted keys make our output reproducible.
    const sorted = entries.sort(([a], [b]) => compareUtf8(a, b));
    header.push(['__metadata__', jsonObject(sorted.map(([key, value]) => [key, JSON.stringify(value)]))]);
  }
  let offset = 0;
  for (const name of names) {
    const { dtype, shape, data } = tensors[name]!;
    header.push([name, JSON.stringify({ dtype, shape, data_offsets: [offset, offset + data.byteLength] })]);
    offset += data.byteLength;
  }
  const json = new TextEncoder().encode(jsonObject(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const bytes = new Uint8Array(8 + headerLength + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, 8);
  bytes.fill(0x20, 8 + json.length, 8 + headerLength);
  let position = 8 + headerLength;
  for (const name of names) {
    const { data } = tensors[name]!;
    bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    position += data.byteLength;
  }
  return bytes;
}

function corrupt(source: string | undefined, param: string, what: string, received: unknown, hint = ''): DataError {
  const where = source === undefined ? 'The buffer is not a valid safetensors file.' : `File ${source} is not a valid safetensors file.`;
  return new DataError(expected('decodeSafetensors', param, what, received, `${where}${hint ? ` ${hint}` : ''}`), {
    file: source,
  });
}

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

function parseHeader(bytes: Uint8Array, source: string | undefined): { json: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8) throw corrupt(source, 'file length', 'at least 8 bytes', bytes.length, 'It is truncated.');
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw corrupt(source, 'header length', `at most ${Math.min(MAX_HEADER_BYTES, bytes.length - 8)} bytes (the rest of the file)`, Number(length), 'It is truncated or not safetensors.');
  }
  const dataStart = 8 + Number(length);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart));
  } catch (error) {
    throw corrupt(source, 'header', 'UTF-8 text', `${Number(length)} bytes`, (error as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw corrupt(source, 'header', 'a JSON object', text.slice(0, 40), (error as Error).message);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw corrupt(source, 'header', 'a JSON object', json);
  return { json: json as Record<string, unknown>, dataStart };
}

function parseEntries(json: Record<string, unknown>, source: string | undefined): Entry[] {
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(json)) {
    if (name === '__metadata__') continue;
    const param = `header[${JSON.stringify(name)}]`;
    const { dtype, shape, data_offsets: offsets } = (info ?? {}) as Record<string, unknown>;
    if (!isSafetensorsDtype(dtype)) throw corrupt(source, `${param}.dtype`, `one of ${SAFETENSORS_DTYPES.join(', ')}`, dtype);
    if (!isShape(shape)) throw corrupt(source, `${param}.shape`, 'an array of non-negative integers', shape);
    if (!isShape(offsets) || offsets.length !== 2 || offsets[1]! < offsets[0]!) {
      throw corrupt(source, `${param}.data_offsets`, 'a pair [begin, end] with 0 <= begin <= end', offsets);
    }
    const [begin, end] = offsets as [number, number];
    const byteLength = elementCount(shape) * safetensorsArrayType(dtype).BYTES_PER_ELEMENT;
    if (end - begin !== byteLength) {
      throw corrupt(source, `${param}.data_offsets`, `a span of ${byteLength} bytes (shape [${shape}] of ${dtype})`, offsets);
    }
    entries.push({ name, dtype, shape, begin, end });
  }
  return entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
}

function parseMetadata(value: unknown, source: string | undefined): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw corrupt(source, 'header.__metadata__', 'an object of strings', value);
  }
  for (const [key, inner] of Object.entries(value)) {
    if (typeof inner !== 'string') throw corrupt(source, `header.__metadata__.${key}`, 'a string', inner);
  }
  return { ...(value as Record<string, string>) };
}

/** Parses and validates a safetensors buffer; each tensor is copied into its own aligned array. */
export function decodeSafetensors(bytes: Uint8Array, options: DecodeSafetensorsOptions = {}): SafetensorsFile {
  const { source } = options;
  checkHostEndianness('decodeSafetensors');
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(expected('decodeSafetensors', 'bytes', 'a Uint8Array', bytes));
  const { json, dataStart } = parseHeader(bytes, source);
  const entries = parseEntries(json, source);
  const dataLength = bytes.length - dataStart;
  let expectedBegin = 0;
  for (const entry of entries) {
    if (entry.begin !== expectedBegin) {
      throw corrupt(source, `header[${JSON.stringify(entry.name)}].data_offsets`, `to begin at byte ${expectedBegin} (tensors are contiguous)`, [entry.begin, entry.end]);
    }
    expectedBegin = entry.end;
  }
  if (expectedBegin !== dataLength) {
    throw corrupt(source, 'data length', `${expectedBegin} bytes after the header (as the offsets say)`, dataLength, expectedBegin > dataLength ? 'It is truncated.' : 'It has trailing bytes.');
  }
  const tensors: [string, SafetensorsTensor][] = entries.map(({ name, dtype, shape, begin, end }) => {
    const start = bytes.byteOffset + dataStart;
    const copy = bytes.buffer.slice(start + begin, start + end) as ArrayBuffer;
    return [name, { dtype, shape, data: new (safetensorsArrayType(dtype))(copy) } as SafetensorsTensor];
  });
  // fromEntries defines own properties, so a tensor named "__proto__" cannot touch the prototype.
  return { tensors: Object.fromEntries(tensors), metadata: parseMetadata(json.__metadata__, source) };
}

/** Writes a safetensors file atomically (old file or new, never a torn one). */
export async function saveSafetensors(
  path: string,
  tensors: Record<string, SafetensorsTensor>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/** Reads a safetensors file; errors name the file. */
export async function loadSafetensors(path: string): Promise<SafetensorsFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataError(`loadSafetensors: could not read ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
  return decodeSafetensors(bytes, { source: path });
}
