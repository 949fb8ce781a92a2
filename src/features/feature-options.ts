// Options for finding local features, with the defaults measured on textured synthetic
// individuals (bench/local.ts): a capped image side and a keypoint budget keep matching cheap.
import { ArgumentError, expected } from '../util/errors.ts';
import type { DescriptorKind } from './local-features.ts';

export interface FeatureOptions {
  /** Images are downscaled so their longer side is at most this (never upscaled). Default 320. */
  maxSide?: number;
  /** Keep at most this many keypoints, strongest first (0: all). Default 400. */
  maxKeypoints?: number;
  /** SIFT's contrast threshold (OpenCV's scale). Default 0.04. */
  contrastThreshold?: number;
  /** SIFT's edge threshold. Default 10. */
  edgeThreshold?: number;
  /** Default 'rootsift'. */
  descriptor?: DescriptorKind;
}

export type ResolvedFeatureOptions = Required<FeatureOptions>;

export const defaultFeatureOptions: ResolvedFeatureOptions = {
  maxSide: 320,
  maxKeypoints: 400,
  contrastThreshold: 0.04,
  edgeThreshold: 10,
  descriptor: 'rootsift',
};

/** Fills defaults and refuses bad values, naming `fn`. */
export function resolveFeatureOptions(fn: string, options: FeatureOptions = {}): ResolvedFeatureOptions {
  const out = { ...defaultFeatureOptions, ...stripUndefined(options) };
  if (!Number.isInteger(out.maxSide) || out.maxSide < 16) throw new ArgumentError(expected(fn, 'options.maxSide', 'an integer ≥ 16', out.maxSide));
  if (!Number.isInteger(out.maxKeypoints) || out.maxKeypoints < 0) {
    throw new ArgumentError(expected(fn, 'options.maxKeypoints', 'a non-negative integer', out.maxKeypoints));
  }
  for (const key of ['contrastThreshold', 'edgeThreshold'] as const) {
    if (!Number.isFinite(out[key]) || out[key] <= 0) throw new ArgumentError(expected(fn, `options.${key}`, 'a positive finite number', out[key]));
  }
  if (out.descriptor !== 'sift' && out.descriptor !== 'rootsift') {
    throw new ArgumentError(expected(fn, 'options.descriptor', '"sift" or "rootsift"', out.descriptor));
  }
  return out;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
