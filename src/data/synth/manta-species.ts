// spots: the belly of a manta ray photographed from below, as manta catalogues do. The species
// shares its outline (wings, cephalic fins, tail), dark wing margins, mouth and five pairs of gill
// slits; an individual is its belly spots (count, clusters, sizes, ragged edges), which stay with
// a manta for life. The scene is open water: light from above, murk, marine snow, bubbles.
import type { Random } from '../../util/random.ts';
import { catmullRom } from '../strokes/stroke-figure.ts';
import type { Point } from '../pixels/centre-of-mass.ts';
import { capsule, finishMarks, layerFromField, smoothstep, stampBlob, type AnimalTexture, type Rgb, type SpeciesLayer } from './animal-texture.ts';
import { polygonDistance } from './polygon-distance.ts';
import { blobWeight, paintWeighted, type Canvas, type Species } from './species.ts';
import { addFractalNoise } from './value-noise.ts';

// Right half of the outline, head (negative v) first; mirrored for the left.
const rightHalf: Point[] = [
  { x: 0.0, y: -0.6 }, { x: 0.15, y: -0.62 }, { x: 0.2, y: -0.9 }, { x: 0.27, y: -0.88 }, { x: 0.31, y: -0.62 },
  { x: 0.6, y: -0.52 }, { x: 0.95, y: -0.32 }, { x: 1.22, y: -0.1 }, { x: 1.42, y: 0.1 },
  { x: 1.15, y: 0.1 }, { x: 0.82, y: 0.17 }, { x: 0.52, y: 0.32 }, { x: 0.34, y: 0.56 },
  { x: 0.26, y: 0.74 }, { x: 0.1, y: 0.8 }, { x: 0.03, y: 0.86 }, { x: 0.015, y: 1.35 },
];
const outline = polygonDistance(catmullRom([...rightHalf, { x: -0.015, y: 1.35 }, ...rightHalf.slice(1, -1).reverse().map((p) => ({ x: -p.x, y: p.y }))], true, 8));
// Gill slits: five short arcs each side, flanking the belly, fanning out a little toward the rear.
const gills = Array.from({ length: 5 }, (_, k) => ({ x: 0.3 + 0.012 * k, y: -0.4 + 0.105 * k, tilt: 0.02 * (k - 1) }));
const belly: Rgb = [0.9, 0.9, 0.87];
const margin: Rgb = [0.22, 0.24, 0.28];
const spotColour: Rgb = [0.13, 0.13, 0.16];

function colour(u: number, v: number, depth: number, out: number[]): void {
  const ax = Math.abs(u);
  let dark = smoothstep(0.28, 0.03, depth) * smoothstep(0.3, 0.62, ax) + smoothstep(0.75, 1.2, ax) * 0.5;
  dark = Math.max(dark, smoothstep(0.06, 0.0, capsule(u, v, -0.15, -0.595, 0.15, -0.595, 0.018)));
  for (const g of gills) {
    const bend = 0.6 * (ax - g.x) ** 2; // arcs, not bars
    dark = Math.max(dark, 0.8 * smoothstep(0.012, 0.0, capsule(ax, v - bend, g.x - 0.1, g.y, g.x + 0.06, g.y + 0.02 + g.tilt, 0.006)));
  }
  dark = Math.min(1, dark);
  const shade = 0.8 + 0.2 * smoothstep(0, 0.3, depth);
  for (let c = 0; c < 3; c++) out[c] = shade * (belly[c]! + (margin[c]! - belly[c]!) * dark);
}

function individual(layer: SpeciesLayer, random: Random): AnimalTexture {
  const { size, extent } = layer;
  const mark = new Float32Array(size * size);
  const element = new Uint16Array(size * size);
  const count = Math.round(Math.exp(random.uniform(Math.log(12), Math.log(48))));
  const clusters = Array.from({ length: 2 + random.int(4) }, () => ({ x: random.uniform(-0.3, 0.3), y: random.uniform(-0.4, 0.4) }));
  let placed = 0;
  for (let attempt = 0; placed < count && attempt < count * 20; attempt++) {
    const cluster = clusters[random.int(clusters.length)]!;
    const near = random.next() < 0.6;
    const x = near ? cluster.x + random.normal(0, 0.09) : random.uniform(-0.4, 0.4);
    const y = near ? cluster.y + random.normal(0, 0.09) : random.uniform(-0.5, 0.5);
    if ((x / 0.36) ** 2 + ((y + 0.02) / 0.55) ** 2 > 1) continue;
    const radius = Math.exp(random.uniform(Math.log(0.014), Math.log(0.055)));
    const harmonics = [2, 3].map((frequency) => ({ frequency, amplitude: random.uniform(0, 0.22), phase: random.uniform(0, 2 * Math.PI) }));
    stampBlob(size, extent, mark, element, ++placed, x, y, radius, harmonics, random.uniform(0.75, 1));
  }
  return finishMarks(layer, layer.alpha, mark, element, placed, spotColour);
}

function background(canvas: Canvas, random: Random, strength: number): void {
  const { size, rgb } = canvas;
  const plane = size * size;
  const green = random.uniform(0, 0.35);
  const top: Rgb = [0.28 + 0.1 * green, 0.55 + 0.15 * green, 0.72 - 0.2 * green];
  const bottom: Rgb = [0.03, 0.17 + 0.1 * green, 0.3 - 0.1 * green];
  const tilt = random.uniform(-0.4, 0.4);
  const murk = new Float32Array(plane);
  addFractalNoise(murk, size, size, 3, 3, 0.12 * strength, random);
  const rays = new Float32Array(plane);
  addFractalNoise(rays, size, size, 10, 2, 0.1 * strength, random, 1, 0.4);
  for (let y = 0, i = 0; y < size; y++) {
    for (let x = 0; x < size; x++, i++) {
      const t = Math.min(1, Math.max(0, y / size + tilt * (x / size - 0.5)));
      const light = 1 + murk[i]! + rays[i]! * (1 - t);
      for (let c = 0; c < 3; c++) rgb[c * plane + i] = (top[c]! + (bottom[c]! - top[c]!) * t) * light;
    }
  }
  // Marine snow: small bright specks, the clutter a keypoint detector must ignore.
  const specks = new Float32Array(plane);
  const count = Math.round(strength * random.uniform(10, 60) * (size / 128) ** 2);
  for (let s = 0; s < count; s++) blobWeight(specks, size, random.uniform(0, size), random.uniform(0, size), random.uniform(0.3, 1.1) * (size / 128), random, 0.8);
  paintWeighted(canvas, specks, [0.75, 0.85, 0.85]);
}

function occlude(canvas: Canvas, random: Random, x: number, y: number, radius: number): void {
  const weight = new Float32Array(canvas.size * canvas.size);
  if (random.next() < 0.5) {
    // Another fish passing between camera and manta: a dark elongated body.
    const angle = random.uniform(0, Math.PI);
    for (let k = -3; k <= 3; k++) blobWeight(weight, canvas.size, x + Math.cos(angle) * k * radius * 0.28, y + Math.sin(angle) * k * radius * 0.28, radius * 0.45 * (1 - Math.abs(k) / 5), random, 1.5);
    paintWeighted(canvas, weight, [0.12, 0.16, 0.2]);
  } else {
    // A diver's bubbles: bright rims around water-coloured centres.
    for (let b = 0; b < 25; b++) blobWeight(weight, canvas.size, x + random.normal(0, radius * 0.5), y + random.normal(0, radius * 0.5), random.uniform(0.06, 0.22) * radius, random, 1);
    paintWeighted(canvas, weight, [0.8, 0.9, 0.95]);
  }
}

export const mantaSpecies: Species = {
  pattern: 'spots',
  extent: 1.5,
  maxRotation: 60,
  haze: [0.15, 0.38, 0.5],
  layer: (size) => layerFromField(size, 1.5, outline, colour),
  individual,
  background,
  occlude,
};
