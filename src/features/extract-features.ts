// Local features from pixels or image files: grey uint8 in, SIFT/RootSIFT out, computed by the
// OpenCV addon off the main thread. Files are decoded by src/data (sRGB, Rec. 601 grey) with the
// long side capped, so a 4000-pixel photo and its thumbnail give comparable keypoints.
import sharp from 'sharp';
import { loadFeatures } from '../binding/index.ts';
import { checkCropInside, decodeImage, readImage, type CropBox } from '../data/index.ts';
import { ArgumentError, DataError, expected } from '../util/errors.ts';
import { resolveFeatureOptions, type FeatureOptions, type ResolvedFeatureOptions } from './feature-options.ts';
import type { LocalFeatures } from './local-features.ts';

/** A grey uint8 image, row-major H×W. */
export interface GreyImage {
  pixels: Uint8Array;
  height: number;
  width: number;
}

/** RootSIFT components lie in [0, 1] and rarely pass 0.5; ×512 keeps them in a byte. */
const ROOT_SIFT_SCALE = 512;

/** SIFT features of a grey image already at the size to search (no resizing here). */
export async function extractFeatures(image: GreyImage, options: FeatureOptions = {}): Promise<LocalFeatures> {
  const fn = 'extractFeatures';
  const resolved = resolveFeatureOptions(fn, options);
  checkGrey(fn, image);
  return detect(image, resolved, image.width, image.height);
}

/**
 * SIFT features of an image file or encoded bytes, decoded to grey with the long side capped at
 * options.maxSide. With `crop` (a manifest row's x,y,w,h in the upright image), only that rectangle
 * is read, and it is what the cap and `sourceWidth`/`sourceHeight` describe.
 */
export async function extractFeaturesFromFile(input: string | Uint8Array, options: FeatureOptions = {}, crop?: CropBox): Promise<LocalFeatures> {
  const fn = 'extractFeaturesFromFile';
  const resolved = resolveFeatureOptions(fn, options);
  const label = typeof input === 'string' ? input : `<${input.length}-byte buffer>`;
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw new ArgumentError(expected(fn, 'input', 'a file path or encoded image bytes', input));
  const stored = await storedSize(fn, input, label);
  if (crop) checkCropInside(crop, stored.width, stored.height, label);
  const source = crop ? { width: crop.w, height: crop.h } : stored;
  const scale = Math.min(1, resolved.maxSide / Math.max(source.width, source.height));
  const width = Math.max(1, Math.round(source.width * scale));
  const height = Math.max(1, Math.round(source.height * scale));
  const shape = { channels: 1, height, width } as const;
  const pixels = typeof input === 'string' && !crop ? (await readImage(input, shape)).pixels : await decodeImage(input, { ...shape, ...(crop ? { crop } : {}) }, label);
  return detect({ pixels, height, width }, resolved, source.width, source.height);
}

async function detect(image: GreyImage, options: ResolvedFeatureOptions, sourceWidth: number, sourceHeight: number): Promise<LocalFeatures> {
  const native = await loadFeatures().detect(image.pixels, image.height, image.width, {
    maxKeypoints: options.maxKeypoints,
    contrastThreshold: options.contrastThreshold,
    edgeThreshold: options.edgeThreshold,
    rootSift: options.descriptor === 'rootsift',
    rootSiftScale: ROOT_SIFT_SCALE,
  });
  return { width: image.width, height: image.height, sourceWidth, sourceHeight, descriptor: options.descriptor, ...native };
}

function checkGrey(fn: string, image: GreyImage): void {
  if (image === null || typeof image !== 'object') throw new ArgumentError(expected(fn, 'image', '{pixels, height, width}', image));
  if (!(image.pixels instanceof Uint8Array)) throw new ArgumentError(expected(fn, 'image.pixels', 'a Uint8Array of grey pixels', image.pixels));
  for (const key of ['height', 'width'] as const) {
    if (!Number.isInteger(image[key]) || image[key] < 1) throw new ArgumentError(expected(fn, `image.${key}`, 'a positive integer', image[key]));
  }
  if (image.pixels.length !== image.height * image.width) {
    throw new ArgumentError(expected(fn, 'image.pixels', `${image.height}×${image.width} = ${image.height * image.width} grey pixels`, image.pixels,
      'Pass one byte per pixel (grey, row-major).'));
  }
}

/** The upright (EXIF-rotated) size of the stored image. */
async function storedSize(fn: string, input: string | Uint8Array, label: string): Promise<{ width: number; height: number }> {
  let meta;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    throw new DataError(`${fn}: could not read image ${label}: ${(error as Error).message}`, {
      file: typeof input === 'string' ? input : undefined,
      cause: error,
    });
  }
  const { width, height } = meta;
  if (!width || !height) throw new DataError(`${fn}: could not read the size of image ${label}.`, { file: typeof input === 'string' ? input : undefined });
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height };
}
