// One image's local features as reid keeps them: SIFT keypoints in the pixel frame of the
// (possibly downscaled) image they were found in, and one uint8 descriptor per keypoint.
import { ArgumentError, expected } from '../util/errors.ts';

/** Floats per keypoint in `keypoints`: x, y, size, angle (degrees), response. */
export const KEYPOINT_FIELDS = 5;
/** Bytes per descriptor. */
export const DESCRIPTOR_BYTES = 128;

/** 'rootsift': Arandjelović & Zisserman's RootSIFT (√ of the L1-normalised SIFT), quantised to uint8. */
export type DescriptorKind = 'sift' | 'rootsift';

export interface LocalFeatures {
  /** Size of the image the keypoints live in (after the long-side cap). */
  width: number;
  height: number;
  /** The source image's size before downscaling, so points can be mapped back. */
  sourceWidth: number;
  sourceHeight: number;
  descriptor: DescriptorKind;
  /** N × 5 floats: x, y, size, angle, response. */
  keypoints: Float32Array;
  /** N × 128 bytes. */
  descriptors: Uint8Array;
}

/** Number of keypoints. */
export function featureCount(features: LocalFeatures): number {
  return features.keypoints.length / KEYPOINT_FIELDS;
}

/** Refuses features whose arrays disagree, or that hold non-finite or out-of-image keypoints. */
export function checkLocalFeatures(fn: string, param: string, features: LocalFeatures): void {
  if (features === null || typeof features !== 'object') throw new ArgumentError(expected(fn, param, 'LocalFeatures', features));
  const { keypoints, descriptors, width, height } = features;
  if (!(keypoints instanceof Float32Array)) throw new ArgumentError(expected(fn, `${param}.keypoints`, 'a Float32Array', keypoints));
  if (!(descriptors instanceof Uint8Array)) throw new ArgumentError(expected(fn, `${param}.descriptors`, 'a Uint8Array', descriptors));
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ArgumentError(expected(fn, `${param}.${name}`, 'a positive integer', value));
  }
  if (keypoints.length % KEYPOINT_FIELDS !== 0) {
    throw new ArgumentError(expected(fn, `${param}.keypoints`, 'a length that is a multiple of 5', keypoints));
  }
  const n = keypoints.length / KEYPOINT_FIELDS;
  if (descriptors.length !== n * DESCRIPTOR_BYTES) {
    throw new ArgumentError(expected(fn, `${param}.descriptors`, `${n * DESCRIPTOR_BYTES} bytes (128 for each of ${n} keypoints)`, descriptors));
  }
  for (let i = 0; i < keypoints.length; i++) {
    if (!Number.isFinite(keypoints[i]!)) throw new ArgumentError(expected(fn, `${param}.keypoints[${i}]`, 'a finite number', keypoints[i]));
  }
}
