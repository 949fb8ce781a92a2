// Gallery persistence: a directory with embeddings.safetensors (F32 N×D) and gallery.json
// (items, model fingerprint, calibration), replaced atomically as a whole.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recoverReplacedDir, replaceDirAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import { DataError } from '../util/errors.ts';
import { loadSafetensors, saveSafetensors } from '../util/safetensors.ts';
import { Gallery } from './gallery.ts';
import type { Calibration, GalleryItem } from './gallery-item.ts';

interface GalleryJson {
  format: 'reid-gallery';
  formatVersion: 1;
  dim: number;
  modelFingerprint: string;
  calibration: Calibration | null;
  modelDir?: string;
  items: GalleryItem[];
}

export async function saveGallery(dir: string, gallery: Gallery): Promise<void> {
  const json: GalleryJson = {
    format: 'reid-gallery', formatVersion: 1, dim: gallery.dim, modelFingerprint: gallery.modelFingerprint,
    calibration: gallery.calibration, modelDir: gallery.modelDir, items: [...gallery.items],
  };
  await replaceDirAtomic(dir, async (tmp) => {
    await saveSafetensors(join(tmp, 'embeddings.safetensors'), { embeddings: { dtype: 'F32', shape: [gallery.size, gallery.dim], data: gallery.embeddings } });
    await writeJsonAtomic(join(tmp, 'gallery.json'), json);
  });
}

export interface LoadGalleryOptions {
  /** Refuse a gallery made with another model. */
  model?: { fingerprint: string; dim: number; dir?: string };
}

export async function loadGallery(dir: string, options: LoadGalleryOptions = {}): Promise<Gallery> {
  await recoverReplacedDir(dir);
  const jsonFile = join(dir, 'gallery.json');
  if (!existsSync(jsonFile)) throw new DataError(`loadGallery: expected ${jsonFile} but it is missing. Hint: create one with \`reid gallery build --model DIR --out ${dir}\`.`, { file: jsonFile });
  let json: GalleryJson;
  try {
    json = JSON.parse(await readFile(jsonFile, 'utf8')) as GalleryJson;
  } catch (cause) {
    throw new DataError(`loadGallery: ${jsonFile} is not valid JSON: ${(cause as Error).message}`, { file: jsonFile, cause });
  }
  if (json.format !== 'reid-gallery' || json.formatVersion !== 1) throw new DataError(`loadGallery: expected a reid gallery (format "reid-gallery", version 1) in ${jsonFile}`, { file: jsonFile });
  const model = options.model;
  if (model && (model.fingerprint !== json.modelFingerprint || model.dim !== json.dim)) {
    throw new DataError(
      `loadGallery: the gallery ${dir} was built with model ${json.modelFingerprint} (dim ${json.dim}) but the model${model.dir ? ` ${model.dir}` : ''} is ${model.fingerprint} (dim ${model.dim}). ` +
        'Embeddings from different models cannot be compared. Hint: rebuild the gallery with this model (`reid gallery build`).',
      { file: jsonFile },
    );
  }
  const file = await loadSafetensors(join(dir, 'embeddings.safetensors'));
  const emb = file.tensors.embeddings;
  if (!emb || emb.dtype !== 'F32' || emb.shape[1] !== json.dim || emb.shape[0] !== json.items.length) {
    throw new DataError(`loadGallery: expected an F32 tensor "embeddings" of shape [${json.items.length}, ${json.dim}] in ${join(dir, 'embeddings.safetensors')}`, { file: join(dir, 'embeddings.safetensors') });
  }
  return new Gallery({ dim: json.dim, modelFingerprint: json.modelFingerprint, items: json.items, embeddings: emb.data as Float32Array, calibration: json.calibration, modelDir: json.modelDir });
}
