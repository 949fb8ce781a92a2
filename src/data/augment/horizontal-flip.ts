// Random left-right mirror. Opt-in only, never a default: in re-identification a mirror image can
// be a different individual. A humpback whale's fluke, a zebra's stripes or a leopard's rosettes are
// asymmetric, so a flipped photo shows a pattern no real animal has (and for glyphs, a mirrored
// arrow or moon points the other way). Use it only when identity is known to be mirror-symmetric.
import type { Random } from '../../util/random.ts';
import type { FloatImage } from './float-image.ts';

export interface HorizontalFlipOptions {
  /** Chance of flipping; default 0.5. */
  probability?: number;
}

export function horizontalFlip(image: FloatImage, random: Random, options: HorizontalFlipOptions = {}): FloatImage {
  if (random.next() >= (options.probability ?? 0.5)) return image;
  const { channels, height, width } = image;
  const data = new Float32Array(image.data.length);
  for (let row = 0; row < channels * height; row++) {
    const base = row * width;
    for (let x = 0; x < width; x++) data[base + x] = image.data[base + width - 1 - x]!;
  }
  return { data, channels, height, width };
}
