// Loading one image file, for embedding a user's drawing or photo: either at its own size
// (for glyph normalisation, which needs the alpha channel) or decoded to a dataset's shape.
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { DataError } from '../util/errors.ts';
import { decodeImage, type DecodeImageOptions } from './decode-image.ts';
import { interleavedToPlanar } from './planar.ts';

/** Planar CHW pixels with their geometry; channels 1 (grey), 2 (grey+alpha), 3 (RGB) or 4 (RGBA). */
export interface RawImage {
  pixels: Uint8Array;
  channels: number;
  height: number;
  width: number;
}

/**
 * Reads an image file. Without `shape` it keeps the stored size and channels (alpha included);
 * with `shape` it is decoded and resized like a dataset image.
 */
export async function readImage(file: string, shape?: DecodeImageOptions): Promise<RawImage> {
  await checkNotEmpty(file);
  if (shape !== undefined) {
    const pixels = await decodeImage(file, shape, file);
    return { pixels, channels: shape.channels, height: shape.height, width: shape.width };
  }
  try {
    const stored = await sharp(file, { failOn: 'error' }).metadata();
    const { data, info } = await sharp(file, { failOn: 'error' }).rotate().raw().toBuffer({ resolveWithObject: true });
    const planar = interleavedToPlanar(data, info.channels);
    const plane = info.width * info.height;
    // sharp hands grey files out as sRGB (R = G = B); keep them grey, with their alpha if any.
    if ((stored.channels ?? 3) <= 2 && info.channels >= 3) {
      const channels = info.channels === 4 ? 2 : 1;
      const pixels = new Uint8Array(channels * plane);
      pixels.set(planar.subarray(0, plane));
      if (channels === 2) pixels.set(planar.subarray(3 * plane), plane);
      return { pixels, channels, height: info.height, width: info.width };
    }
    return { pixels: planar, channels: info.channels, height: info.height, width: info.width };
  } catch (error) {
    throw new DataError(`readImage: could not decode image ${file}: ${(error as Error).message}`, { file, cause: error });
  }
}

async function checkNotEmpty(file: string): Promise<void> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new DataError(`readImage: could not read image file ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  if (size === 0) throw new DataError(`readImage: expected image data in ${file} but the file is empty (0 bytes).`, { file });
}
