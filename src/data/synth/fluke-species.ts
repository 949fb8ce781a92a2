// notches: the underside of a humpback's tail fluke, raised as the whale dives. The species shares
// the fluke's shape (two tapering lobes, the central notch, the tail stock going into the water)
// and a dark trailing-edge rim; an individual is its trailing edge (notches, bites, serration) and
// its ventral pigment (white patches on black, rake scars, round scars). The scene is the sea
// surface: sky or far water above a horizon, waves, whitecaps and spray.
import type { Random } from '../../util/random.ts';
import { finishMarks, forEachTexel, layerFromField, smoothstep, stampBlob, stampLine, texelSize, type AnimalTexture, type Rgb, type SpeciesLayer } from './animal-texture.ts';
import { blobWeight, paintWeighted, type Canvas, type Species } from './species.ts';
import { addFractalNoise, addValueNoise, noiseRegions } from './value-noise.ts';

const span = 1.2;
// The fluke is drawn in its own units and shrunk into the frame so both tips show at rest.
const zoom = 0.8;
const lift = -0.15;

/** Trailing edge (top of the fluke) at |u|, before the individual's notches. */
function trailingEdge(u: number): number {
  const a = Math.min(1, Math.abs(u) / span);
  return -0.2 - 0.36 * a ** 1.5 + 0.08 * Math.exp(-((u / 0.05) ** 2));
}

function leadingEdge(u: number): number {
  const a = Math.min(1, Math.abs(u) / span);
  return 0.5 - 1.06 * a ** 1.6;
}

/** Both edges for every texel column of a texture (they depend on u alone; cached per size). */
const edgesBySize = new Map<number, { top: Float32Array; bottom: Float32Array }>();
function columnEdges(size: number, extent: number): { top: Float32Array; bottom: Float32Array } {
  let edges = edgesBySize.get(size);
  if (edges === undefined) {
    const step = (2 * extent) / size;
    const u = (x: number): number => (-extent + (x + 0.5) * step) / zoom;
    edges = { top: Float32Array.from({ length: size }, (_, x) => trailingEdge(u(x))), bottom: Float32Array.from({ length: size }, (_, x) => leadingEdge(u(x))) };
    edgesBySize.set(size, edges);
  }
  return edges;
}

/** Approximate signed distance, with the trailing edge `top` already moved down by the individual's notches. */
function flukeField(fu: number, fv: number, top: number, bottom: number): number {
  const u = fu / zoom;
  const v = (fv - lift) / zoom;
  let d = Math.max(top - v, v - bottom, Math.abs(u) - span) * 0.8;
  // Tail stock: widening downwards from under the centre of the flukes into the water.
  const stock = Math.max(Math.abs(u) - (0.15 + 0.12 * Math.max(0, v - 0.35)), 0.1 - v);
  d = Math.min(d, stock);
  return d * zoom;
}

const black: Rgb = [0.1, 0.11, 0.13];
const white: Rgb = [0.9, 0.9, 0.88];

function colour(fu: number, fv: number, depth: number, out: number[]): void {
  const u = fu / zoom;
  const v = (fv - lift) / zoom;
  const rim = smoothstep(0.04, 0.0, v - trailingEdge(u)) * 0.6;
  const shade = 0.8 + 0.2 * smoothstep(0, 0.15, depth) - 0.08 * rim;
  for (let c = 0; c < 3; c++) out[c] = black[c]! * shade;
}

function individual(layer: SpeciesLayer, random: Random): AnimalTexture {
  const { size, extent } = layer;
  const plane = size * size;
  const step = texelSize(layer);
  // Trailing edge: a few notches and bites, and a fine serration, as one cut per column.
  const notches = Array.from({ length: 3 + random.int(7) }, () => ({ at: random.uniform(-1.1, 1.1), width: random.uniform(0.025, 0.09), depth: random.uniform(0.04, 0.14) }));
  const serration = new Float32Array(size);
  addValueNoise(serration, size, 1, 40, 1, 0.012, random);
  addValueNoise(serration, size, 1, 12, 1, 0.02, random);
  const cut = new Float32Array(size);
  for (let x = 0; x < size; x++) {
    const u = (-extent + (x + 0.5) * step) / zoom;
    let c = serration[x]! + 0.02;
    for (const n of notches) c = Math.max(c, n.depth * (1 - Math.abs(u - n.at) / n.width));
    cut[x] = c;
  }
  const edges = columnEdges(size, extent);
  const top = Float32Array.from(cut, (c, x) => edges.top[x]! + c);
  const alpha = new Float32Array(plane);
  forEachTexel(size, extent, (u, v, i) => {
    const x = i % size;
    alpha[i] = Math.min(1, Math.max(0, 0.5 - flukeField(u, v, top[x]!, edges.bottom[x]!) / step));
  });
  // Pigment: white where a noise field, tilted by a species prior (whiter toward the centre line), passes the individual's threshold.
  const pigment = new Float32Array(plane);
  // Four octaves at gain 0.6: ragged patch borders with corners, not smooth blobs.
  addFractalNoise(pigment, size, size, 5, 4, 0.7, random, 1, 0.6);
  const whiteness = random.uniform(-0.45, 0.45);
  const mark = new Float32Array(plane);
  const element = new Uint16Array(plane);
  // Elements are regions with curvy borders, so a hidden one leaves an irregular gap, not a square.
  const regions = noiseRegions(size, size, 5, 6, random);
  forEachTexel(size, extent, (fu, fv, i) => {
    const u = fu / zoom;
    const v = (fv - lift) / zoom;
    if (alpha[i]! <= 0 || v > 0.35) return;
    const prior = 0.1 * (1 - Math.abs(u) / span) - 0.25 * smoothstep(0.05, 0.0, v - top[i % size]!);
    mark[i] = Math.min(1, Math.max(0, (pigment[i]! + prior + whiteness) / (3 * step) + 0.5));
    element[i] = 1 + regions[i]!;
  });
  let elements = 36;
  // Rake scars: sets of parallel thin white lines; round scars: small white rings.
  const rakes = random.int(5);
  for (let r = 0; r < rakes; r++) {
    const x = zoom * random.uniform(-0.9, 0.9), y = lift + zoom * random.uniform(-0.3, 0.2), angle = random.uniform(0, Math.PI), length = random.uniform(0.15, 0.4);
    const lines = 2 + random.int(3);
    const id = ++elements;
    for (let l = 0; l < lines; l++) {
      const off = (l - lines / 2) * 0.035;
      const ax = x - Math.sin(angle) * off, ay = y + Math.cos(angle) * off;
      const dx = (Math.cos(angle) * length) / 2, dy = (Math.sin(angle) * length) / 2;
      stampLine(size, extent, mark, element, id, ax - dx, ay - dy, ax + dx, ay + dy, 0.006);
    }
  }
  // Dark speckles inside white patches (healed barnacle and cookie-cutter scars show either way).
  const speckles = 5 + random.int(30);
  const dots = new Float32Array(plane);
  const dotIds = new Uint16Array(plane);
  for (let s = 0; s < speckles; s++) {
    stampBlob(size, extent, dots, dotIds, 1, zoom * random.uniform(-1, 1), lift + zoom * random.uniform(-0.45, 0.25), random.uniform(0.01, 0.028), [{ frequency: 2, amplitude: random.uniform(0, 0.3), phase: random.uniform(0, 6.3) }]);
  }
  for (let i = 0; i < plane; i++) mark[i] = mark[i]! * (1 - dots[i]!);
  const rings = 2 + random.int(14);
  for (let s = 0; s < rings; s++) {
    stampBlob(size, extent, mark, element, ++elements, zoom * random.uniform(-1, 1), lift + zoom * random.uniform(-0.45, 0.25), random.uniform(0.012, 0.03), [], random.uniform(0.7, 1));
  }
  return finishMarks(layer, alpha, mark, element, elements, white);
}

function background(canvas: Canvas, random: Random, strength: number): void {
  const { size, rgb } = canvas;
  const plane = size * size;
  const horizon = random.uniform(-0.1, 0.35) * size;
  const grey = random.uniform(0, 1);
  const sky: Rgb = [0.72 + 0.1 * grey, 0.78 + 0.06 * grey, 0.85];
  const sea: Rgb = [0.1 + 0.08 * grey, 0.2 + 0.08 * grey, 0.3 + 0.04 * grey];
  const waves = new Float32Array(plane);
  addFractalNoise(waves, size, size, 24, 3, 0.3 * strength, random, 0.15);
  addFractalNoise(waves, size, size, 3, 1, 0.2 * strength, random);
  const caps = new Float32Array(plane);
  addFractalNoise(caps, size, size, 28, 2, 1, random, 0.3);
  for (let y = 0, i = 0; y < size; y++) {
    const far = Math.max(0, 1 - (y - horizon) / size);
    for (let x = 0; x < size; x++, i++) {
      const foam = strength * smoothstep(0.7, 0.95, caps[i]!) * (1 - 0.5 * far);
      for (let c = 0; c < 3; c++) {
        const water = sea[c]! * (1 + waves[i]!) * (0.85 + 0.5 * far) ;
        rgb[c * plane + i] = y < horizon ? sky[c]! : water + (0.85 - water) * foam;
      }
    }
  }
}

function occlude(canvas: Canvas, random: Random, x: number, y: number, radius: number): void {
  // Spray and water sheeting off the fluke: a bright, broken cloud.
  const weight = new Float32Array(canvas.size * canvas.size);
  for (let b = 0; b < 14; b++) blobWeight(weight, canvas.size, x + random.normal(0, radius * 0.6), y + random.normal(0, radius * 0.35), radius * random.uniform(0.15, 0.4), random, 2.5);
  for (let i = 0; i < weight.length; i++) weight[i] = weight[i]! * random.uniform(0.55, 0.95);
  paintWeighted(canvas, weight, [0.88, 0.92, 0.95]);
}

export const flukeSpecies: Species = {
  pattern: 'notches',
  extent: 1.3,
  maxRotation: 20,
  layer: (size) => layerFromField(size, 1.3, (u, v) => flukeField(u, v, trailingEdge(u / zoom), leadingEdge(u / zoom)), colour),
  individual,
  background,
  occlude,
};
