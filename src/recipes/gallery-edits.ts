// Gallery workflows, written once for the CLI and the web app: build, add, enroll, remove,
// rename. Images are embedded before the gallery's writer lock is taken (that is the slow part);
// each change is then one locked read-modify-write of the latest saved gallery.
import { resolve } from 'node:path';
import { Gallery, galleryDirKind, galleryExists, saveGallery, updateGallery, type GalleryItem } from '../gallery/index.ts';
import { loadModelBundle, releaseBundleEmbedders, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { checkOutDir } from '../util/out-dir.ts';
import { embedFiles } from './embed-files.ts';
import { embedSplits } from './embed-splits.ts';
import { openGalleryWithModel } from './open-gallery.ts';

export interface GallerySummary {
  items: number;
  identities: number;
}

const summary = (g: Gallery): GallerySummary => ({ items: g.size, identities: g.identities().size });
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

/** The gallery's model (or `modelDir`), checked against it; the gallery read to find it is not kept. */
async function withGalleryModel<T>(galleryDir: string, modelDir: string | undefined, fn: (bundle: ModelBundle, dir: string) => Promise<T>): Promise<T> {
  const opened = await openGalleryWithModel(galleryDir, modelDir);
  opened.gallery.dispose();
  try {
    return await fn(opened.bundle, opened.modelDir);
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
}

/** A new gallery of this model: it inherits the calibration the model bundle ships, if any. */
function galleryInitOf(bundle: ModelBundle, modelDir: string) {
  return { dim: bundle.config.dim, modelFingerprint: bundle.config.fingerprint, modelDir: resolve(modelDir), calibration: bundle.config.calibration ?? null };
}

/** A new gallery from a dataset split; `out` is checked before anything is embedded. */
export async function buildGallery(options: BuildGalleryOptions): Promise<GallerySummary> {
  await checkOutDir(options.out, '--out', galleryDirKind, [{ option: '--model', dir: options.modelDir }]);
  return withBundle(options.modelDir, async (bundle) => {
    const { items, embeddings } = await embedSplits(bundle, options.data, { split: options.split, quiet: options.quiet });
    const gallery = new Gallery({ ...galleryInitOf(bundle, options.modelDir), items, embeddings });
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
}

export async function addToGallery(options: AddToGalleryOptions): Promise<GallerySummary> {
  return withGalleryModel(options.galleryDir, options.modelDir, async (bundle, dir) => {
    const { items, embeddings } = await embedSplits(bundle, options.data, { split: options.split, quiet: options.quiet });
    // Fresh ids: split ids ("glyphs:test/0") repeat across data specs and would collide.
    return updateGallery(options.galleryDir, (g) => (g.append(items, embeddings), summary(g)), { model: modelOf(bundle, dir) });
  });
}

export interface EnrollOptions {
  /** Created when missing (then `modelDir` is required). */
  galleryDir: string;
  modelDir?: string;
  identity: string;
  images: readonly string[];
}

export async function enrollInGallery(options: EnrollOptions): Promise<GallerySummary & { enrolled: GalleryItem[] }> {
  const { galleryDir, identity, images } = options;
  if (!identity.trim()) throw new ArgumentError('--identity: expected a non-empty name but received ""');
  const enroll = async (bundle: ModelBundle, dir: string, create?: () => Gallery) => {
    const { embeddings } = await embedFiles(bundle, images);
    return updateGallery(galleryDir, (g) => ({ enrolled: g.enroll(identity, embeddings, images), ...summary(g) }), { model: modelOf(bundle, dir), create });
  };
  // Existence as a reader sees it: a gallery left in an old crash's backup counts, and the locked
  // update restores it, so a crash never turns into a new one-item gallery.
  if (await galleryExists(galleryDir)) return withGalleryModel(galleryDir, options.modelDir, (bundle, dir) => enroll(bundle, dir));
  const modelDir = options.modelDir;
  if (!modelDir) throw new ArgumentError(`--gallery: ${galleryDir} holds no gallery yet. Hint: pass --model DIR to create it.`);
  await checkOutDir(galleryDir, '--gallery', galleryDirKind, [{ option: '--model', dir: modelDir }]);
  return withBundle(modelDir, (bundle) => enroll(bundle, resolve(modelDir), () =>
    new Gallery(galleryInitOf(bundle, modelDir))));
}

/** Removes items by id or whole identities by name. */
export async function removeFromGallery(galleryDir: string, idsOrIdentities: readonly string[]): Promise<GallerySummary & { removed: number }> {
  return updateGallery(galleryDir, (g) => ({ removed: g.remove(idsOrIdentities), ...summary(g) }));
}

export async function renameInGallery(galleryDir: string, from: string, to: string): Promise<GallerySummary & { renamed: number }> {
  return updateGallery(galleryDir, (g) => ({ renamed: g.renameIdentity(from, to), ...summary(g) }));
}
