// The one way to change a saved gallery: lock → repair an old crash → load → modify → save →
// unlock. Two writers at once (two `gallery enroll`, enrol and calibrate) then both keep their
// change, where load-then-save without the lock would lose one.
import { join } from 'node:path';
import { DataError } from '../util/errors.ts';
import type { Gallery } from './gallery.ts';
import { galleryExists, galleryJsonName, loadGallery, withGalleryLock, writeGalleryFiles, type LoadGalleryOptions } from './gallery-store.ts';

export interface UpdateGalleryOptions {
  /** Refuse, under the lock, a gallery built with another model (its embeddings would not compare). */
  model?: LoadGalleryOptions['model'];
  /** Makes the gallery when `dir` has none yet (enrolling into a new gallery); without it a missing gallery is a DataError. */
  create?: () => Gallery;
  /** How long to wait for another writer, in ms (default 60 000). */
  lockTimeoutMs?: number;
}

/**
 * Applies `modify` to the latest saved state of the gallery `dir` and saves the result, holding
 * the gallery's writer lock throughout. If `modify` throws, nothing is written. The gallery passed
 * to `modify` is disposed when this returns: return from `modify` whatever the caller needs.
 */
export async function updateGallery<T>(dir: string, modify: (gallery: Gallery) => T | Promise<T>, options: UpdateGalleryOptions = {}): Promise<T> {
  const missing = (): DataError => {
    const file = join(dir, galleryJsonName);
    return new DataError(`updateGallery: expected ${file} but it is missing. Hint: create the gallery with \`reid gallery build --model DIR --out ${dir}\`.`, { file });
  };
  // Checked before the lock too, so editing a gallery that does not exist creates no directory.
  if (!options.create && !(await galleryExists(dir))) throw missing();
  return withGalleryLock(dir, async () => {
    let gallery: Gallery;
    if (await galleryExists(dir)) gallery = await loadGallery(dir, { model: options.model });
    else if (options.create) gallery = options.create();
    else throw missing();
    try {
      const result = await modify(gallery);
      await writeGalleryFiles(dir, gallery);
      return result;
    } finally {
      gallery.dispose();
    }
  }, { timeoutMs: options.lockTimeoutMs });
}
