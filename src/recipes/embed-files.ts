// Embeds users' own images (files or uploaded bytes) with a model bundle's preprocessing: glyph
// models bring a raw drawing (RGB or dark-on-light, any size) into MNIST's form first; photo
// models resize. Every image is shrunk inside sharp (off the main thread) before any pixel loop,
// and one over `maxInputPixels` is refused from its header, before it is decoded at all.
import { readFile } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import { checkCropInside, decodeImage, normaliseGlyph, uprightSize, type CropBox } from '../data/index.ts';
import { bundleEmbedder, type ModelBundle, type Preprocessing } from '../train/index.ts';
import { DataError } from '../util/errors.ts';

/**
 * Largest image accepted, in pixels: 50 megapixels (a 48 MP phone photo passes), a fifth of
 * sharp's default cap. A 16000×16000 PNG compresses to 249 KB yet decodes to 1 GB.
 */
export const maxInputPixels = 50_000_000;
/** Glyph normalisation measures strokes on the drawing itself; larger drawings are shrunk to this side first. */
export const glyphWorkingSide = 512;

/** An image whose header declares more pixels than allowed (a server answers 413). */
export class ImageTooLargeError extends DataError {
  constructor(message: string, options?: { file?: string }) {
    super(message, options);
    this.name = 'ImageTooLargeError';
  }
}

export interface PreprocessOptions {
  /** Default `maxInputPixels`. */
  maxPixels?: number;
  /** Use only this rectangle of the upright image (a manifest row's x,y,w,h). */
  crop?: CropBox;
}

/** Brings one image (a file path or encoded bytes) to uint8 CHW at `p`'s size; `label` names it in errors. */
export async function preprocessImage(p: Preprocessing, input: string | Uint8Array, label: string, options: PreprocessOptions = {}): Promise<Uint8Array> {
  const file = typeof input === 'string' ? input : undefined;
  const bytes = typeof input === 'string' ? await readImageFile(input) : input;
  if (bytes.length === 0) throw new DataError(`preprocessImage: expected image data in ${label} but it is empty (0 bytes).`, { file });
  const maxPixels = options.maxPixels ?? maxInputPixels;
  const { width, height, orientation } = await header(bytes, label, file);
  if (width * height > maxPixels) {
    throw new ImageTooLargeError(`preprocessImage: expected at most ${maxPixels} pixels in ${label} but it is ${width}×${height} (${width * height} pixels). Hint: downscale the image first.`, { file });
  }
  const crop = options.crop;
  if (crop) {
    const upright = uprightSize({ width, height, orientation });
    checkCropInside(crop, upright.width, upright.height, label);
  }
  if (!(p.glyph && p.channels === 1 && p.height === 28 && p.width === 28)) {
    return decodeImage(bytes, { channels: p.channels, height: p.height, width: p.width, crop }, label);
  }
  let shrunk: { data: Buffer; info: OutputInfo };
  try {
    let pipeline = sharp(bytes, { failOn: 'error', limitInputPixels: maxPixels }).rotate();
    if (crop) pipeline = pipeline.extract({ left: crop.x, top: crop.y, width: crop.w, height: crop.h });
    shrunk = await pipeline
      .resize({ width: glyphWorkingSide, height: glyphWorkingSide, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new DataError(`preprocessImage: could not decode image ${label}: ${(error as Error).message}`, { file, cause: error });
  }
  const { data, info } = shrunk;
  return normaliseGlyph({ data, width: info.width, height: info.height, channels: info.channels, layout: 'hwc' }, {}, label);
}

export async function preprocessFiles(bundle: ModelBundle, files: readonly string[]): Promise<Uint8Array[]> {
  return Promise.all(files.map((file) => preprocessImage(bundle.config.preprocessing, file, file)));
}

export async function embedFiles(bundle: ModelBundle, files: readonly string[]): Promise<{ embeddings: Float32Array; dim: number; images: Uint8Array[] }> {
  const images = await preprocessFiles(bundle, files);
  const { embeddings } = await (await bundleEmbedder(bundle)).embed(images, (row) => files[row]!);
  return { embeddings, dim: bundle.config.dim, images };
}

async function readImageFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new DataError(`preprocessImage: could not read image file ${file}: ${(error as Error).message}`, { file, cause: error });
  }
}

/** The stored size, read from the header only (no pixels are decoded). */
async function header(bytes: Uint8Array, label: string, file: string | undefined): Promise<{ width: number; height: number; orientation?: number }> {
  try {
    const { width, height, orientation } = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!width || !height) throw new Error('the header declares no size');
    return { width, height, orientation };
  } catch (error) {
    throw new DataError(`preprocessImage: could not decode image ${label}: ${(error as Error).message}`, { file, cause: error });
  }
}
