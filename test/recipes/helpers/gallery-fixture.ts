// A model bundle (an untrained small network with glyph preprocessing: fast, deterministic) and a
// few glyph PNGs per class, for the gallery workflow tests (recipes and CLI).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateGlyphs, writePng } from '../../../src/data/index.ts';
import { EmbeddingNet } from '../../../src/nn/index.ts';
import { manualSeed } from '../../../src/tensor/index.ts';
import { saveModelBundle, type ModelConfig, type Preprocessing } from '../../../src/train/index.ts';

export const glyphPreprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };

/** Saves an untrained bundle (seeded, so two calls with one seed give one fingerprint) into `dir`. */
export async function saveTinyBundle(dir: string, seed = 5): Promise<ModelConfig> {
  manualSeed(seed);
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  try {
    return await saveModelBundle(dir, model, { preprocessing: glyphPreprocessing, recipe: { note: 'untrained, for tests' }, seed, trainedIdentities: [], metrics: {} });
  } finally {
    model.dispose();
  }
}

/** Writes `count` PNGs of glyph `className` into `dir`; returns their paths. */
export async function glyphPngs(dir: string, className: 'star' | 'heart' | 'triangle' | 'spiral', count: number, seed = 1): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const images = generateGlyphs({ className, count, seed });
  const files = images.map((_, i) => join(dir, `${className}-${i}.png`));
  await Promise.all(images.map((pixels, i) => writePng(files[i]!, pixels, { channels: 1, height: 28, width: 28 })));
  return files;
}
