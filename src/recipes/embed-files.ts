// Embeds users' own image files with a model bundle's preprocessing: glyph models bring a
// raw drawing (RGB or dark-on-light, any size) into MNIST's form first; photo models resize.
import { decodeImage, normaliseGlyphFile } from '../data/index.ts';
import { embedPixels, type ModelBundle } from '../train/index.ts';

export async function preprocessFiles(bundle: ModelBundle, files: readonly string[]): Promise<Uint8Array[]> {
  const p = bundle.config.preprocessing;
  return Promise.all(files.map((file) =>
    p.glyph && p.channels === 1 && p.height === 28 && p.width === 28
      ? normaliseGlyphFile(file)
      : decodeImage(file, { channels: p.channels, height: p.height, width: p.width }, file)));
}

export async function embedFiles(bundle: ModelBundle, files: readonly string[]): Promise<{ embeddings: Float32Array; dim: number; images: Uint8Array[] }> {
  const images = await preprocessFiles(bundle, files);
  const { embeddings } = embedPixels(bundle.model, images, bundle.config.preprocessing);
  return { embeddings, dim: bundle.config.dim, images };
}
