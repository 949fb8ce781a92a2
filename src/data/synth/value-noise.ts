// Smooth value noise on a plane: a coarse grid of random values, smoothstep-interpolated. Summing a
// few octaves gives water, grass and pigment textures at a few operations per pixel, which is what
// drawing thousands of sightings a minute needs (no per-pixel hashing or gradients).
import type { Random } from '../../util/random.ts';

/** Adds `amplitude` × noise in [-1, 1] with `cellsX` × `cellsY` cells across a `width` × `height` plane. */
export function addValueNoise(plane: Float32Array, width: number, height: number, cellsX: number, cellsY: number, amplitude: number, random: Random): void {
  const gx = Math.max(1, Math.round(cellsX));
  const gy = Math.max(1, Math.round(cellsY));
  const stride = gx + 1;
  const grid = new Float32Array(stride * (gy + 1));
  for (let i = 0; i < grid.length; i++) grid[i] = (2 * random.next() - 1) * amplitude;
  const column = new Int32Array(width);
  const columnWeight = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const t = ((x + 0.5) / width) * gx;
    const i = Math.min(gx - 1, Math.floor(t));
    const f = t - i;
    column[x] = i;
    columnWeight[x] = f * f * (3 - 2 * f);
  }
  for (let y = 0; y < height; y++) {
    const t = ((y + 0.5) / height) * gy;
    const j = Math.min(gy - 1, Math.floor(t));
    const f = t - j;
    const wy = f * f * (3 - 2 * f);
    const top = j * stride;
    const bottom = top + stride;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = column[x]!;
      const wx = columnWeight[x]!;
      const a = grid[top + i]! + (grid[top + i + 1]! - grid[top + i]!) * wx;
      const b = grid[bottom + i]! + (grid[bottom + i + 1]! - grid[bottom + i]!) * wx;
      plane[row + x] += a + (b - a) * wy;
    }
  }
}

/** Fractal noise: `octaves` layers from `cells` cells, each twice as fine and `gain` times as strong. Values stay within ±amplitude·(1 + gain + …). */
export function addFractalNoise(plane: Float32Array, width: number, height: number, cells: number, octaves: number, amplitude: number, random: Random, aspect = 1, gain = 0.5): void {
  let scale = 1;
  let strength = amplitude;
  for (let o = 0; o < octaves; o++) {
    addValueNoise(plane, width, height, cells * scale * aspect, cells * scale, strength, random);
    scale *= 2;
    strength *= gain;
  }
}

/**
 * Region numbers in [0, levels²) from two smooth noise fields cut into `levels` bands each: regions
 * with curvy borders, a few `cells` across, for pattern elements a sighting can hide.
 */
export function noiseRegions(width: number, height: number, cells: number, levels: number, random: Random): Uint16Array {
  const a = new Float32Array(width * height);
  const b = new Float32Array(width * height);
  addFractalNoise(a, width, height, cells, 2, 1, random);
  addFractalNoise(b, width, height, cells, 2, 1, random);
  const out = new Uint16Array(width * height);
  const band = (value: number): number => Math.min(levels - 1, Math.max(0, Math.floor(((value + 1.5) / 3) * levels)));
  for (let i = 0; i < out.length; i++) out[i] = band(a[i]!) * levels + band(b[i]!);
  return out;
}
