// A compact binary form of one image's local features, so a gallery computes them once at
// enrolment and stores them: little-endian header, keypoints as float32 N×5, descriptors as
// uint8 N×128 (RootSIFT is already quantised), and a CRC-32 so torn or altered files are refused.
//   "RLF1" | u8 version | u8 descriptor (0 sift, 1 rootsift) | u16 0 | u32 N | u32 width, height, sourceWidth, sourceHeight
//   | f32 keypoints[5N] | u8 descriptors[128N] | u32 crc32(everything before)
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { DataError } from '../util/errors.ts';
import { checkLocalFeatures, DESCRIPTOR_BYTES, KEYPOINT_FIELDS, type LocalFeatures } from './local-features.ts';

const MAGIC = 'RLF1';
const VERSION = 1;
const HEADER_BYTES = 28;
const MAX_KEYPOINTS = 1 << 20;

/** Bytes of the encoding of `count` keypoints. */
export function encodedFeatureBytes(count: number): number {
  return HEADER_BYTES + count * (KEYPOINT_FIELDS * 4 + DESCRIPTOR_BYTES) + 4;
}

export function encodeLocalFeatures(features: LocalFeatures): Uint8Array {
  checkLocalFeatures('encodeLocalFeatures', 'features', features);
  const n = features.keypoints.length / KEYPOINT_FIELDS;
  const out = new Uint8Array(encodedFeatureBytes(n));
  const view = new DataView(out.buffer);
  out.set(Buffer.from(MAGIC, 'ascii'), 0);
  view.setUint8(4, VERSION);
  view.setUint8(5, features.descriptor === 'rootsift' ? 1 : 0);
  view.setUint32(8, n, true);
  [features.width, features.height, features.sourceWidth, features.sourceHeight].forEach((v, i) => view.setUint32(12 + 4 * i, v, true));
  for (let i = 0; i < n * KEYPOINT_FIELDS; i++) view.setFloat32(HEADER_BYTES + 4 * i, features.keypoints[i]!, true);
  const descriptorsAt = HEADER_BYTES + n * KEYPOINT_FIELDS * 4;
  out.set(features.descriptors, descriptorsAt);
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

/** Decodes and checks `bytes`; `label` (usually the file) is named in every DataError. */
export function decodeLocalFeatures(bytes: Uint8Array, label = '<buffer>'): LocalFeatures {
  const fn = 'decodeLocalFeatures';
  const bad = (what: string): never => {
    throw new DataError(`${fn}: ${label} is not a valid local-feature file: ${what}.`, { file: label === '<buffer>' ? undefined : label });
  };
  if (!(bytes instanceof Uint8Array)) bad('expected bytes (a Uint8Array)');
  if (bytes.length < HEADER_BYTES + 4) bad(`${bytes.length} bytes is shorter than the ${HEADER_BYTES + 4}-byte header and checksum`);
  if (Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== MAGIC) bad(`expected magic "${MAGIC}" at the start`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(4) !== VERSION) bad(`version ${view.getUint8(4)} is not the supported ${VERSION}`);
  const kind = view.getUint8(5);
  if (kind > 1) bad(`descriptor code ${kind} is neither 0 (sift) nor 1 (rootsift)`);
  const n = view.getUint32(8, true);
  if (n > MAX_KEYPOINTS) bad(`${n} keypoints is more than ${MAX_KEYPOINTS}`);
  if (bytes.length !== encodedFeatureBytes(n)) bad(`${n} keypoints need ${encodedFeatureBytes(n)} bytes but it holds ${bytes.length} (truncated?)`);
  const stored = view.getUint32(bytes.length - 4, true);
  if (crc32(bytes.subarray(0, bytes.length - 4)) !== stored) bad('the checksum does not match (corrupted)');
  const [width, height, sourceWidth, sourceHeight] = [0, 1, 2, 3].map((i) => view.getUint32(12 + 4 * i, true)) as [number, number, number, number];
  const keypoints = new Float32Array(n * KEYPOINT_FIELDS);
  for (let i = 0; i < keypoints.length; i++) {
    const value = view.getFloat32(HEADER_BYTES + 4 * i, true);
    if (!Number.isFinite(value)) bad(`keypoint value ${i} is ${value}`);
    keypoints[i] = value;
  }
  const descriptorsAt = HEADER_BYTES + n * KEYPOINT_FIELDS * 4;
  // A plain Uint8Array copy (not a Buffer view), so the file's bytes can be dropped.
  const descriptors = new Uint8Array(bytes.subarray(descriptorsAt, descriptorsAt + n * DESCRIPTOR_BYTES));
  if (width < 1 || height < 1 || sourceWidth < 1 || sourceHeight < 1) bad(`image size ${width}×${height} (source ${sourceWidth}×${sourceHeight}) is empty`);
  return { width, height, sourceWidth, sourceHeight, descriptor: kind === 1 ? 'rootsift' : 'sift', keypoints, descriptors };
}

/** Writes the encoding atomically (a crash leaves the old file or the new, never a torn one). */
export async function saveLocalFeatures(path: string, features: LocalFeatures): Promise<void> {
  await writeFileAtomic(path, encodeLocalFeatures(features));
}

export async function loadLocalFeatures(path: string): Promise<LocalFeatures> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new DataError(`loadLocalFeatures: could not read ${path}: ${(error as Error).message}`, { file: path, cause: error });
  }
  return decodeLocalFeatures(bytes, path);
}
