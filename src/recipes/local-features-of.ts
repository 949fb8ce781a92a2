// Local features of what a gallery enrols or a query asks about, computed once: image files are
// read at the features' own size (long side capped, not the model's input size); images a dataset
// draws itself (synth:, glyphs, MNIST) are taken at the size the dataset gives them. A manifest
// row's crop is honoured: the features are of the animal the row points at, as its embedding is.
import { access } from 'node:fs/promises';
import type { ImageDataset } from '../data/index.ts';
import { mapConcurrent } from '../data/map-concurrent.ts';
import { defaultConcurrency, extractFeatures, extractFeaturesFromFile, resolveFeatureOptions, type FeatureOptions, type LocalFeatures, type ResolvedFeatureOptions } from '../features/index.ts';
import { Progress } from '../util/progress.ts';

/** Features of image files, a few in flight at once (each one's detection runs in a native worker). */
export async function featuresOfFiles(files: readonly string[], options: FeatureOptions = {}): Promise<LocalFeatures[]> {
  const resolved = resolveFeatureOptions('featuresOfFiles', options);
  return mapConcurrent(files, defaultConcurrency() + 1, (file) => extractFeaturesFromFile(file, resolved));
}

/** Rec. 601 grey of planar CHW uint8 pixels. */
function greyOf(pixels: Uint8Array, channels: number, plane: number): Uint8Array {
  if (channels === 1) return pixels.subarray(0, plane);
  const grey = new Uint8Array(plane);
  for (let p = 0; p < plane; p++) grey[p] = Math.round(0.299 * pixels[p]! + 0.587 * pixels[plane + p]! + 0.114 * pixels[2 * plane + p]!);
  return grey;
}

async function isFile(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** Features of every image of `sets`, in order: from the source file when there is one, else from the dataset's pixels. */
export async function featuresOfDatasets(sets: readonly ImageDataset[], options: FeatureOptions & { quiet?: boolean } = {}): Promise<LocalFeatures[]> {
  const resolved: ResolvedFeatureOptions = resolveFeatureOptions('featuresOfDatasets', options);
  const out: LocalFeatures[] = [];
  for (const set of sets) {
    const bar = new Progress({ total: set.length, label: `local features ${set.name}`, unit: 'img', quiet: options.quiet });
    const { channels, height, width } = set;
    const indices = Array.from({ length: set.length }, (_, i) => i);
    out.push(...await mapConcurrent(indices, defaultConcurrency() + 1, async (i) => {
      const source = set.source(i);
      const features = await isFile(source)
        ? await extractFeaturesFromFile(source, resolved, set.crop?.(i))
        : await extractFeatures({ pixels: greyOf(await set.read(i), channels, height * width), height, width }, resolved);
      bar.tick(1);
      return features;
    }));
    bar.done();
  }
  return out;
}
