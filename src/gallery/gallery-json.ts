// gallery.json: what a gallery directory holds besides its embeddings, and the checks that make a
// hand-edited or damaged file a one-line DataError naming the file and the item, not a crash later.
import { DataError, describeValue } from '../util/errors.ts';
import { checkIdentityRanking, checkMatchCalibration, checkMatcherCalibration } from '../eval/index.ts';
import { resolveFeatureOptions, type ResolvedFeatureOptions } from '../features/index.ts';
import type { Calibration, GalleryItem } from './gallery-item.ts';
import { isMatcher, matchers, type Matcher } from './matcher.ts';
import { isVectorStorage, vectorStorages, type VectorStorage } from './vector-storage.ts';

export interface GalleryJson {
  format: 'reid-gallery';
  /** 1: embeddings in embeddings.safetensors; 2: in the generation file `embeddingsFile` names. */
  formatVersion: 1 | 2;
  dim: number;
  modelFingerprint: string;
  calibration: Calibration | null;
  modelDir?: string;
  /** The number in the next enrolled item's id (version 2). */
  nextItemNumber?: number;
  /** The embeddings file of this generation, in the same directory (version 2). */
  embeddingsFile?: string;
  /** The local-features file of this generation (features-<16 hex>.rlfs), when the gallery stores them. */
  featuresFile?: string;
  /** How the stored features were found (queries are extracted the same way). */
  featureOptions?: ResolvedFeatureOptions;
  /** The matcher `identify` uses by default; absent: 'embedding'. */
  matcher?: Matcher;
  /** How the item search stores its vectors; absent: 'float32'. */
  storage?: VectorStorage;
  items: GalleryItem[];
}

/** A generation's local-features file: a fixed pattern, like the embeddings'. */
export const featuresFilePattern = /^features-[0-9a-f]{16}\.rlfs$/;

export const legacyEmbeddingsFile = 'embeddings.safetensors';
/** A generation's embeddings file: a fixed pattern, so a gallery.json can never name a file elsewhere. */
export const generationFilePattern = /^embeddings-[0-9a-f]{16}\.safetensors$/;

/** The embeddings file a gallery.json names. */
export function embeddingsFileOf(json: GalleryJson): string {
  return json.formatVersion === 1 ? legacyEmbeddingsFile : json.embeddingsFile!;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

function refuse(file: string, what: string, field: string, value: unknown, hint = ''): never {
  throw new DataError(`loadGallery: expected ${what} for ${field} in ${file} but received ${describeValue(value)}.${hint ? ` Hint: ${hint}` : ''}`, { file });
}

function checkItems(items: unknown, file: string): GalleryItem[] {
  if (!Array.isArray(items)) refuse(file, 'an array', 'items', items);
  const seen = new Map<string, number>();
  items.forEach((item: unknown, i) => {
    if (!isRecord(item)) refuse(file, 'an object', `items[${i}]`, item);
    if (!nonEmpty(item.id)) refuse(file, 'a non-empty string', `items[${i}].id`, item.id);
    if (!nonEmpty(item.identity)) refuse(file, 'a non-empty string', `items[${i}].identity (item "${item.id}")`, item.identity);
    if (typeof item.source !== 'string') refuse(file, 'a string', `items[${i}].source (item "${item.id}")`, item.source);
    const first = seen.get(item.id);
    if (first !== undefined) refuse(file, `an id not used before (items[${first}] has it)`, `items[${i}].id`, item.id);
    seen.set(item.id, i);
  });
  return items as GalleryItem[];
}

function checkCalibration(calibration: unknown, file: string): Calibration | null {
  if (calibration === null || calibration === undefined) return null;
  if (!isRecord(calibration)) refuse(file, 'an object or null', 'calibration', calibration);
  // Older reid saved an unreached target's -Infinity, which JSON stores as null: such a gallery is
  // not calibrated (and says so), and stays usable, so `reid calibrate` can fix it.
  if (calibration.threshold === null) return null;
  if (typeof calibration.threshold !== 'number' || !Number.isFinite(calibration.threshold)) {
    refuse(file, 'a finite number', 'calibration.threshold', calibration.threshold, `delete the "calibration" entry from ${file}, then run \`reid calibrate\` again.`);
  }
  if (calibration.probability !== undefined) {
    try {
      checkMatchCalibration(calibration.probability, 'loadGallery');
    } catch {
      refuse(file, 'a logistic, isotonic or shot-logistic map with finite values', 'calibration.probability', calibration.probability, `delete "probability" from the calibration in ${file}, then run \`reid calibrate\` again.`);
    }
  }
  if (calibration.ranking !== undefined) {
    try {
      checkIdentityRanking(calibration.ranking, 'loadGallery');
    } catch {
      refuse(file, 'a spread ranking with finite shrinkage ≥ 0 and priorVariance > 0', 'calibration.ranking', calibration.ranking, `delete "ranking" from the calibration in ${file} (identities are then ranked by centroid distance), then run \`reid calibrate\` again.`);
    }
  }
  if (calibration.probabilityThreshold !== undefined && !(typeof calibration.probabilityThreshold === 'number' && calibration.probabilityThreshold > 0 && calibration.probabilityThreshold < 1 && calibration.probability !== undefined)) {
    refuse(file, 'a number between 0 and 1, beside a probability map', 'calibration.probabilityThreshold', calibration.probabilityThreshold,
      `delete "probabilityThreshold" from the calibration in ${file} (the verdict then reads the distance threshold), or run \`reid calibrate\` again.`);
  }
  for (const part of ['fused', 'local'] as const) {
    if (calibration[part] === undefined) continue;
    try {
      checkMatcherCalibration(calibration[part], 'loadGallery', `calibration.${part}`);
    } catch (error) {
      refuse(file, `a ${part} matcher calibration (${(error as Error).message.replace(/^loadGallery: expected /, '').replace(/ but received .*$/, '')})`, `calibration.${part}`, calibration[part],
        `delete "${part}" from the calibration in ${file}, then run \`reid calibrate --matcher ${part}\` again.`);
    }
  }
  return calibration as unknown as Calibration;
}

/** Parses and checks gallery.json text; every refusal names `file` and the field or item. */
export function parseGalleryJson(text: string, file: string): GalleryJson {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new DataError(`loadGallery: ${file} is not valid JSON: ${(cause as Error).message}`, { file, cause });
  }
  if (!isRecord(json) || json.format !== 'reid-gallery' || (json.formatVersion !== 1 && json.formatVersion !== 2)) {
    throw new DataError(`loadGallery: expected a reid gallery (format "reid-gallery", version 1 or 2) in ${file}`, { file });
  }
  if (!(Number.isInteger(json.dim) && (json.dim as number) > 0)) refuse(file, 'a positive integer', 'dim', json.dim);
  if (typeof json.modelFingerprint !== 'string') refuse(file, 'a string', 'modelFingerprint', json.modelFingerprint);
  if (json.formatVersion === 2 && !(typeof json.embeddingsFile === 'string' && generationFilePattern.test(json.embeddingsFile))) {
    refuse(file, 'a file name embeddings-<16 hex digits>.safetensors', 'embeddingsFile', json.embeddingsFile);
  }
  if (json.nextItemNumber !== undefined && !(Number.isSafeInteger(json.nextItemNumber) && (json.nextItemNumber as number) >= 0)) {
    refuse(file, 'a non-negative integer', 'nextItemNumber', json.nextItemNumber);
  }
  if (json.modelDir !== undefined && typeof json.modelDir !== 'string') refuse(file, 'a string', 'modelDir', json.modelDir);
  if (json.featuresFile !== undefined && !(typeof json.featuresFile === 'string' && featuresFilePattern.test(json.featuresFile))) {
    refuse(file, 'a file name features-<16 hex digits>.rlfs', 'featuresFile', json.featuresFile);
  }
  if (json.matcher !== undefined && !isMatcher(json.matcher)) refuse(file, `one of ${matchers.join(', ')}`, 'matcher', json.matcher);
  if (json.storage !== undefined && !isVectorStorage(json.storage)) refuse(file, `one of ${vectorStorages.join(', ')}`, 'storage', json.storage);
  if (json.featureOptions !== undefined) {
    try {
      resolveFeatureOptions('loadGallery', json.featureOptions as ResolvedFeatureOptions);
    } catch {
      refuse(file, 'feature options (maxSide, maxKeypoints, contrastThreshold, edgeThreshold, descriptor)', 'featureOptions', json.featureOptions);
    }
  }
  const items = checkItems(json.items, file);
  const calibration = checkCalibration(json.calibration, file);
  return { ...(json as unknown as GalleryJson), items, calibration };
}

/** Index of the first row of N×dim `values` holding NaN or ±Infinity, or -1. */
export function firstNonFiniteRow(values: Float32Array, dim: number): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) return Math.floor(i / dim);
  return -1;
}
