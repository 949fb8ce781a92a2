// Re-identification splits. By identity: train on some identities, hold others out to test
// whether the embedding generalises to identities it never saw. By image: per identity,
// enrol k images in the gallery and query with the rest (k-shot enrolment).
import { ArgumentError } from '../util/errors.ts';
import { Random } from '../util/random.ts';
import type { ImageDataset } from './dataset.ts';
import { groupByIdentity } from './group-by-identity.ts';
import { subset } from './subset.ts';

export interface IdentitySplit {
  seen: ImageDataset;
  heldOut: ImageDataset;
}

/** Images of the `heldOut` identity names go to `heldOut`, all others to `seen`. */
export function splitByIdentity(dataset: ImageDataset, heldOut: readonly string[]): IdentitySplit {
  const held = new Set<number>();
  for (const name of heldOut) {
    const index = dataset.identities.indexOf(name);
    if (index < 0) {
      const known = dataset.identities.slice(0, 12).join(', ');
      throw new ArgumentError(
        `splitByIdentity: expected identity names of "${dataset.name}" for heldOut (--holdout) but received "${name}". ` +
          `Known identities include: ${known}${dataset.identities.length > 12 ? ', ...' : ''}.`,
      );
    }
    held.add(index);
  }
  const seenIndices: number[] = [];
  const heldIndices: number[] = [];
  for (let i = 0; i < dataset.length; i++) (held.has(dataset.labels[i]!) ? heldIndices : seenIndices).push(i);
  return {
    seen: subset(dataset, seenIndices, `${dataset.name}[seen]`),
    heldOut: subset(dataset, heldIndices, `${dataset.name}[held-out]`),
  };
}

export interface QueryGallerySplitOptions {
  /** Images per identity enrolled in the gallery (k-shot). */
  galleryPerIdentity: number;
  /** Seed for the per-identity shuffle that decides which images are enrolled. */
  seed: number;
}

export interface QueryGallerySplit {
  gallery: ImageDataset;
  query: ImageDataset;
  /** Identity indices with no image left for the query side (k or fewer images). */
  galleryOnly: number[];
}

/** Per identity (seeded shuffle), the first k images go to the gallery and the rest to the query set. */
export function splitQueryGallery(dataset: ImageDataset, options: QueryGallerySplitOptions): QueryGallerySplit {
  const k = options.galleryPerIdentity;
  if (!Number.isInteger(k) || k < 1) {
    throw new ArgumentError(`splitQueryGallery: expected a positive integer for galleryPerIdentity but received ${String(k)}.`);
  }
  const random = new Random(options.seed);
  const byIdentity = groupByIdentity(dataset.labels, dataset.identities.length);
  const galleryIndices: number[] = [];
  const queryIndices: number[] = [];
  const galleryOnly: number[] = [];
  byIdentity.forEach((images, identity) => {
    if (images.length === 0) return;
    random.shuffle(images);
    galleryIndices.push(...images.slice(0, k));
    queryIndices.push(...images.slice(k));
    if (images.length <= k) galleryOnly.push(identity);
  });
  // Sorted so both sides keep the dataset's order (reads stay sequential on disk).
  galleryIndices.sort((a, b) => a - b);
  queryIndices.sort((a, b) => a - b);
  return {
    gallery: subset(dataset, galleryIndices, `${dataset.name}[gallery]`),
    query: subset(dataset, queryIndices, `${dataset.name}[query]`),
    galleryOnly,
  };
}
