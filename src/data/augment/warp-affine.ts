// Bilinear affine resampling, written as one tight loop because it is the hot path of MNIST
// training (every image, every epoch): the source position advances by a constant step along a
// row, interior pixels skip bounds checks, and nothing is allocated per pixel.
import type { FloatImage } from './float-image.ts';

/**
 * Maps output pixel (x, y) to source position (a·x + b·y + c, d·x + e·y + f), in pixel-index
 * coordinates. This is the inverse of the geometric transform one has in mind.
 */
export interface SourceMap {
  a: number;
  b: number;
  c: number;
  d: number;
  e: number;
  f: number;
}

export interface WarpOptions {
  /** 'fill' (default): taps outside the source read `fill`. 'clamp': they read the nearest edge pixel. */
  border?: 'fill' | 'clamp';
  /** Default 0. */
  fill?: number;
  /** Output size; default the input's. */
  height?: number;
  width?: number;
}

/** Resamples `image` through `map`. */
export function warpAffine(image: FloatImage, map: SourceMap, options: WarpOptions = {}): FloatImage {
  const { channels, height: sourceHeight, width: sourceWidth, data } = image;
  const { height = sourceHeight, width = sourceWidth, fill = 0 } = options;
  const clamp = options.border === 'clamp';
  const out = new Float32Array(channels * height * width);
  const sourcePlane = sourceHeight * sourceWidth;
  const plane = height * width;
  const { a, b, c, d, e, f } = map;
  for (let y = 0; y < height; y++) {
    let sx = b * y + c;
    let sy = e * y + f;
    for (let x = 0; x < width; x++, sx += a, sy += d) {
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      const target = y * width + x;
      if (x0 >= 0 && y0 >= 0 && x0 + 1 < sourceWidth && y0 + 1 < sourceHeight) {
        const i = y0 * sourceWidth + x0;
        for (let ch = 0, base = 0; ch < channels; ch++, base += sourcePlane) {
          const j = base + i;
          out[ch * plane + target] = w00 * data[j]! + w01 * data[j + 1]! + w10 * data[j + sourceWidth]! + w11 * data[j + sourceWidth + 1]!;
        }
      } else if (clamp) {
        const cx0 = Math.min(sourceWidth - 1, Math.max(0, x0));
        const cx1 = Math.min(sourceWidth - 1, Math.max(0, x0 + 1));
        const cy0 = Math.min(sourceHeight - 1, Math.max(0, y0)) * sourceWidth;
        const cy1 = Math.min(sourceHeight - 1, Math.max(0, y0 + 1)) * sourceWidth;
        for (let ch = 0, base = 0; ch < channels; ch++, base += sourcePlane) {
          out[ch * plane + target] = w00 * data[base + cy0 + cx0]! + w01 * data[base + cy0 + cx1]! + w10 * data[base + cy1 + cx0]! + w11 * data[base + cy1 + cx1]!;
        }
      } else if (x0 >= -1 && y0 >= -1 && x0 < sourceWidth && y0 < sourceHeight) {
        // Border: taps outside the source read the fill value.
        const in0x = x0 >= 0;
        const in1x = x0 + 1 < sourceWidth;
        const in0y = y0 >= 0;
        const in1y = y0 + 1 < sourceHeight;
        for (let ch = 0, base = 0; ch < channels; ch++, base += sourcePlane) {
          const j = base + y0 * sourceWidth + x0;
          const v00 = in0x && in0y ? data[j]! : fill;
          const v01 = in1x && in0y ? data[j + 1]! : fill;
          const v10 = in0x && in1y ? data[j + sourceWidth]! : fill;
          const v11 = in1x && in1y ? data[j + sourceWidth + 1]! : fill;
          out[ch * plane + target] = w00 * v00 + w01 * v01 + w10 * v10 + w11 * v11;
        }
      } else {
        for (let ch = 0; ch < channels; ch++) out[ch * plane + target] = fill;
      }
    }
  }
  return { data: out, channels, height, width };
}
