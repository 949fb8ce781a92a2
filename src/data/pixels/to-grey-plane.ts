// Any 8-bit image (grey, grey+alpha, RGB, RGBA; planar or interleaved) to one grey float plane.
// Transparent drawings (a canvas with no background) are composited over the colour that
// contrasts with their ink, so dark ink on transparency reads as dark-on-light and vice versa.
import { ArgumentError } from '../../util/errors.ts';

export interface PixelSource {
  data: ArrayLike<number>;
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: number;
  /** 'chw' planar (reid's layout, the default) or 'hwc' interleaved (canvas ImageData, sharp raw). */
  layout?: 'chw' | 'hwc';
}

/** Grey levels in [0, 255] (Rec. 601 luma for colour), row-major height × width. */
export function toGreyPlane(source: PixelSource, caller: string): Float32Array {
  const { data, width, height, channels } = source;
  if (![1, 2, 3, 4].includes(channels)) {
    throw new ArgumentError(`${caller}: expected 1, 2, 3 or 4 for channels but received ${String(channels)}.`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || data.length !== width * height * channels) {
    throw new ArgumentError(
      `${caller}: expected data.length = width × height × channels = ${width * height * channels} but received ${data.length} ` +
        `(width ${width}, height ${height}, channels ${channels}).`,
    );
  }
  const plane = width * height;
  const interleaved = source.layout === 'hwc';
  const at = (p: number, c: number): number => data[interleaved ? p * channels + c : c * plane + p]!;
  const luma = new Float32Array(plane);
  for (let p = 0; p < plane; p++) {
    luma[p] = channels >= 3 ? 0.299 * at(p, 0) + 0.587 * at(p, 1) + 0.114 * at(p, 2) : at(p, 0);
  }
  if (channels === 1 || channels === 3) return luma;
  const alphaChannel = channels - 1;
  let weight = 0;
  let weighted = 0;
  let opaque = true;
  for (let p = 0; p < plane; p++) {
    const a = at(p, alphaChannel);
    if (a < 255) opaque = false;
    weight += a;
    weighted += a * luma[p]!;
  }
  if (opaque) return luma;
  const background = weight > 0 && weighted / weight >= 128 ? 0 : 255;
  for (let p = 0; p < plane; p++) {
    const a = at(p, alphaChannel) / 255;
    luma[p] = a * luma[p]! + (1 - a) * background;
  }
  return luma;
}
