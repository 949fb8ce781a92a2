// An image dataset from a pair of IDX files (images N×H×W or N×H×W×C uint8, labels N integers),
// and the `idx:DIR` layout that MNIST-style mirrors use (train-* and t10k-*, optionally .gz).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '../util/errors.ts';
import { readIdx, type IdxArray } from './idx.ts';
import { InMemoryDataset } from './in-memory-dataset.ts';

export interface IdxPairOptions {
  imagesFile: string;
  labelsFile: string;
  name: string;
  /** Prefix for `source(i)`; default `name`. */
  sourcePrefix?: string;
  /** Identity names; default the distinct label values as decimal strings ("0".."9" for MNIST). */
  identities?: readonly string[];
}

/** Reads an images/labels IDX pair into an in-memory dataset, checking that they agree. */
export async function readIdxPair(options: IdxPairOptions): Promise<InMemoryDataset> {
  const { imagesFile, labelsFile } = options;
  const [images, labels] = await Promise.all([readIdx(imagesFile), readIdx(labelsFile)]);
  if (images.dtype !== 'uint8' || (images.dims.length !== 3 && images.dims.length !== 4)) {
    throw new DataError(
      `readIdxPair: expected uint8 images of dims [N, H, W] or [N, H, W, C] in ${imagesFile} ` +
        `but received ${images.dtype} [${images.dims.join(', ')}].`,
      { file: imagesFile },
    );
  }
  if (labels.dims.length !== 1 || labels.dtype === 'float32' || labels.dtype === 'float64') {
    throw new DataError(
      `readIdxPair: expected integer labels of dims [N] in ${labelsFile} but received ${labels.dtype} [${labels.dims.join(', ')}].`,
      { file: labelsFile },
    );
  }
  const [count, height, width, channels = 1] = images.dims as [number, number, number, number?];
  checkImageDims(imagesFile, count, { height, width, channels });
  if (labels.dims[0] !== count) {
    throw new DataError(
      `readIdxPair: expected ${count} labels (one per image in ${imagesFile}) in ${labelsFile} but received ${labels.dims[0]}. ` +
        'The two files do not belong together.',
      { file: labelsFile },
    );
  }
  const { identities, labelIndex } = indexLabels(labels, options.identities, labelsFile);
  return new InMemoryDataset({
    name: options.name,
    sourcePrefix: options.sourcePrefix,
    channels,
    height,
    width,
    pixels: channels === 1 ? (images.data as Uint8Array) : hwcToChw(images.data as Uint8Array, count, height, width, channels),
    labels: labelIndex,
    identities,
  });
}

export interface IdxDirectory {
  train: InMemoryDataset;
  test?: InMemoryDataset;
}

/** Opens DIR/train-images-idx3-ubyte + train-labels-idx1-ubyte (and t10k-* when present), each optionally ".gz". */
export async function openIdxDirectory(dir: string, name = `idx:${dir}`): Promise<IdxDirectory> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new DataError(`openIdxDirectory: could not list IDX directory ${dir}: ${(error as Error).message}`, { file: dir, cause: error });
  }
  const find = (base: string): string | undefined => {
    const hit = [base, `${base}.gz`].find((candidate) => names.includes(candidate));
    return hit === undefined ? undefined : join(dir, hit);
  };
  const open = async (prefix: 'train' | 't10k', split: string): Promise<InMemoryDataset | undefined> => {
    const imagesFile = find(`${prefix}-images-idx3-ubyte`);
    const labelsFile = find(`${prefix}-labels-idx1-ubyte`);
    if (imagesFile === undefined && labelsFile === undefined) return undefined;
    if (imagesFile === undefined || labelsFile === undefined) {
      const missing = imagesFile === undefined ? `${prefix}-images-idx3-ubyte` : `${prefix}-labels-idx1-ubyte`;
      throw new DataError(`openIdxDirectory: expected ${missing}[.gz] next to its partner in ${dir} but it is missing.`, { file: dir });
    }
    return readIdxPair({ imagesFile, labelsFile, name: `${name}:${split}`, sourcePrefix: `${name}:${split}` });
  };
  const [train, test] = await Promise.all([open('train', 'train'), open('t10k', 'test')]);
  if (train === undefined) {
    throw new DataError(
      `openIdxDirectory: expected train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz) in ${dir} ` +
        `but found: ${names.slice(0, 10).join(', ') || 'nothing'}.`,
      { file: dir },
    );
  }
  // Train and test must share one identity list so their labels compare; MNIST-style sets do (digits).
  return test === undefined ? { train } : { train, test };
}

/**
 * Labels are identity indices, so the identity list has max label + 1 entries: this cap (far above
 * any IDX set's class count) keeps a corrupt label from sizing an array of billions.
 */
export const maxIdxLabel = 1 << 20;

function checkImageDims(file: string, count: number, shape: { height: number; width: number; channels: number }): void {
  const fail = (what: string, received: string): never => {
    throw new DataError(`readIdxPair: expected ${what} in IDX file ${file} but received ${received}.`, { file });
  };
  if (count < 1) fail('at least one image', `dims [${count}, ...]`);
  for (const key of ['height', 'width'] as const) if (shape[key] < 1) fail(`a positive ${key}`, `${key} ${shape[key]}`);
  if (shape.channels !== 1 && shape.channels !== 3) fail('1 or 3 channels (dims [N, H, W] or [N, H, W, C])', `${shape.channels} channels`);
}

function indexLabels(
  labels: IdxArray,
  given: readonly string[] | undefined,
  file: string,
): { identities: readonly string[]; labelIndex: Int32Array } {
  const values = labels.data;
  let max = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= maxIdxLabel) {
      throw new DataError(`readIdxPair: expected labels in [0, ${maxIdxLabel}) in ${file} but received ${v} at index ${i}. Labels are class indices.`, { file });
    }
    if (v > max) max = v;
  }
  // Labels are used directly as identity indices ("0".."max"), so train and test of one
  // directory agree even when a split happens to lack a class.
  const identities = given ?? Array.from({ length: max + 1 }, (_, i) => String(i));
  if (max >= identities.length) {
    throw new DataError(`readIdxPair: expected labels below ${identities.length} in ${file} but received ${max}.`, { file });
  }
  return { identities, labelIndex: Int32Array.from(values as ArrayLike<number>) };
}

function hwcToChw(hwc: Uint8Array, count: number, height: number, width: number, channels: number): Uint8Array {
  const out = new Uint8Array(hwc.length);
  const plane = height * width;
  for (let n = 0; n < count; n++) {
    const base = n * plane * channels;
    for (let p = 0; p < plane; p++) for (let c = 0; c < channels; c++) out[base + c * plane + p] = hwc[base + p * channels + c]!;
  }
  return out;
}
