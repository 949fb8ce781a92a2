// Camera effects on float RGB planes: Gaussian blur (defocus, motion is not modelled), sensor
// noise, and the final rounding to uint8.
import type { Random } from '../../util/random.ts';

/** Separable Gaussian blur of each of `planes` size×size planes in place (edges clamped). */
export function gaussianBlur(data: Float32Array, size: number, planes: number, sigma: number): void {
  if (!(sigma > 0.2)) return;
  const radius = Math.ceil(2.5 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) sum += kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
  for (let k = 0; k < kernel.length; k++) kernel[k] = kernel[k]! / sum;
  const line = new Float32Array(size + 2 * radius);
  const plane = size * size;
  for (let p = 0; p < planes; p++) {
    const base = p * plane;
    for (let pass = 0; pass < 2; pass++) {
      // pass 0: rows (step 1), pass 1: columns (step size).
      const step = pass === 0 ? 1 : size;
      const next = pass === 0 ? size : 1;
      for (let r = 0; r < size; r++) {
        const start = base + r * next;
        for (let i = 0; i < size; i++) line[i + radius] = data[start + i * step]!;
        for (let i = 0; i < radius; i++) {
          line[i] = line[radius]!;
          line[size + radius + i] = line[size + radius - 1]!;
        }
        for (let i = 0; i < size; i++) {
          let acc = 0;
          for (let k = 0; k < kernel.length; k++) acc += kernel[k]! * line[i + k]!;
          data[start + i * step] = acc;
        }
      }
    }
  }
}

/** Adds zero-mean noise of standard deviation `sigma`: the sum of four uniform bytes of one xorshift step, close to Gaussian and cheap. */
export function addSensorNoise(data: Float32Array, sigma: number, random: Random): void {
  if (!(sigma > 0)) return;
  // Four bytes of U{0..255}: mean 510, standard deviation √(4·(256²−1)/12) ≈ 147.8.
  const scale = sigma / 147.8;
  let state = (random.next() * 4294967296) | 1;
  for (let i = 0; i < data.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const sum = (state & 255) + ((state >>> 8) & 255) + ((state >>> 16) & 255) + ((state >>> 24) & 255);
    data[i] = data[i]! + (sum - 510) * scale;
  }
}

/** Floats in [0, 1] to rounded, clamped uint8 (a clamped array rounds and clamps on store). */
export function toBytes(data: Float32Array): Uint8Array {
  const out = new Uint8ClampedArray(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! * 255;
  return new Uint8Array(out.buffer);
}
