// "Open a gallery with its model", written once for identify, calibrate, serve and gallery add:
// the model is the one asked for or the one the gallery records, and a gallery built with another
// model is refused (its embeddings would not compare).
import { resolve } from 'node:path';
import { checkGalleryModel, loadGallery, type Gallery } from '../gallery/index.ts';
import { loadModelBundle, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';

export interface OpenedGallery {
  gallery: Gallery;
  bundle: ModelBundle;
  /** The model bundle directory used. */
  modelDir: string;
}

/** Loads the gallery `galleryDir` and its model (`modelDir`, default the one it records); the caller disposes both. */
export async function openGalleryWithModel(galleryDir: string, modelDir?: string): Promise<OpenedGallery> {
  const gallery = await loadGallery(galleryDir);
  try {
    const dir = modelDir ?? gallery.modelDir;
    if (!dir) throw new ArgumentError(`openGalleryWithModel: the gallery ${galleryDir} does not record its model. Hint: pass --model DIR.`);
    const bundle = await loadModelBundle(dir);
    try {
      checkGalleryModel(gallery, { fingerprint: bundle.config.fingerprint, dim: bundle.config.dim, dir }, galleryDir);
    } catch (error) {
      bundle.model.dispose();
      throw error;
    }
    return { gallery, bundle, modelDir: resolve(dir) };
  } catch (error) {
    gallery.dispose();
    throw error;
  }
}
