// Removes the image files of an undone import's or add's sightings once no sighting names them.
// Only files in reid's own store (DIR/images/<ab>/<sha256>.<ext>, which putImage writes) are
// touched, never the folder imported from. Files are content-addressed, so one can serve several
// sightings (another crop, another batch): each is checked, and unlinked,
// inside a BEGIN IMMEDIATE transaction, and an add checks its files under the same lock
// (requireImageFiles), so a file another process is adding a row for is never lost.
import type Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { statement } from './statement-cache.ts';
import { imagePath } from './image-store.ts';

/** `images`: "<hash>.<ext>" of the removed sightings. Returns how many files were removed. */
export function removeUnnamedImages(db: Database.Database, dir: string, images: readonly string[]): number {
  if (images.length === 0) return 0;
  return db.transaction(() => {
    let removed = 0;
    for (const name of new Set(images)) {
      const [hash, ext] = name.split('.') as [string, string];
      if (statement(db, 'SELECT 1 FROM sightings WHERE image_hash = ? AND image_ext = ? LIMIT 1').get(hash, ext)) continue;
      const file = imagePath(dir, hash, ext);
      if (!existsSync(file)) continue;
      try {
        rmSync(file, { force: true });
        removed++;
      } catch {
        // The undo has committed; a file that cannot be removed leaves the catalogue sound.
      }
    }
    return removed;
  }).immediate();
}
