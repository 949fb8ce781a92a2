// Turns an ideal path into one a hand could have drawn: corners land a little off, closed shapes
// over- or undershoot where they should meet, and the pen drifts smoothly (low-frequency noise along
// the arc length) instead of following perfect geometry.
import type { Random } from '../../util/random.ts';
import type { Point } from '../pixels/centre-of-mass.ts';
import type { GlyphStroke } from './glyph-shapes.ts';
import type { Stroke } from './rasterise-strokes.ts';

export interface HandDrawnOptions {
  /** Standard deviation of each key point's displacement (unit coordinates); default 0.06. */
  cornerJitter?: number;
  /** Standard deviation of the smooth drift along strokes; default 0.035. */
  wobble?: number;
  /** Spacing of the drift's knots along the stroke; default 0.45 (a few bends per stroke). */
  wobbleSpacing?: number;
}

export function handDrawn(strokes: readonly GlyphStroke[], random: Random, options: HandDrawnOptions = {}): Stroke[] {
  const cornerJitter = options.cornerJitter ?? 0.06;
  const wobble = options.wobble ?? 0.035;
  const spacing = options.wobbleSpacing ?? 0.45;
  return strokes.map((stroke) => {
    // Polygons (few key points) get their corners moved; sampled curves would turn lumpy if every
    // sample moved independently, so they only get the smooth drift below.
    const jitter = stroke.points.length <= 12 ? cornerJitter : 0;
    let points = stroke.points.map((p) => ({ x: p.x + random.normal(0, jitter), y: p.y + random.normal(0, jitter) }));
    if (stroke.closed && points.length > 1) {
      // Back to the start, then a little past it (overshoot) or stop short of it (a gap).
      const first = points[0]!;
      const toward = (to: Point, fraction: number): Point => ({ x: first.x + fraction * (to.x - first.x), y: first.y + fraction * (to.y - first.y) });
      const past = random.uniform(-0.12, 0.3);
      const end = past >= 0 ? [first, toward(points[1]!, past)] : [toward(points[points.length - 1]!, -past)];
      points = [...points, ...end];
    }
    const dense = densify(points, 0.03);
    // Two octaves of drift: a slow bend of the whole stroke and a finer tremor.
    const slow = smoothNoise(dense.length, arcLengths(dense), spacing, wobble, random);
    const fine = smoothNoise(dense.length, arcLengths(dense), spacing / 3, wobble / 5, random);
    return dense.map((p, i) => ({ x: p.x + slow.x[i]! + fine.x[i]!, y: p.y + slow.y[i]! + fine.y[i]! }));
  });
}

/** Points every `step` along the polyline (a single point stays a dot). */
function densify(points: readonly Point[], step: number): Point[] {
  if (points.length < 2) return [...points];
  const out: Point[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const pieces = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
    for (let k = 1; k <= pieces; k++) out.push({ x: a.x + ((b.x - a.x) * k) / pieces, y: a.y + ((b.y - a.y) * k) / pieces });
  }
  return out;
}

function arcLengths(points: readonly Point[]): Float64Array {
  const lengths = new Float64Array(points.length);
  for (let i = 1; i < points.length; i++) {
    lengths[i] = lengths[i - 1]! + Math.hypot(points[i]!.x - points[i - 1]!.x, points[i]!.y - points[i - 1]!.y);
  }
  return lengths;
}

/** Gaussian values at knots `spacing` apart, interpolated with a smoothstep: continuous, no kinks at knots. */
function smoothNoise(count: number, arc: Float64Array, spacing: number, std: number, random: Random): { x: Float64Array; y: Float64Array } {
  const total = count > 0 ? arc[count - 1]! : 0;
  const knots = Math.ceil(total / spacing) + 2;
  const kx = Array.from({ length: knots }, () => random.normal(0, std));
  const ky = Array.from({ length: knots }, () => random.normal(0, std));
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const position = arc[i]! / spacing;
    const k = Math.floor(position);
    const t = position - k;
    const s = t * t * (3 - 2 * t);
    x[i] = kx[k]! * (1 - s) + kx[k + 1]! * s;
    y[i] = ky[k]! * (1 - s) + ky[k + 1]! * s;
  }
  return { x, y };
}
