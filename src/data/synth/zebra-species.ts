// stripes: the side of a zebra, as HotSpotter-style catalogues photograph it. The species shares
// its silhouette (body, neck, head, legs, tail), the stripes' directions (upright on the barrel,
// bending over the rump, level on the legs, across the neck), a dark muzzle and dorsal line; an
// individual is where its stripes split, thin out, break and join, from its own noise fields.
// The scene is savanna: sky, a tree line and grass, and grass stems in front of the animal.
import type { Random } from '../../util/random.ts';
import { capsule, ellipse, finishMarks, forEachTexel, layerFromField, smoothMin, smoothstep, texelSize, type AnimalTexture, type Rgb, type SpeciesLayer } from './animal-texture.ts';
import { blobWeight, paintWeighted, type Canvas, type Species } from './species.ts';
import { addFractalNoise, noiseRegions } from './value-noise.ts';

// The zebra is drawn in its own units, then shrunk and shifted so head and hooves show at rest.
const zoom = 0.84;
const shiftU = 0.14;
const shiftV = -0.02;
const legs = [[-0.5, 0.2, -0.55, 1.25], [-0.28, 0.25, -0.22, 1.25], [0.52, 0.2, 0.47, 1.25], [0.72, 0.15, 0.8, 1.25]] as const;

function outline(fu: number, fv: number): number {
  const u = (fu - shiftU) / zoom;
  const v = (fv - shiftV) / zoom;
  let d = ellipse(u, v, 0.1, 0.0, 0.78, 0.36);
  d = smoothMin(d, ellipse(u, v, 0.62, -0.03, 0.33, 0.38), 0.1);
  d = smoothMin(d, ellipse(u, v, -0.45, 0.0, 0.3, 0.35), 0.1);
  d = smoothMin(d, capsule(u, v, -0.55, -0.12, -0.85, -0.62, 0.19), 0.12);
  d = smoothMin(d, capsule(u, v, -0.9, -0.68, -1.18, -0.28, 0.1), 0.08);
  d = smoothMin(d, capsule(u, v, -0.86, -0.78, -0.8, -0.95, 0.035), 0.04);
  for (const [ax, ay, bx, by] of legs) d = smoothMin(d, capsule(u, v, ax, ay, bx, by, 0.075), 0.1);
  return smoothMin(d, capsule(u, v, 0.93, -0.2, 1.02, 0.45, 0.025), 0.05) * zoom;
}

/** Stripe phase of the species (in stripe periods): its level lines are where stripes run. */
function speciesPhase(u: number, v: number): number {
  const barrel = u / 0.13;
  const rump = Math.hypot(u - 0.95, v + 0.35) / 0.12;
  const legPhase = v / 0.09;
  const neck = ((u + 0.55) * 0.5 + (v + 0.12) * -0.85) / 0.12;
  const wRump = smoothstep(0.35, 0.6, u) * smoothstep(0.5, 0.1, v);
  const wLeg = smoothstep(0.25, 0.45, v);
  const wNeck = smoothstep(-0.55, -0.7, u) * smoothstep(0.2, -0.1, v);
  let phase = barrel + (rump - barrel) * wRump;
  phase += (neck - phase) * wNeck;
  return phase + (legPhase - phase) * wLeg;
}

const white: Rgb = [0.93, 0.91, 0.86];
const black: Rgb = [0.07, 0.07, 0.08];

function colour(fu: number, fv: number, depth: number, out: number[]): void {
  const u = (fu - shiftU) / zoom;
  const v = (fv - shiftV) / zoom;
  let dark = smoothstep(0.12, 0.0, capsule(u, v, -1.2, -0.3, -1.12, -0.4, 0.06)); // muzzle
  dark = Math.max(dark, smoothstep(0.035, 0.0, Math.abs(depth - 0.02)) * smoothstep(-0.3, -0.34, v) * smoothstep(-0.5, -0.3, u)); // dorsal line
  dark = Math.max(dark, smoothstep(1.12, 1.2, v)); // hooves
  dark = Math.max(dark, smoothstep(0.02, 0.0, Math.hypot(u + 1.0, v + 0.58) - 0.02)); // eye
  const shade = 0.78 + 0.22 * smoothstep(0, 0.2, depth) - 0.1 * smoothstep(0.1, 0.35, v);
  for (let c = 0; c < 3; c++) out[c] = shade * (white[c]! + (black[c]! - white[c]!) * dark);
}

function individual(layer: SpeciesLayer, random: Random): AnimalTexture {
  const { size, extent } = layer;
  const plane = size * size;
  const warp = new Float32Array(plane);
  addFractalNoise(warp, size, size, 4, 3, 0.9, random);
  const width = new Float32Array(plane);
  addFractalNoise(width, size, size, 6, 2, 0.45, random);
  const breaks = new Float32Array(plane);
  addFractalNoise(breaks, size, size, 14, 1, 1, random);
  const mark = new Float32Array(plane);
  const element = new Uint16Array(plane);
  const step = texelSize(layer);
  const regions = noiseRegions(size, size, 4, 5, random);
  let elements = 0;
  forEachTexel(size, extent, (u, v, i) => {
    if (layer.alpha[i]! <= 0) return;
    const phase = speciesPhase((u - shiftU) / zoom, (v - shiftV) / zoom) + warp[i]!;
    const wave = Math.cos(2 * Math.PI * phase);
    // Wider black where `width` is high; short gaps where `breaks` peaks.
    const threshold = width[i]! - 0.05 + Math.max(0, breaks[i]! - 0.55) * 2.5;
    const sharp = 0.25 + 4 * step; // anti-aliasing over about a texel of phase
    mark[i] = Math.min(1, Math.max(0, (wave - threshold) / sharp + 0.5));
    const stripe = Math.floor(phase);
    element[i] = 1 + ((((stripe + 64) * 25 + regions[i]!) >>> 0) % 4000);
    elements = 4000;
  });
  return finishMarks(layer, layer.alpha, mark, element, elements, black);
}

function background(canvas: Canvas, random: Random, strength: number): void {
  const { size, rgb } = canvas;
  const plane = size * size;
  const horizon = random.uniform(0.05, 0.45) * size;
  const sky: Rgb = [0.7, 0.8, 0.9];
  const dry = random.uniform(0, 1);
  const grass: Rgb = [0.55 + 0.15 * dry, 0.52 + 0.05 * dry, 0.28];
  const blades = new Float32Array(plane);
  addFractalNoise(blades, size, size, 6, 3, 0.22 * strength, random, 5);
  const patches = new Float32Array(plane);
  addFractalNoise(patches, size, size, 3, 2, 0.15 * strength, random);
  const trees = new Float32Array(plane);
  addFractalNoise(trees, size, size, 8, 2, 1, random);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      const treeLine = horizon - (0.04 + 0.08 * Math.max(0, trees[x]!)) * size * strength;
      const inGrass = y > horizon ? 1 : y > treeLine ? -1 : 0;
      for (let c = 0; c < 3; c++) {
        const sky0 = sky[c]! * (0.9 + 0.1 * (y / size));
        const value = inGrass === 1 ? grass[c]! * (1 + blades[i]! + patches[i]!) * (0.8 + 0.3 * (y / size)) : inGrass === -1 ? [0.22, 0.28, 0.15][c]! * (1 + patches[i]!) : sky0;
        rgb[c * plane + i] = value;
      }
    }
  }
}

function occlude(canvas: Canvas, random: Random, x: number, y: number, radius: number): void {
  const { size } = canvas;
  const weight = new Float32Array(size * size);
  // Tall grass stems rising from below the point, or a bush in front.
  if (random.next() < 0.6) {
    const stems = 8 + random.int(12);
    for (let s = 0; s < stems; s++) {
      const x0 = x + random.normal(0, radius * 0.7);
      const top = y + random.normal(0, radius * 0.5);
      const lean = random.normal(0, 0.25);
      for (let py = Math.max(0, Math.floor(top)); py < size; py++) {
        const cx = x0 + lean * (py - top);
        const half = 0.5 + 0.6 * (size / 128) * Math.min(1, (py - top) / radius);
        for (let px = Math.max(0, Math.floor(cx - half - 1)); px <= Math.min(size - 1, Math.ceil(cx + half + 1)); px++) {
          const w = Math.min(1, Math.max(0, half - Math.abs(px + 0.5 - cx) + 0.5));
          const i = py * size + px;
          if (w > weight[i]!) weight[i] = w;
        }
      }
    }
    paintWeighted(canvas, weight, [0.62, 0.58, 0.3]);
  } else {
    for (let b = 0; b < 6; b++) blobWeight(weight, size, x + random.normal(0, radius * 0.4), y + random.normal(0, radius * 0.3), radius * random.uniform(0.3, 0.6), random, 2);
    paintWeighted(canvas, weight, [0.2, 0.27, 0.12]);
  }
}

export const zebraSpecies: Species = {
  pattern: 'stripes',
  extent: 1.3,
  maxRotation: 15,
  layer: (size) => layerFromField(size, 1.3, outline, colour),
  individual,
  background,
  occlude,
};
