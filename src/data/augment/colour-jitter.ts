// Random brightness, contrast and saturation (torchvision's ColorJitter factors, fixed order) for
// photos taken under different light. Values stay clipped to [0, 1].
import type { Random } from '../../util/random.ts';
import type { FloatImage } from './float-image.ts';

export interface ColourJitterOptions {
  /** Brightness factor drawn from [1 − b, 1 + b]; default 0 (unchanged). */
  brightness?: number;
  /** Contrast factor drawn from [1 − c, 1 + c] around the mean grey level; default 0. */
  contrast?: number;
  /** Saturation factor drawn from [1 − s, 1 + s] around each pixel's grey (3-channel images only); default 0. */
  saturation?: number;
}

export function colourJitter(image: FloatImage, random: Random, options: ColourJitterOptions = {}): FloatImage {
  const factor = (spread = 0): number => random.uniform(Math.max(0, 1 - spread), 1 + spread);
  const brightness = factor(options.brightness);
  const contrast = factor(options.contrast);
  const saturation = factor(options.saturation);
  const { channels, height, width } = image;
  const plane = height * width;
  const data = image.data.map((v) => Math.min(1, Math.max(0, v * brightness)));
  const grey = greyPlane(data, channels, plane);
  let meanGrey = 0;
  for (let p = 0; p < plane; p++) meanGrey += grey[p]!;
  meanGrey /= plane;
  for (let i = 0; i < data.length; i++) data[i] = Math.min(1, Math.max(0, meanGrey + contrast * (data[i]! - meanGrey)));
  if (channels === 3 && saturation !== 1) {
    const greyAfter = greyPlane(data, channels, plane);
    for (let ch = 0; ch < 3; ch++) {
      for (let p = 0; p < plane; p++) {
        const i = ch * plane + p;
        data[i] = Math.min(1, Math.max(0, greyAfter[p]! + saturation * (data[i]! - greyAfter[p]!)));
      }
    }
  }
  return { data, channels, height, width };
}

/** Rec. 601 luma of a 3-channel image, or the single channel itself. */
function greyPlane(data: Float32Array, channels: number, plane: number): Float32Array {
  if (channels !== 3) return data.subarray(0, plane);
  const grey = new Float32Array(plane);
  for (let p = 0; p < plane; p++) grey[p] = 0.299 * data[p]! + 0.587 * data[plane + p]! + 0.114 * data[2 * plane + p]!;
  return grey;
}
