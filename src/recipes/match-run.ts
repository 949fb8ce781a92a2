// `reid match A B`: local features of two image files, ratio-test matching, geometric
// verification, and optionally the picture of the verified correspondences.
import { decodeImage } from '../data/index.ts';
import { extractFeaturesFromFile, featureCount, matchFeatures, type FeatureMatch, type FeatureOptions, type LocalFeatures, type MatchOptions } from '../features/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { matchPicturePng, type PictureCorrespondence } from '../viz/index.ts';

export interface MatchRunOptions {
  a: string;
  b: string;
  /** Write the match picture (PNG) here. */
  out?: string;
  features?: FeatureOptions;
  match?: MatchOptions;
  /** Leave rejected tentative matches out of the picture. Default false (drawn faint). */
  hideRejected?: boolean;
}

export interface MatchRunResult {
  keypoints: [number, number];
  tentative: number;
  inliers: number;
  /** The pair's score: its verified inlier count (what an identity's best image contributes). */
  score: number;
  /** Inliers as a share of the smaller keypoint set, 0 when either image has none. */
  inlierShare: number;
  transform: number[] | null;
  out?: string;
}

export async function matchRun(options: MatchRunOptions): Promise<MatchRunResult> {
  const [a, b] = await Promise.all([extractFeaturesFromFile(options.a, options.features), extractFeaturesFromFile(options.b, options.features)]);
  const match = await matchFeatures(a, b, options.match);
  const keypoints: [number, number] = [featureCount(a), featureCount(b)];
  const smaller = Math.min(...keypoints);
  const result: MatchRunResult = {
    keypoints,
    tentative: match.tentativeCount,
    inliers: match.inlierCount,
    score: match.inlierCount,
    inlierShare: smaller === 0 ? 0 : match.inlierCount / smaller,
    transform: match.transform === null ? null : Array.from(match.transform),
  };
  if (options.out !== undefined) {
    const png = await picture(options, a, b, match);
    await writeFileAtomic(options.out, png);
    result.out = options.out;
  }
  return result;
}

/** Draws the images at the size their keypoints were found at, so coordinates need no mapping. */
async function picture(options: MatchRunOptions, a: LocalFeatures, b: LocalFeatures, match: FeatureMatch): Promise<Uint8Array> {
  const [left, right] = await Promise.all([a, b].map(async (f, i) => ({
    pixels: await decodeImage(i === 0 ? options.a : options.b, { channels: 3, height: f.height, width: f.width }),
    channels: 3 as const, height: f.height, width: f.width,
  })));
  const correspondences: PictureCorrespondence[] = Array.from({ length: match.tentativeCount }, (_, t) => {
    const qi = match.queryIndex[t]!, ci = match.candidateIndex[t]!;
    return { from: [a.keypoints[5 * qi]!, a.keypoints[5 * qi + 1]!], to: [b.keypoints[5 * ci]!, b.keypoints[5 * ci + 1]!], inlier: match.inlier[t] === 1 };
  });
  return matchPicturePng(left!, right!, correspondences, {
    showRejected: !options.hideRejected,
    labels: [options.a.split('/').pop() ?? options.a, options.b.split('/').pop() ?? options.b],
    caption: `${match.inlierCount} verified inliers · ${match.tentativeCount} tentative · keypoints ${featureCount(a)} / ${featureCount(b)}`,
  });
}
