// One photograph of one individual: its scene, the animal under a random pose (a homography from
// the species frame to the picture), light, occluders, hidden marks, blur, noise and camera JPEG.
// Everything is drawn from `random`, so a sighting is fixed by its seed.
import type { Random } from '../../util/random.ts';
import type { AnimalTexture } from './animal-texture.ts';
import { addSensorNoise, gaussianBlur, toBytes } from './image-effects.ts';
import { jpegArtifacts } from './jpeg-artifacts.ts';
import { poseHomography, type Homography } from './pose-homography.ts';
import type { Canvas, Species } from './species.ts';
import type { SightingVariation } from './sighting-variation.ts';

/** Draws one sighting as planar RGB uint8, `size` × `size`. */
export function renderSighting(species: Species, texture: AnimalTexture, random: Random, size: number, variation: Required<SightingVariation>): Uint8Array {
  const canvas: Canvas = { size, rgb: new Float32Array(3 * size * size) };
  species.background(canvas, random, variation.background);
  const pose = poseHomography(random, variation.pose, species.maxRotation, size, texture.layer);
  const hide = variation.hiddenMarks * random.uniform(0, 0.4);
  const hidden = new Uint8Array(texture.elements + 1);
  for (let e = 1; e <= texture.elements; e++) hidden[e] = random.next() < hide ? 1 : 0;
  const haze = species.haze ? variation.light * random.uniform(0, 0.45) : 0;
  drawAnimal(canvas, texture, pose.toTexture, hidden, haze, species);
  if (random.next() < 0.7 * variation.occlusion) {
    const at = randomBodyPixel(texture, pose.toPixel, random);
    species.occlude(canvas, random, at.x, at.y, size * Math.sqrt(variation.occlusion) * random.uniform(0.1, 0.22));
  }
  applyLight(canvas, random, variation.light);
  gaussianBlur(canvas.rgb, size, 3, variation.blur * random.uniform(0, 1.6) * (size / 128));
  addSensorNoise(canvas.rgb, (variation.noise * random.uniform(0, 10)) / 255, random);
  if (variation.jpeg > 0) jpegArtifacts(canvas.rgb, size, 100 - variation.jpeg * random.uniform(0, 70));
  return toBytes(canvas.rgb);
}

function drawAnimal(canvas: Canvas, texture: AnimalTexture, toTexture: Homography, hidden: Uint8Array, haze: number, species: Species): void {
  const { size, rgb } = canvas;
  const plane = size * size;
  const { layer, mark, element, alpha, markColour } = texture;
  const t = layer.size;
  const texPlane = t * t;
  const base = layer.base;
  const [m0, m1, m2] = markColour;
  const [h0, h1, h2] = species.haze ?? [0, 0, 0];
  const [a, b, c, d, e, f, g, h, k] = toTexture;
  const weights = [0, 0, 0, 0];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const w = g * x + h * y + k;
      const u = (a * x + b * y + c) / w;
      const v = (d * x + e * y + f) / w;
      if (!(u > -0.5 && v > -0.5 && u < t - 0.5 && v < t - 0.5)) continue;
      const x0 = Math.max(0, Math.floor(u));
      const y0 = Math.max(0, Math.floor(v));
      const x1 = Math.min(t - 1, x0 + 1);
      const y1 = Math.min(t - 1, y0 + 1);
      const fx = Math.min(1, Math.max(0, u - x0));
      const fy = Math.min(1, Math.max(0, v - y0));
      const i00 = y0 * t + x0, i10 = y0 * t + x1, i01 = y1 * t + x0, i11 = y1 * t + x1;
      weights[0] = (1 - fx) * (1 - fy); weights[1] = fx * (1 - fy); weights[2] = (1 - fx) * fy; weights[3] = fx * fy;
      const cover = alpha[i00]! * weights[0] + alpha[i10]! * weights[1] + alpha[i01]! * weights[2] + alpha[i11]! * weights[3];
      if (cover <= 0.002) continue;
      const m =
        (hidden[element[i00]!] ? 0 : mark[i00]! * weights[0]) + (hidden[element[i10]!] ? 0 : mark[i10]! * weights[1]) +
        (hidden[element[i01]!] ? 0 : mark[i01]! * weights[2]) + (hidden[element[i11]!] ? 0 : mark[i11]! * weights[3]);
      const p = y * size + x;
      // Texels outside the body carry no colour, so normalise the colour by coverage.
      const norm = 1 / cover;
      for (let ch = 0; ch < 3; ch++) {
        const o = ch * texPlane;
        const body = (base[o + i00]! * alpha[i00]! * weights[0] + base[o + i10]! * alpha[i10]! * weights[1] + base[o + i01]! * alpha[i01]! * weights[2] + base[o + i11]! * alpha[i11]! * weights[3]) * norm;
        const ink = ch === 0 ? m0 : ch === 1 ? m1 : m2;
        const mist = ch === 0 ? h0 : ch === 1 ? h1 : h2;
        const markWeight = Math.min(1, m * norm);
        let colour = body + (ink - body) * markWeight;
        colour += (mist - colour) * haze;
        const at = ch * plane + p;
        rgb[at] = rgb[at]! + (colour - rgb[at]!) * cover;
      }
    }
  }
}

function randomBodyPixel(texture: AnimalTexture, toPixel: Homography, random: Random): { x: number; y: number } {
  const t = texture.layer.size;
  let index = 0;
  for (let attempt = 0; attempt < 200; attempt++) {
    index = random.int(t * t);
    if (texture.alpha[index]! > 0.5) break;
  }
  const u = index % t, v = Math.floor(index / t);
  const [a, b, c, d, e, f, g, h, k] = toPixel;
  const w = g * u + h * v + k;
  return { x: (a * u + b * v + c) / w, y: (d * u + e * v + f) / w };
}

function applyLight(canvas: Canvas, random: Random, strength: number): void {
  const { size, rgb } = canvas;
  const plane = size * size;
  const exposure = 2 ** (strength * random.uniform(-0.9, 0.9));
  const cast = [0, 1, 2].map(() => exposure * (1 + strength * random.uniform(-0.18, 0.18)));
  const angle = random.uniform(0, 2 * Math.PI);
  const gradient = strength * random.uniform(0, 0.55);
  const contrast = 1 + strength * random.uniform(-0.3, 0.1);
  const cos = Math.cos(angle) / size, sin = Math.sin(angle) / size;
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      const along = 0.5 + (x - size / 2) * cos + (y - size / 2) * sin; // about 0..1 across the frame
      const shade = 1 - gradient * Math.min(1, Math.max(0, along));
      for (let c = 0; c < 3; c++) {
        const at = c * plane + i;
        rgb[at] = (0.5 + (rgb[at]! - 0.5) * contrast) * shade * cast[c]!;
      }
    }
  }
}
