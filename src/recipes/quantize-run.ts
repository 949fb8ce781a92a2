// `reid quantize`, written once: measure a model bundle's activation ranges for the onnx-int8 engine
// on images of a dataset and record them in its model.json (atomically; the weights, and so the
// fingerprint galleries check, are untouched). `reid train` does the same on its training images.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { evenlySpacedIndices, type ImageDataset } from '../data/index.ts';
import type { EmbeddingNet } from '../nn/index.ts';
import { loadModelBundle, releaseBundleEmbedders, type ModelQuantization, type Preprocessing } from '../train/index.ts';
import { measureActivationRanges } from '../train/activation-ranges.ts';
import { writeJsonAtomic } from '../util/atomic-write.ts';
import { ArgumentError, DataError } from '../util/errors.ts';
import { oneDatasetSplit } from './embed-splits.ts';

/** Calibration images by default: enough that every tap's peak is seen, a second or two on 2 cores. */
export const defaultQuantizeImages = 512;

/** Ranges over `count` evenly spaced images of `dataset`; `what` names it in `measuredOn` (default its name). */
export async function measureQuantization(model: EmbeddingNet, p: Preprocessing, dataset: ImageDataset, what = dataset.name, count = defaultQuantizeImages): Promise<ModelQuantization> {
  if (!Number.isInteger(count) || count < 1) throw new ArgumentError(`measureQuantization: expected a positive integer for images but received ${count}`);
  const images: Uint8Array[] = [];
  for (const i of evenlySpacedIndices(dataset.length, count)) images.push(dataset.readSync ? dataset.readSync(i) : await dataset.read(i));
  const activations = await measureActivationRanges(model, p, images, { dim: model.dim });
  return { activations, measuredOn: `${images.length} images of ${what}` };
}

export interface QuantizeRunOptions {
  modelDir: string;
  /** Dataset spec of calibration images, opened in the model's input form. */
  data: string;
  /** Which split (default: the spec's default split). */
  split?: string;
  /** Calibration images, evenly spaced (default 512). */
  images?: number;
}

export async function quantizeRun(options: QuantizeRunOptions): Promise<ModelQuantization> {
  const bundle = await loadModelBundle(options.modelDir);
  try {
    const dataset = await oneDatasetSplit(options.data, options.split, bundle);
    const quantization = await measureQuantization(bundle.model, bundle.config.preprocessing, dataset, `${options.data} (${options.split ?? 'default split'})`, options.images);
    // The file as it is on disk, so fields this reid does not know survive.
    const file = join(options.modelDir, 'model.json');
    const config = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    if (config.fingerprint !== bundle.config.fingerprint) {
      throw new DataError(`quantizeRun: ${file} changed while its ranges were measured (fingerprint ${bundle.config.fingerprint} → ${String(config.fingerprint)}); nothing was written. Run reid quantize again.`, { file });
    }
    await writeJsonAtomic(file, { ...config, quantization });
    return quantization;
  } finally {
    await releaseBundleEmbedders(bundle);
    bundle.model.dispose();
  }
}
