// The unit augmentations work on: one planar CHW float image, values in [0, 1] (uint8 / 255),
// before the loader normalises by mean and std.

export interface FloatImage {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

/** A uint8 CHW image as floats in [0, 1]. */
export function toFloatImage(pixels: Uint8Array, channels: number, height: number, width: number): FloatImage {
  const data = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) data[i] = pixels[i]! / 255;
  return { data, channels, height, width };
}
