// Decoding and resizing through sharp (libvips), the one place reid turns encoded image
// bytes into planar CHW uint8 at a dataset's shape. Decode failures become DataErrors naming the file.
import sharp, { type Metadata } from 'sharp';
import { DataError } from '../util/errors.ts';
import { checkCropInside, uprightSize, type CropBox } from './crop-box.ts';
import type { ImageShape } from './dataset.ts';
import { interleavedToPlanar } from './planar.ts';

/**
 * How an image is brought to the target size. 'fill' stretches (keeps everything, distorts the aspect);
 * 'cover' scales to cover the target and crops the centre (keeps the aspect, may lose the edges).
 */
export type ResizeFit = 'fill' | 'cover';

export interface DecodeImageOptions extends ImageShape {
  /** Default 'fill'. */
  fit?: ResizeFit;
  /** Colour transparent pixels are composited over; default white, as a drawing on paper. */
  background?: string;
  /** Keep only this rectangle of the upright image before resizing; refused when it is not inside the image. */
  crop?: CropBox;
}

/** Decodes `input` (a file path or encoded bytes) to CHW uint8 at `options`' shape; `label` names it in errors. */
export async function decodeImage(input: string | Uint8Array, options: DecodeImageOptions, label = describe(input)): Promise<Uint8Array> {
  const { channels, height, width } = options;
  if (channels !== 1 && channels !== 3) {
    throw new DataError(`decodeImage: expected 1 or 3 for channels but received ${String(channels)} (for ${label}).`);
  }
  if (options.crop) await checkCrop(input, options.crop, label);
  let data: Buffer;
  try {
    // rotate() applies the EXIF orientation, so phone photos come out upright (and a crop, called
    // after it, is taken from the upright image).
    // Always decoded as sRGB; grey is then Rec. 601 luma (as PIL's "L" and torchvision), not
    // libvips' perceptual b-w, so grey pixels match what Python pipelines produce.
    let pipeline = sharp(input, { failOn: 'error' }).rotate();
    if (options.crop) pipeline = pipeline.extract({ left: options.crop.x, top: options.crop.y, width: options.crop.w, height: options.crop.h });
    const result = await pipeline
      .flatten({ background: options.background ?? '#ffffff' })
      .toColourspace('srgb')
      .resize(width, height, { fit: options.fit ?? 'fill', position: 'centre' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (result.info.channels !== 3) throw new Error(`sharp produced ${result.info.channels} channels instead of 3`);
    data = result.data;
  } catch (error) {
    throw new DataError(`decodeImage: could not decode image ${label}: ${(error as Error).message}`, {
      file: typeof input === 'string' ? input : undefined,
      cause: error,
    });
  }
  if (channels === 3) return interleavedToPlanar(data, 3);
  const grey = new Uint8Array(width * height);
  for (let p = 0; p < grey.length; p++) grey[p] = Math.round(0.299 * data[3 * p]! + 0.587 * data[3 * p + 1]! + 0.114 * data[3 * p + 2]!);
  return grey;
}

/** Reads the image's header (no pixels) and refuses a crop outside its upright size. */
export async function checkCrop(input: string | Uint8Array, crop: CropBox, label: string): Promise<void> {
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new DataError(`decodeImage: could not decode image ${label}: ${(error as Error).message}`, { file: typeof input === 'string' ? input : undefined, cause: error });
  }
  const { width, height } = uprightSize(meta);
  checkCropInside(crop, width, height, label);
}

function describe(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : `<${input.length}-byte buffer>`;
}
