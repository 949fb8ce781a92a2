// Identification, written once: image files → embeddings → the gallery's open-set verdicts, and
// the JSON shape of one verdict that `identify --json` prints and the web server's
// /api/identify returns.
import { defaultFeatureOptions } from '../features/index.ts';
import { identifyWithMatcher, needsFeatures, type Identification, type Matcher } from '../gallery/index.ts';
import { releaseBundleEmbedders } from '../train/index.ts';
import { embedFiles } from './embed-files.ts';
import { openGalleryWithModel } from './open-gallery.ts';
import { featuresOfFiles } from './local-features-of.ts';

export interface IdentificationJson {
  /** The query as the caller named it (a file path); absent when there is no name (an upload). */
  query?: string;
  verdict: Identification['verdict'];
  identity: string | null;
  /** Distance to the best candidate; Infinity for an empty gallery (null once in JSON). */
  distance: number;
  /** The best candidate's calibrated probability; absent without a probability map. */
  probability?: number;
  calibrated: boolean;
  candidates: { identity: string; distance: number; probability?: number; inliers?: number; source: string | undefined }[];
  /** The matcher that decided (absent: embedding). */
  matcher?: Matcher;
}

/** One verdict as a plain JSON-ready object; candidates name their nearest supporting image. */
export function identificationJson(result: Identification, query?: string): IdentificationJson {
  return {
    ...(query === undefined ? {} : { query }),
    verdict: result.verdict,
    identity: result.identity,
    distance: result.distance,
    ...(result.probability === undefined ? {} : { probability: result.probability }),
    calibrated: result.calibrated,
    ...(result.matcher === undefined || result.matcher === 'embedding' ? {} : { matcher: result.matcher }),
    candidates: result.candidates.map((c) => ({
      identity: c.identity, distance: c.distance, ...(c.probability === undefined ? {} : { probability: c.probability }),
      ...(c.inliers === undefined ? {} : { inliers: c.inliers }), source: c.matchedItem?.source ?? c.support[0]?.source,
    })),
  };
}

export interface IdentifyRunOptions {
  galleryDir: string;
  /** Model bundle; default: the one the gallery records. */
  modelDir?: string;
  images: readonly string[];
  /** Candidates per query (default 5). */
  top?: number;
  /** Default: the gallery's matcher (fused for a gallery storing local features). */
  matcher?: Matcher;
  /** Identities the embedding shortlists for re-ranking (default: the nearest holding at most 300 enrolled images, at least 20). */
  shortlist?: number;
}

/** Stands in for a query's features against an empty gallery (nothing is matched). */
const emptyFeatures = { width: 1, height: 1, sourceWidth: 1, sourceHeight: 1, descriptor: 'rootsift' as const, keypoints: new Float32Array(0), descriptors: new Uint8Array(0) };

/** The verdict for each image, in order. */
export async function identifyRun(options: IdentifyRunOptions): Promise<Identification[]> {
  const { gallery, bundle } = await openGalleryWithModel(options.galleryDir, options.modelDir);
  try {
    const { embeddings } = await embedFiles(bundle, options.images);
    const matcher = options.matcher ?? gallery.matcher;
    const features = needsFeatures(matcher) && gallery.size > 0 ? await featuresOfFiles(options.images, gallery.featureOptions ?? defaultFeatureOptions) : null;
    return await identifyWithMatcher(gallery, embeddings, features ?? options.images.map(() => emptyFeatures), { matcher, shortlist: options.shortlist, top: options.top ?? 5 });
  } finally {
    gallery.dispose();
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}
