// Textured test images drawn in plain TS: random filled ellipses of random grey on a mid-grey
// ground, seen through an optional rotation/scale about the image centre (inverse-mapped with
// bilinear sampling), so tests know the true geometry between two views.
import { Random } from '../../src/util/random.ts';

export interface Ellipse { cx: number; cy: number; rx: number; ry: number; angle: number; grey: number }

/** A pattern in the unit square: `count` ellipses. */
export function randomPattern(seed: number, count = 70): Ellipse[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => ({
    cx: random.uniform(0.05, 0.95), cy: random.uniform(0.05, 0.95),
    rx: random.uniform(0.015, 0.06), ry: random.uniform(0.015, 0.06),
    angle: random.uniform(0, Math.PI), grey: Math.floor(random.uniform(0, 256)),
  }));
}

export interface View { rotationDeg?: number; scale?: number; brightness?: number }

/** Renders `pattern` at size×size under `view` (rotation and scale about the centre, grey offset). */
export function renderPattern(pattern: readonly Ellipse[], size: number, view: View = {}): Uint8Array {
  const theta = ((view.rotationDeg ?? 0) * Math.PI) / 180, scale = view.scale ?? 1, offset = view.brightness ?? 0;
  const base = rasterise(pattern, size);
  const out = new Uint8Array(size * size);
  const c = (size - 1) / 2, cos = Math.cos(theta), sin = Math.sin(theta);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Inverse map: output pixel → source pixel.
      const dx = (x - c) / scale, dy = (y - c) / scale;
      const sx = c + cos * dx + sin * dy, sy = c - sin * dx + cos * dy;
      out[y * size + x] = Math.max(0, Math.min(255, Math.round(sample(base, size, sx, sy) + offset)));
    }
  }
  return out;
}

/** Where a point of the unrotated image lands in the view (forward map of renderPattern). */
export function viewPoint(x: number, y: number, size: number, view: View): [number, number] {
  const theta = ((view.rotationDeg ?? 0) * Math.PI) / 180, scale = view.scale ?? 1, c = (size - 1) / 2;
  const dx = x - c, dy = y - c;
  return [c + scale * (Math.cos(theta) * dx - Math.sin(theta) * dy), c + scale * (Math.sin(theta) * dx + Math.cos(theta) * dy)];
}

function rasterise(pattern: readonly Ellipse[], size: number): Float32Array {
  const plane = new Float32Array(size * size).fill(128);
  for (const e of pattern) {
    const cx = e.cx * size, cy = e.cy * size, rx = e.rx * size, ry = e.ry * size, cos = Math.cos(e.angle), sin = Math.sin(e.angle);
    const r = Math.max(rx, ry);
    for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(size - 1, Math.ceil(cy + r)); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(size - 1, Math.ceil(cx + r)); x++) {
        const u = (x - cx) * cos + (y - cy) * sin, v = -(x - cx) * sin + (y - cy) * cos;
        if ((u / rx) ** 2 + (v / ry) ** 2 <= 1) plane[y * size + x] = e.grey;
      }
    }
  }
  return plane;
}

function sample(plane: Float32Array, size: number, x: number, y: number): number {
  if (x < 0 || y < 0 || x > size - 1 || y > size - 1) return 128;
  const x0 = Math.floor(x), y0 = Math.floor(y), x1 = Math.min(size - 1, x0 + 1), y1 = Math.min(size - 1, y0 + 1);
  const fx = x - x0, fy = y - y0;
  const top = plane[y0 * size + x0]! * (1 - fx) + plane[y0 * size + x1]! * fx;
  const bottom = plane[y1 * size + x0]! * (1 - fx) + plane[y1 * size + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}
