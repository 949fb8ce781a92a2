// PNG output for exports, glyph samples and contact sheets. Written to a temporary name and
// renamed, so an interrupted export never leaves a half-written PNG that looks complete.
import { rename, rm } from 'node:fs/promises';
import sharp from 'sharp';
import { ArgumentError } from '../util/errors.ts';
import type { ImageShape } from './dataset.ts';
import { planarToInterleaved } from './planar.ts';

/** Writes CHW uint8 `pixels` (1 or 3 channels) as a PNG at `file`. */
export async function writePng(file: string, pixels: Uint8Array, shape: ImageShape): Promise<void> {
  const { channels, height, width } = shape;
  if ((channels !== 1 && channels !== 3 && channels !== 4) || pixels.length !== channels * height * width) {
    throw new ArgumentError(
      `writePng: expected ${channels}×${height}×${width} = ${channels * height * width} pixels (1, 3 or 4 channels) for ${file} ` +
        `but received ${pixels.length}.`,
    );
  }
  const interleaved = channels === 1 ? pixels : planarToInterleaved(pixels, channels);
  const partial = `${file}.partial-${process.pid}`;
  try {
    const image = sharp(interleaved, { raw: { width, height, channels } });
    // Without 'b-w', sharp stores one channel as RGB: three times the bytes, and readers see colour.
    await (channels === 1 ? image.toColourspace('b-w') : image).png().toFile(partial);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
