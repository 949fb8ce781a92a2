// Identification, written once: image files → embeddings → the gallery's open-set verdicts, and
// the JSON shape of one verdict that `identify --json` prints and the web server's
// /api/identify returns.
import type { Identification } from '../gallery/index.ts';
import { releaseBundleEmbedders } from '../train/index.ts';
import { embedFiles } from './embed-files.ts';
import { openGalleryWithModel } from './open-gallery.ts';

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
  candidates: { identity: string; distance: number; probability?: number; source: string | undefined }[];
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
    candidates: result.candidates.map((c) => ({ identity: c.identity, distance: c.distance, ...(c.probability === undefined ? {} : { probability: c.probability }), source: c.support[0]?.source })),
  };
}

export interface IdentifyRunOptions {
  galleryDir: string;
  /** Model bundle; default: the one the gallery records. */
  modelDir?: string;
  images: readonly string[];
  /** Candidates per query (default 5). */
  top?: number;
}

/** The verdict for each image, in order. */
export async function identifyRun(options: IdentifyRunOptions): Promise<Identification[]> {
  const { gallery, bundle } = await openGalleryWithModel(options.galleryDir, options.modelDir);
  try {
    const { embeddings } = await embedFiles(bundle, options.images);
    return gallery.identify(embeddings, { top: options.top ?? 5 });
  } finally {
    gallery.dispose();
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}
