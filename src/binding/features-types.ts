// The typed surface of the local-feature addon (native/features/src/*.cc). Arrays are flat:
// keypoints N×5 (x, y, size, angle, response), descriptors N×128 uint8. Codes mirror common.h.

/** One image's local features as the addon reads and writes them. */
export interface NativeFeatures {
  keypoints: Float32Array;
  descriptors: Uint8Array;
}

export interface NativeDetectOptions {
  maxKeypoints?: number;
  octaveLayers?: number;
  contrastThreshold?: number;
  edgeThreshold?: number;
  sigma?: number;
  rootSift?: boolean;
  rootSiftScale?: number;
}

/** 0 none, 1 affine, 2 homography. */
export type NativeModelCode = 0 | 1 | 2;
/** 0 RANSAC, 1 MAGSAC++ (USAC). */
export type NativeMethodCode = 0 | 1;

export interface NativeMatchOptions {
  ratio?: number;
  mutual?: boolean;
  model?: NativeModelCode;
  method?: NativeMethodCode;
  reprojThreshold?: number;
  maxIters?: number;
  confidence?: number;
  minTentative?: number;
}

export interface NativePairMatch {
  query: Int32Array;
  candidate: Int32Array;
  /** Squared descriptor distances of the tentative matches. */
  distance: Float32Array;
  /** 1 where the tentative match agrees with the fitted model. */
  inlier: Uint8Array;
  inlierCount: number;
  /** 3×3 row-major query→candidate map, null when no model was fitted. */
  transform: Float64Array | null;
}

export interface NativeManyMatch {
  tentative: Int32Array;
  inliers: Int32Array;
}

export interface FeaturesBinding {
  version(): string;
  setNumThreads(threads: number): void;
  numThreads(): number;
  detect(grey: Uint8Array, height: number, width: number, options?: NativeDetectOptions): Promise<NativeFeatures>;
  matchPair(query: NativeFeatures, candidate: NativeFeatures, options?: NativeMatchOptions): Promise<NativePairMatch>;
  matchMany(query: NativeFeatures, candidates: readonly NativeFeatures[], options?: NativeMatchOptions): Promise<NativeManyMatch>;
}
