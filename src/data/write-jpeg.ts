// JPEG output for synthetic catalogues (`reid synth`): encoded by sharp, written atomically, so an
// interrupted run never leaves a half-written image that a later run would take as done.
import sharp from 'sharp';
import { writeFileAtomic } from '../util/atomic-write.ts';
import { ArgumentError } from '../util/errors.ts';
import type { ImageShape } from './dataset.ts';
import { planarToInterleaved } from './planar.ts';

/** JPEG bytes of CHW uint8 `pixels` (3 channels) at `quality` 1..100, 4:2:0 chroma. */
export async function encodeJpeg(pixels: Uint8Array, shape: ImageShape, quality: number): Promise<Buffer> {
  const { channels, height, width } = shape;
  if (channels !== 3 || pixels.length !== channels * height * width) {
    throw new ArgumentError(`encodeJpeg: expected 3×${height}×${width} = ${3 * height * width} pixels but received ${pixels.length} (${channels} channels).`);
  }
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new ArgumentError(`encodeJpeg: expected an integer quality in [1, 100] but received ${String(quality)}.`);
  return sharp(planarToInterleaved(pixels, channels), { raw: { width, height, channels } }).jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
}

/** Writes `pixels` as a JPEG at `file` (atomically: old content or all of the new). */
export async function writeJpeg(file: string, pixels: Uint8Array, shape: ImageShape, quality: number): Promise<void> {
  await writeFileAtomic(file, await encodeJpeg(pixels, shape, quality));
}
