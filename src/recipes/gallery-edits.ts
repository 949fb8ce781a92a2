// Gallery workflows, written once for the CLI and the web app: build, add, enroll, remove,
// rename. Images are embedded before the gallery's writer lock is taken (that is the slow part);
// each change is then one locked read-modify-write of the latest saved gallery.
import { resolve } from 'node:path';
import { defaultFeatureOptions, type LocalFeatures, type ResolvedFeatureOptions } from '../features/index.ts';
import { defaultMatcherFor, Gallery, galleryDirKind, galleryExists, needsFeatures, saveGallery, updateGallery, type GalleryItem, type Matcher } from '../gallery/index.ts';
import { loadModelBundle, releaseBundleEmbedders, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { checkOutDir } from '../util/out-dir.ts';
import { embedFiles } from './embed-files.ts';
import { embedSplits } from './embed-splits.ts';
import { featuresOfDatasets, featuresOfFiles } from './local-features-of.ts';
import { openGalleryWithModel } from './open-gallery.ts';

export interface GallerySummary {
  items: number;
  identities: number;
  /** Images given to add or enrol that the gallery already held (same identity and source): not added again. */
  skipped?: number;
}

const summary = (g: Gallery): GallerySummary => ({ items: g.size, identities: g.identities().size });
/**
 * Appends only the entries the gallery does not hold yet (same identity and source), so running
 * `gallery add` or `enroll` again, after a crash or by mistake, never duplicates an image (a
 * duplicate would count twice in its identity's centroid and spread).
 */
function appendNew(g: Gallery, entries: readonly { identity: string; source: string }[], embeddings: Float32Array, features: readonly LocalFeatures[] | undefined) {
  const key = (e: { identity: string; source: string }) => `${e.identity}\u0000${e.source}`;
  const held = new Set(g.items.map(key));
  const fresh: number[] = [];
  entries.forEach((e, i) => {
    if (!held.has(key(e))) (held.add(key(e)), fresh.push(i));
  });
  const dim = g.dim;
  const picked = new Float32Array(fresh.length * dim);
  fresh.forEach((i, row) => picked.set(embeddings.subarray(i * dim, (i + 1) * dim), row * dim));
  const added = fresh.length === 0 ? [] : g.append(fresh.map((i) => entries[i]!), picked, features && fresh.map((i) => features[i]!));
  return { added, skipped: entries.length - fresh.length };
}

const modelOf = (bundle: ModelBundle, dir: string) => ({ fingerprint: bundle.config.fingerprint, dim: bundle.config.dim, dir });

async function withBundle<T>(dir: string, fn: (bundle: ModelBundle) => Promise<T>): Promise<T> {
  const bundle = await loadModelBundle(dir);
  try {
    return await fn(bundle);
  } finally {
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}

/** Whether a saved gallery stores local features, and how they were found (new images get the same). */
interface StoredFeatures { options: ResolvedFeatureOptions | null }

/** The gallery's model (or `modelDir`), checked against it; the gallery read to find it is not kept. */
async function withGalleryModel<T>(galleryDir: string, modelDir: string | undefined, fn: (bundle: ModelBundle, dir: string, stored: StoredFeatures) => Promise<T>): Promise<T> {
  const opened = await openGalleryWithModel(galleryDir, modelDir);
  const stored: StoredFeatures = { options: opened.gallery.features ? opened.gallery.featureOptions ?? defaultFeatureOptions : null };
  opened.gallery.dispose();
  try {
    return await fn(opened.bundle, opened.modelDir, stored);
  } finally {
    await releaseBundleEmbedders(opened.bundle);
    opened.bundle.model.dispose();
  }
}

export interface BuildGalleryOptions {
  modelDir: string;
  data: string;
  /** Split name or "all"; default test where the spec has one, else all. */
  split?: string;
  /** The gallery directory: new, empty, or an existing gallery (replaced; other files stay). */
  out: string;
  quiet?: boolean;
  /** Default: fused for photo models (local features computed and stored), embedding for glyph models. */
  matcher?: Matcher;
}

/** Refuses a matcher that needs features the gallery does not store. */
function checkMatcherFits(matcher: Matcher | undefined, stored: StoredFeatures, galleryDir: string): void {
  if (matcher && needsFeatures(matcher) && !stored.options) {
    throw new ArgumentError(`--matcher: expected a gallery storing local features for ${matcher} but ${galleryDir} stores none. Hint: rebuild it with \`reid gallery build --matcher ${matcher}\`.`);
  }
}

/** A new gallery of this model: it inherits the calibration the model bundle ships, if any. */
function galleryInitOf(bundle: ModelBundle, modelDir: string) {
  return { dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, modelDir: resolve(modelDir), calibration: bundle.config.calibration ?? null };
}

/** A new gallery from a dataset split; `out` is checked before anything is embedded. */
export async function buildGallery(options: BuildGalleryOptions): Promise<GallerySummary> {
  await checkOutDir(options.out, '--out', galleryDirKind, [{ option: '--model', dir: options.modelDir }]);
  return withBundle(options.modelDir, async (bundle) => {
    const matcher = options.matcher ?? defaultMatcherFor(bundle.config);
    const { items, embeddings, splits } = await embedSplits(bundle, options.data, { split: options.split, quiet: options.quiet });
    const features = needsFeatures(matcher) ? await featuresOfDatasets(splits, { ...defaultFeatureOptions, quiet: options.quiet }) : undefined;
    const gallery = new Gallery({ ...galleryInitOf(bundle, options.modelDir), items, embeddings, matcher, ...(features ? { features, featureOptions: defaultFeatureOptions } : {}) });
    try {
      await saveGallery(options.out, gallery);
      return summary(gallery);
    } finally {
      gallery.dispose();
    }
  });
}

export interface AddToGalleryOptions {
  galleryDir: string;
  /** Default: the model the gallery records. */
  modelDir?: string;
  data: string;
  split?: string;
  quiet?: boolean;
  /** Checked against the gallery: local and fused need a gallery storing features. */
  matcher?: Matcher;
}

export async function addToGallery(options: AddToGalleryOptions): Promise<GallerySummary> {
  return withGalleryModel(options.galleryDir, options.modelDir, async (bundle, dir, stored) => {
    checkMatcherFits(options.matcher, stored, options.galleryDir);
    const { items, embeddings, splits } = await embedSplits(bundle, options.data, { split: options.split, quiet: options.quiet });
    const features = stored.options ? await featuresOfDatasets(splits, { ...stored.options, quiet: options.quiet }) : undefined;
    // Fresh ids: split ids ("glyphs:test/0") repeat across data specs and would collide.
    return updateGallery(options.galleryDir, (g) => {
      const { skipped } = appendNew(g, items, embeddings, features);
      return { ...summary(g), skipped };
    }, { model: modelOf(bundle, dir) });
  });
}

export interface EnrollOptions {
  /** Created when missing (then `modelDir` is required). */
  galleryDir: string;
  modelDir?: string;
  identity: string;
  images: readonly string[];
  /** A new gallery's matcher (default from the model, as for build); for an existing one, checked against it. */
  matcher?: Matcher;
}

export async function enrollInGallery(options: EnrollOptions): Promise<GallerySummary & { enrolled: GalleryItem[] }> {
  const { galleryDir, identity, images } = options;
  if (!identity.trim()) throw new ArgumentError('--identity: expected a non-empty name but received ""');
  const enroll = async (bundle: ModelBundle, dir: string, stored: StoredFeatures, create?: () => Gallery) => {
    const { embeddings } = await embedFiles(bundle, images);
    const features = stored.options ? await featuresOfFiles(images, stored.options) : undefined;
    return updateGallery(galleryDir, (g) => {
      const { added, skipped } = appendNew(g, images.map((source) => ({ identity, source })), embeddings, features);
      return { enrolled: added, ...summary(g), skipped };
    }, { model: modelOf(bundle, dir), create });
  };
  // Existence as a reader sees it: a gallery left in an old crash's backup counts, and the locked
  // update restores it, so a crash never turns into a new one-item gallery.
  if (await galleryExists(galleryDir)) {
    return withGalleryModel(galleryDir, options.modelDir, (bundle, dir, stored) => (checkMatcherFits(options.matcher, stored, galleryDir), enroll(bundle, dir, stored)));
  }
  const modelDir = options.modelDir;
  if (!modelDir) throw new ArgumentError(`--gallery: ${galleryDir} holds no gallery yet. Hint: pass --model DIR to create it.`);
  await checkOutDir(galleryDir, '--gallery', galleryDirKind, [{ option: '--model', dir: modelDir }]);
  return withBundle(modelDir, (bundle) => {
    const matcher = options.matcher ?? defaultMatcherFor(bundle.config);
    const stored: StoredFeatures = { options: needsFeatures(matcher) ? defaultFeatureOptions : null };
    return enroll(bundle, resolve(modelDir), stored, () => new Gallery({ ...galleryInitOf(bundle, modelDir), matcher, ...(stored.options ? { features: [], featureOptions: stored.options } : {}) }));
  });
}

/** Removes items by id or whole identities by name. */
export async function removeFromGallery(galleryDir: string, idsOrIdentities: readonly string[]): Promise<GallerySummary & { removed: number }> {
  return updateGallery(galleryDir, (g) => ({ removed: g.remove(idsOrIdentities), ...summary(g) }));
}

export async function renameInGallery(galleryDir: string, from: string, to: string): Promise<GallerySummary & { renamed: number }> {
  return updateGallery(galleryDir, (g) => ({ renamed: g.renameIdentity(from, to), ...summary(g) }));
}
