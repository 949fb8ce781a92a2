// Gallery persistence. A gallery directory holds gallery.json and the embeddings file it names
// (embeddings-<generation>.safetensors, F32 N×D). A save writes a new generation file, then
// gallery.json atomically (the commit point), then drops older generations: a reader sees the old
// gallery or the new, and files reid did not write there stay. Writers hold gallery.lock.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { isErrno, isProcessAlive } from '../util/errno.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { withFileLock } from '../util/file-lock.ts';
import { readableBundleDir, recoverReplacedDir } from '../util/legacy-dir-swap.ts';
import type { OutDirKind } from '../util/out-dir.ts';
import { decodeSafetensors, saveSafetensors } from '../util/safetensors.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { LocalFeatures } from '../features/index.ts';
import { Gallery } from './gallery.ts';
import { decodeGalleryFeatures, encodeGalleryFeatures } from './gallery-features-file.ts';
import { embeddingsFileOf, featuresFilePattern, firstNonFiniteRow, generationFilePattern, legacyEmbeddingsFile, parseGalleryJson, type GalleryJson } from './gallery-json.ts';

export const galleryJsonName = 'gallery.json';
export const galleryLockName = 'gallery.lock';
// A writer killed while taking the lock leaves the lock's temp file too (.gallery.lock.<pid>.<hex>.tmp).
const deadTempPattern = /^\.(?:gallery\.json|gallery\.lock|embeddings(?:-[0-9a-f]{16})?\.safetensors|features-[0-9a-f]{16}\.rlfs)\.(\d+)\.[0-9a-f]+\.(?:tmp|stale)$/;

/** A gallery directory, for the `--out` rule: a reid gallery.json marks it; these are the names reid writes. */
export const galleryDirKind: OutDirKind = {
  what: 'gallery',
  markers: [{ file: galleryJsonName, format: 'reid-gallery' }],
  owns: (name) => name === galleryLockName || name === legacyEmbeddingsFile || generationFilePattern.test(name) || featuresFilePattern.test(name) || deadTempPattern.test(name),
};

export interface LoadGalleryOptions {
  /** Refuse a gallery made with another model. */
  model?: { fingerprint: string; dim: number; dir?: string };
}

/** Refuses a gallery whose embeddings come from another model than `model`. */
export function checkGalleryModel(gallery: { dim: number; modelFingerprint: string }, model: NonNullable<LoadGalleryOptions['model']>, dir: string): void {
  if (model.fingerprint === gallery.modelFingerprint && model.dim === gallery.dim) return;
  throw new DataError(
    `loadGallery: the gallery ${dir} was built with model ${gallery.modelFingerprint} (dim ${gallery.dim}) but the model${model.dir ? ` ${model.dir}` : ''} is ${model.fingerprint} (dim ${model.dim}). ` +
      'Embeddings from different models cannot be compared. Hint: rebuild the gallery with this model (`reid gallery build`).',
    { file: join(dir, galleryJsonName) },
  );
}

async function readGalleryJson(dir: string): Promise<{ json: GalleryJson; where: string } | null> {
  const where = await readableBundleDir(dir, galleryJsonName);
  const file = join(where, galleryJsonName);
  try {
    return { json: parseGalleryJson(await readFile(file, 'utf8'), file), where };
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return null;
    throw error;
  }
}

async function readEmbeddings(where: string, json: GalleryJson): Promise<Float32Array | null> {
  const file = join(where, embeddingsFileOf(json));
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null; // a writer dropped this generation after we read gallery.json
    throw new DataError(`loadGallery: could not read ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  const emb = decodeSafetensors(bytes, { source: file }).tensors.embeddings;
  if (!emb || emb.dtype !== 'F32' || emb.shape.length !== 2 || emb.shape[1] !== json.dim || emb.shape[0] !== json.items.length) {
    throw new DataError(`loadGallery: expected an F32 tensor "embeddings" of shape [${json.items.length}, ${json.dim}] in ${file}`, { file });
  }
  const data = emb.data as Float32Array;
  const row = firstNonFiniteRow(data, json.dim);
  if (row >= 0) {
    throw new DataError(`loadGallery: expected finite values in row ${row} of ${file} (items[${row}], id "${json.items[row]!.id}") but it holds NaN or Infinity. Hint: rebuild the gallery (\`reid gallery build\`).`, { file });
  }
  return data;
}

/** The local features gallery.json names, or null when that file is gone (a writer dropped it: read again); undefined when it names none. */
async function readFeatures(where: string, json: GalleryJson): Promise<LocalFeatures[] | null | undefined> {
  if (json.featuresFile === undefined) return undefined;
  const file = join(where, json.featuresFile);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return null;
    throw new DataError(`loadGallery: could not read ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  return decodeGalleryFeatures(bytes, file, json.items.length, json.items.map((item) => item.id));
}

/** True when `dir` (or, after an old crash mid-swap, its backup) holds a gallery. */
export async function galleryExists(dir: string): Promise<boolean> {
  return (await readGalleryJson(dir)) !== null;
}

/** Reads a gallery; never moves or deletes anything, so it is safe while a writer saves. */
export async function loadGallery(dir: string, options: LoadGalleryOptions = {}): Promise<Gallery> {
  // A writer may commit a new generation between our two reads; a few re-reads always catch up.
  for (let attempt = 0; ; attempt++) {
    const found = await readGalleryJson(dir);
    const jsonFile = join(dir, galleryJsonName);
    if (!found) throw new DataError(`loadGallery: expected ${jsonFile} but it is missing. Hint: create one with \`reid gallery build --model DIR --out ${dir}\`.`, { file: jsonFile });
    const { json, where } = found;
    if (options.model) checkGalleryModel(json, options.model, dir);
    const embeddings = await readEmbeddings(where, json);
    const features = embeddings ? await readFeatures(where, json) : null;
    if (embeddings && features !== null) {
      return new Gallery({
        dim: json.dim, modelFingerprint: json.modelFingerprint, items: json.items, embeddings, calibration: json.calibration, modelDir: json.modelDir, nextItemNumber: json.nextItemNumber,
        features, featureOptions: json.featureOptions, matcher: json.matcher, storage: json.storage,
      });
    }
    if (attempt === 4) {
      const file = join(where, embeddings ? json.featuresFile! : embeddingsFileOf(json));
      throw new DataError(`loadGallery: expected ${file}, which ${join(where, galleryJsonName)} names, but it is missing. Hint: rebuild the gallery (\`reid gallery build\`).`, { file });
    }
  }
}

/** Removes generations and temp files of dead writers: for a lock holder only. */
async function dropStaleFiles(dir: string, keep: string, keepFeatures?: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const temp = deadTempPattern.exec(name);
    const stale = name !== keep && name !== keepFeatures && (generationFilePattern.test(name) || featuresFilePattern.test(name) || (temp !== null && !isProcessAlive(Number(temp[1]))));
    if (stale) await rm(join(dir, name), { force: true });
  }
}

/** Writes `gallery` into `dir` as a new generation. The caller holds the gallery's lock. */
export async function writeGalleryFiles(dir: string, gallery: Gallery): Promise<void> {
  const threshold = gallery.calibration?.threshold;
  if (threshold !== undefined && !Number.isFinite(threshold)) {
    throw new ArgumentError(`saveGallery: expected a finite number for calibration.threshold but received ${threshold}. Hint: calibrate again with a reachable target.`);
  }
  const row = firstNonFiniteRow(gallery.embeddings, gallery.dim);
  if (row >= 0) throw new ArgumentError(`saveGallery: expected finite embeddings but row ${row} (item "${gallery.items[row]!.id}") holds NaN or Infinity`);
  const previous = await readGalleryJson(dir);
  const embeddingsFile = `embeddings-${randomBytes(8).toString('hex')}.safetensors`;
  await saveSafetensors(join(dir, embeddingsFile), { embeddings: { dtype: 'F32', shape: [gallery.size, gallery.dim], data: gallery.embeddings } });
  const featuresFile = gallery.features ? await writeFeaturesFile(dir, gallery.features) : undefined;
  const json: GalleryJson = {
    format: 'reid-gallery', formatVersion: 2, dim: gallery.dim, modelFingerprint: gallery.modelFingerprint, calibration: gallery.calibration,
    modelDir: gallery.modelDir, nextItemNumber: gallery.nextItemNumber, embeddingsFile,
    ...(featuresFile ? { featuresFile, featureOptions: gallery.featureOptions } : {}),
    ...(gallery.matcher !== 'embedding' ? { matcher: gallery.matcher } : {}),
    ...(gallery.storage !== 'float32' ? { storage: gallery.storage } : {}),
    items: [...gallery.items],
  };
  await writeJsonAtomic(join(dir, galleryJsonName), json);
  // Only after the commit: the file the previous gallery.json named (legacy layout included).
  if (previous?.where === dir && previous.json.formatVersion === 1) await rm(join(dir, legacyEmbeddingsFile), { force: true });
  await dropStaleFiles(dir, embeddingsFile, featuresFile);
}

/**
 * Writes the features file (atomically) under a name from its content's hash, so a save that did
 * not change the features (calibrate, rename) reuses the file already there instead of rewriting it.
 */
async function writeFeaturesFile(dir: string, features: readonly LocalFeatures[]): Promise<string> {
  const bytes = encodeGalleryFeatures(features);
  const name = `features-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.rlfs`;
  const path = join(dir, name);
  const existing = await stat(path).catch(() => null);
  if (existing?.size !== bytes.length) await writeFileAtomic(path, bytes);
  return name;
}

/** Runs `fn` holding the writer lock of the gallery `dir` (created if missing), after old-crash repair. */
export async function withGalleryLock<T>(dir: string, fn: () => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  await recoverReplacedDir(dir, galleryJsonName); // before mkdir: it restores a backup onto a missing dir
  await mkdir(dir, { recursive: true });
  return withFileLock(join(dir, galleryLockName), async () => {
    await recoverReplacedDir(dir, galleryJsonName);
    return fn();
  }, { timeoutMs: options.timeoutMs, what: `the gallery ${dir}` });
}

/** Saves `gallery` into `dir`, replacing the gallery there (other files stay). */
export async function saveGallery(dir: string, gallery: Gallery, options: { lockTimeoutMs?: number } = {}): Promise<void> {
  await withGalleryLock(dir, () => writeGalleryFiles(dir, gallery), { timeoutMs: options.lockTimeoutMs });
}
