// One query image against one candidate: every tentative correspondence, which of them the
// fitted model accepts, and the model itself. For pictures and for re-ranking a shortlist.
import { loadFeatures } from '../binding/index.ts';
import { checkLocalFeatures, featureCount, type LocalFeatures } from './local-features.ts';
import { nativeMatchOptions, resolveMatchOptions, type MatchOptions } from './match-options.ts';

export interface FeatureMatch {
  /** Keypoint indices of the tentative (ratio-test) matches, query side and candidate side. */
  queryIndex: Int32Array;
  candidateIndex: Int32Array;
  /** 1 where the match agrees with the verified model. */
  inlier: Uint8Array;
  tentativeCount: number;
  inlierCount: number;
  /** Row-major 3×3 query→candidate map in capped-image pixels; null when none was found. */
  transform: Float64Array | null;
  /** Keypoints on each side, for normalised scores. */
  queryKeypoints: number;
  candidateKeypoints: number;
}

export async function matchFeatures(query: LocalFeatures, candidate: LocalFeatures, options: MatchOptions = {}): Promise<FeatureMatch> {
  const fn = 'matchFeatures';
  checkLocalFeatures(fn, 'query', query);
  checkLocalFeatures(fn, 'candidate', candidate);
  const resolved = resolveMatchOptions(fn, options);
  const native = await loadFeatures().matchPair(query, candidate, nativeMatchOptions(resolved));
  return {
    queryIndex: native.query,
    candidateIndex: native.candidate,
    inlier: native.inlier,
    tentativeCount: native.query.length,
    inlierCount: native.inlierCount,
    transform: native.transform,
    queryKeypoints: featureCount(query),
    candidateKeypoints: featureCount(candidate),
  };
}
