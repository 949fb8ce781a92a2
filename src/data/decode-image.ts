// Decoding and resizing through sharp (libvips), the one place reid turns encoded image
// bytes into planar CHW uint8 at a dataset's shape. Decode failures become DataErrors naming the file.
import sharp from 'sharp';
import { DataError } from '../util/errors.ts';
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
}

/** Decodes `input` (a file path or encoded bytes) to CHW uint8 at `options`' shape; `label` names it in errors. */
export async function decodeImage(input: string | Uint8Array, options: DecodeImageOptions, label = describe(input)): Promise<Uint8Array> {
  const { channels, height, width } = options;
  if (channels !== 1 && channels !== 3) {
    throw new DataError(`decodeImage: expected 1 or 3 for channels but received ${String(channels)} (for ${label}).`);
  }
  let data: Buffer;
  try {
    // rotate() applies the EXIF orientation, so phone photos come out upright.
    let pipeline = sharp(input, { failOn: 'error' }).rotate().flatten({ background: options.background ?? '#ffffff' });
    pipeline = channels === 1 ? pipeline.greyscale() : pipeline.toColourspace('srgb');
    const result = await pipeline
      .resize(width, height, { fit: options.fit ?? 'fill', position: 'centre' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (result.info.channels !== channels) {
      throw new Error(`sharp produced ${result.info.channels} channels instead of ${channels}`);
    }
    data = result.data;
  } catch (error) {
    throw new DataError(`decodeImage: could not decode image ${label}: ${(error as Error).message}`, {
      file: typeof input === 'string' ? input : undefined,
      cause: error,
    });
  }
  return channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.length) : interleavedToPlanar(data, channels);
}

function describe(input: string | Uint8Array): string {
  return typeof input === 'string' ? input : `<${input.length}-byte buffer>`;
}
