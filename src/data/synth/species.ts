// What a species module provides: its outline and fixed markings (shared), an individual's marks
// (seeded by its identity), and the scene it is photographed in (background, occluders, water).
import type { Random } from '../../util/random.ts';
import type { AnimalTexture, Rgb, SpeciesLayer } from './animal-texture.ts';
import type { SynthPattern } from './synth-pattern.ts';

/** An RGB image being drawn: 3 planes of `size` × `size` floats in [0, 1]. */
export interface Canvas {
  readonly size: number;
  readonly rgb: Float32Array;
}

export interface Species {
  readonly pattern: SynthPattern;
  /** Half-width of the species frame the texture covers (the frame at rest shows [-1, 1]²). */
  readonly extent: number;
  /** Largest in-plane rotation at pose strength 1, in degrees (a manta is seen from below at any angle, a zebra stands upright). */
  readonly maxRotation: number;
  /** Colour the animal fades toward with distance (water), or undefined in air. */
  readonly haze?: Rgb;
  /** Outline, fixed markings and shading at `size` texels per side. */
  layer(size: number): SpeciesLayer;
  /** One individual's marks on `layer`. */
  individual(layer: SpeciesLayer, random: Random): AnimalTexture;
  /** The sighting's surroundings; `strength` in [0, 1] scales texture contrast and clutter. */
  background(canvas: Canvas, random: Random, strength: number): void;
  /** Something in front of the animal around pixel (x, y), about `radius` pixels across. */
  occlude(canvas: Canvas, random: Random, x: number, y: number, radius: number): void;
}

/** Fills every pixel of the canvas with one colour. */
export function fillCanvas(canvas: Canvas, colour: Rgb): void {
  const plane = canvas.size * canvas.size;
  for (let c = 0; c < 3; c++) canvas.rgb.fill(colour[c]!, c * plane, (c + 1) * plane);
}

/** Mixes `colour` into the canvas with per-pixel weight `weight` (length size², values in [0, 1]). */
export function paintWeighted(canvas: Canvas, weight: Float32Array, colour: Rgb): void {
  const plane = canvas.size * canvas.size;
  for (let i = 0; i < plane; i++) {
    const w = weight[i]!;
    if (w <= 0) continue;
    for (let c = 0; c < 3; c++) {
      const at = c * plane + i;
      canvas.rgb[at] = canvas.rgb[at]! + (colour[c]! - canvas.rgb[at]!) * Math.min(1, w);
    }
  }
}

/** Soft-edged irregular blob weights around (x, y) with base radius `radius` pixels, added into `weight` (max). */
export function blobWeight(weight: Float32Array, size: number, x: number, y: number, radius: number, random: Random, softness = 1.5): void {
  const harmonics = [2, 3, 5].map((frequency) => ({ frequency, amplitude: random.uniform(0, 0.35 / frequency * 2), phase: random.uniform(0, 2 * Math.PI) }));
  const reach = radius * 1.8 + softness;
  for (let py = Math.max(0, Math.floor(y - reach)); py < Math.min(size, Math.ceil(y + reach)); py++) {
    for (let px = Math.max(0, Math.floor(x - reach)); px < Math.min(size, Math.ceil(x + reach)); px++) {
      const dx = px + 0.5 - x;
      const dy = py + 0.5 - y;
      const angle = Math.atan2(dy, dx);
      let r = radius;
      for (const h of harmonics) r *= 1 + h.amplitude * Math.cos(h.frequency * angle + h.phase);
      const w = Math.min(1, Math.max(0, (r - Math.hypot(dx, dy)) / softness + 0.5));
      const i = py * size + px;
      if (w > weight[i]!) weight[i] = w;
    }
  }
}
