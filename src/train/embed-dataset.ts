// Embedding a whole dataset, in order and in batches, with the trainable module or an inference engine.
import type { ImageDataset } from '../data/dataset.ts';
import { imageSize } from '../data/dataset.ts';
import type { Module } from '../nn/module.ts';
import { ArgumentError } from '../util/errors.ts';
import { embedPixels } from './embed.ts';
import type { Embedder } from './embedder.ts';
import type { Preprocessing } from './preprocessing.ts';

export interface EmbedDatasetOptions {
  batchSize?: number;
  /** Called after each batch with the number of images done. */
  onProgress?: (done: number, total: number) => void;
}

/** Embeds every image of a dataset, in order, with the trainable module or an inference engine. */
export async function embedDataset(model: Module | Embedder, dataset: ImageDataset, p: Preprocessing, options: EmbedDatasetOptions = {}): Promise<{ embeddings: Float32Array; dim: number }> {
  if (imageSize(dataset) !== p.channels * p.height * p.width) {
    throw new ArgumentError(`embedDataset: expected images of ${p.channels}×${p.height}×${p.width} for dataset "${dataset.name}" but it holds ${dataset.channels}×${dataset.height}×${dataset.width}. Hint: open the dataset with the model's preprocessing size.`);
  }
  const batchSize = options.batchSize ?? 512;
  let embeddings = new Float32Array(0);
  let dim = 0;
  for (let start = 0; start < dataset.length; start += batchSize) {
    const end = Math.min(dataset.length, start + batchSize);
    const images: Uint8Array[] = [];
    for (let i = start; i < end; i++) images.push(dataset.readSync ? dataset.readSync(i) : await dataset.read(i));
    const sourceOf = (row: number) => dataset.source(start + row);
    const batch = 'engine' in model ? await model.embed(images, sourceOf) : embedPixels(model, images, p, sourceOf);
    if (dim === 0) {
      dim = batch.dim;
      embeddings = new Float32Array(dataset.length * dim);
    }
    embeddings.set(batch.embeddings, start * dim);
    options.onProgress?.(end, dataset.length);
    // Let the event loop breathe between batches (progress output, servers).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { embeddings, dim };
}
