// The canonical picture of one animal, drawn once and then photographed many times: a square
// texture over [-extent, extent]² of the species' own frame (the frame at rest shows [-1, 1]²).
// The species part (outline, fixed markings, shading) is shared by every individual; the
// individual part is its marks, each texel knowing which mark element it belongs to, so a
// sighting can hide some elements without redrawing.

export type Rgb = readonly [number, number, number];

/** What every individual of a species shares, at one texture size. */
export interface SpeciesLayer {
  /** Texels per side. */
  readonly size: number;
  /** Half-width of the frame the texture covers, in the species' units. */
  readonly extent: number;
  /** Body coverage in [0, 1]. */
  readonly alpha: Float32Array;
  /** Body colour with fixed markings and shading, 3 planes in [0, 1]. */
  readonly base: Float32Array;
  /** Distance inside the outline in species units (0 outside): for margins and where marks may go. */
  readonly depth: Float32Array;
}

/** One individual: its marks over its species' layer. */
export interface AnimalTexture {
  readonly layer: SpeciesLayer;
  /** Coverage of the individual's marks in [0, 1], already limited to the body. */
  readonly mark: Float32Array;
  /** Element (1-based) each texel's mark belongs to; 0 where there is none. */
  readonly element: Uint16Array;
  /** Number of elements (hidden marks pick among 1..elements). */
  readonly elements: number;
  /** Body coverage when the individual changes the outline (fluke notches); else the layer's. */
  readonly alpha: Float32Array;
  /** Colour of the marks. */
  readonly markColour: Rgb;
}

/** Species units per texel. */
export function texelSize(layer: Pick<SpeciesLayer, 'size' | 'extent'>): number {
  return (2 * layer.extent) / layer.size;
}

/** Calls `visit(u, v, index)` for every texel centre in species units. */
export function forEachTexel(size: number, extent: number, visit: (u: number, v: number, index: number) => void): void {
  const step = (2 * extent) / size;
  for (let y = 0, index = 0; y < size; y++) {
    const v = -extent + (y + 0.5) * step;
    for (let x = 0; x < size; x++, index++) visit(-extent + (x + 0.5) * step, v, index);
  }
}

/**
 * A layer from a signed distance `sdf` (negative inside, species units) and a colour function
 * of (u, v, depth inside): coverage is anti-aliased over one texel.
 */
export function layerFromField(size: number, extent: number, sdf: (u: number, v: number) => number, colour: (u: number, v: number, depth: number, out: number[]) => void): SpeciesLayer {
  const plane = size * size;
  const alpha = new Float32Array(plane);
  const base = new Float32Array(3 * plane);
  const depth = new Float32Array(plane);
  const step = (2 * extent) / size;
  const rgb = [0, 0, 0];
  forEachTexel(size, extent, (u, v, i) => {
    const d = sdf(u, v);
    alpha[i] = Math.min(1, Math.max(0, 0.5 - d / step));
    depth[i] = Math.max(0, -d);
    colour(u, v, Math.max(0, -d), rgb);
    base[i] = rgb[0]!;
    base[plane + i] = rgb[1]!;
    base[2 * plane + i] = rgb[2]!;
  });
  return { size, extent, alpha, base, depth };
}

/** Keeps `mark` within the body and clears elements where nothing is left. */
export function finishMarks(layer: SpeciesLayer, alpha: Float32Array, mark: Float32Array, element: Uint16Array, elements: number, markColour: Rgb): AnimalTexture {
  for (let i = 0; i < mark.length; i++) {
    const m = mark[i]! * alpha[i]!;
    mark[i] = m;
    if (m <= 0.01) element[i] = 0;
  }
  return { layer, mark, element, elements, alpha, markColour };
}

/** Signed distance to segment ab, minus `radius` (a capsule). */
export function capsule(u: number, v: number, ax: number, ay: number, bx: number, by: number, radius: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.min(1, Math.max(0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - ax - t * dx, v - ay - t * dy) - radius;
}

/** Approximate signed distance to an axis-aligned ellipse. */
export function ellipse(u: number, v: number, cx: number, cy: number, rx: number, ry: number): number {
  const x = u - cx;
  const y = v - cy;
  const k0 = Math.hypot(x / rx, y / ry);
  const k1 = Math.hypot(x / (rx * rx), y / (ry * ry));
  return k1 > 1e-9 ? (k0 * (k0 - 1)) / k1 : -Math.min(rx, ry);
}

/** Polynomial smooth minimum (smooth union of two distances), blend width `k`. */
export function smoothMin(a: number, b: number, k: number): number {
  const h = Math.max(0, Math.min(1, 0.5 + (0.5 * (b - a)) / k));
  return b + (a - b) * h - k * h * (1 - h);
}

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** Draws a filled blob of `radius` whose edge wobbles with the given harmonics into `mark`/`element` (max coverage wins). */
export function stampBlob(
  size: number, extent: number, mark: Float32Array, element: Uint16Array, id: number,
  cx: number, cy: number, radius: number, harmonics: readonly { amplitude: number; frequency: number; phase: number }[], strength = 1,
): void {
  const step = (2 * extent) / size;
  const reach = radius * (1 + harmonics.reduce((s, h) => s + Math.abs(h.amplitude), 0)) + step;
  const x0 = Math.max(0, Math.floor((cx - reach + extent) / step));
  const x1 = Math.min(size - 1, Math.ceil((cx + reach + extent) / step));
  const y0 = Math.max(0, Math.floor((cy - reach + extent) / step));
  const y1 = Math.min(size - 1, Math.ceil((cy + reach + extent) / step));
  for (let y = y0; y <= y1; y++) {
    const dy = -extent + (y + 0.5) * step - cy;
    for (let x = x0; x <= x1; x++) {
      const dx = -extent + (x + 0.5) * step - cx;
      const d = Math.hypot(dx, dy);
      let r = radius;
      if (harmonics.length > 0 && d > 0) {
        const angle = Math.atan2(dy, dx);
        let wobble = 1;
        for (const h of harmonics) wobble += h.amplitude * Math.cos(h.frequency * angle + h.phase);
        r *= wobble;
      }
      const cover = Math.min(1, Math.max(0, 0.5 + (r - d) / step)) * strength;
      const i = y * size + x;
      if (cover > mark[i]!) {
        mark[i] = cover;
        element[i] = id;
      }
    }
  }
}

/** Draws a thin line (capsule from a to b of `radius`) into `mark`/`element`, visiting only its bounding box. */
export function stampLine(size: number, extent: number, mark: Float32Array, element: Uint16Array, id: number, ax: number, ay: number, bx: number, by: number, radius: number): void {
  const step = (2 * extent) / size;
  const reach = radius + step;
  const toIndex = (value: number): number => (value + extent) / step;
  const x0 = Math.max(0, Math.floor(toIndex(Math.min(ax, bx) - reach)));
  const x1 = Math.min(size - 1, Math.ceil(toIndex(Math.max(ax, bx) + reach)));
  const y0 = Math.max(0, Math.floor(toIndex(Math.min(ay, by) - reach)));
  const y1 = Math.min(size - 1, Math.ceil(toIndex(Math.max(ay, by) + reach)));
  for (let y = y0; y <= y1; y++) {
    const v = -extent + (y + 0.5) * step;
    for (let x = x0; x <= x1; x++) {
      const cover = Math.min(1, Math.max(0, 0.5 - capsule(-extent + (x + 0.5) * step, v, ax, ay, bx, by, radius) / step));
      const i = y * size + x;
      if (cover > mark[i]!) {
        mark[i] = cover;
        element[i] = id;
      }
    }
  }
}
