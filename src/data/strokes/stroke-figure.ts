// Procedural glyph identities (Omniglot-like): an identity is a random figure of one to three pen
// strokes (smooth curves, sharp polylines, loops), fixed by its seed; a sighting is a fresh
// hand-drawn rendering of it. Thousands of identities teach "same figure" rather than "one of ten
// digits", which is what transfer to never-seen individuals needs. No fonts: a font's letters
// would leak the evaluation glyphs into training.
import type { Random } from '../../util/random.ts';
import type { GlyphStroke } from '../glyphs/glyph-shapes.ts';
import type { Point } from '../pixels/centre-of-mass.ts';

export type StrokeKind = 'curve' | 'polyline' | 'loop';

/** One stroke of an identity: its kind and control points (unit coordinates, about [-1, 1]). */
export interface FigureStroke {
  kind: StrokeKind;
  controls: Point[];
}

/** An identity: what every sighting of it shares. */
export type StrokeFigure = FigureStroke[];

export interface SightingOptions {
  /** Standard deviation of each control point's displacement per sighting; default 0.08 (about the spread of a glyph class's shape parameters). */
  controlJitter?: number;
}

/** A random identity. Strokes after the first often start on an earlier one, as pen strokes of a character do. */
export function strokeFigure(random: Random): StrokeFigure {
  const count = pick(random, [1, 2, 3], [0.3, 0.45, 0.25]);
  const figure: StrokeFigure = [];
  for (let s = 0; s < count; s++) {
    const kind = pick(random, ['curve', 'polyline', 'loop'] as const, [0.45, 0.35, 0.2]);
    const anchor = s > 0 && random.next() < 0.6 ? randomControl(figure, random) : undefined;
    // A lone stroke gets at least three control points: a single straight bar would differ from
    // another identity's only by an angle that the sighting's pose already varies.
    const least = count === 1 ? 3 : 2;
    figure.push({ kind, controls: kind === 'loop' ? loopControls(random, anchor) : pathControls(random, kind, least, anchor) });
  }
  return figure;
}

/** The ideal strokes of one sighting: control points jittered, then curves and loops smoothed. */
export function sightingStrokes(figure: StrokeFigure, random: Random, options: SightingOptions = {}): GlyphStroke[] {
  const jitter = options.controlJitter ?? 0.08;
  return figure.map((stroke) => {
    const controls = stroke.controls.map((p) => ({ x: p.x + random.normal(0, jitter), y: p.y + random.normal(0, jitter) }));
    if (stroke.kind === 'polyline') return { points: controls, closed: false };
    const closed = stroke.kind === 'loop';
    // Smooth strokes are densely sampled (> 12 points), so the hand-drawn pass drifts them
    // instead of moving every sample as a corner.
    return { points: catmullRom(controls, closed, 12), closed };
  });
}

function pathControls(random: Random, kind: StrokeKind, least: number, anchor?: Point): Point[] {
  const count = Math.max(least, kind === 'curve' ? 3 + random.int(3) : 2 + random.int(3));
  const points: Point[] = [anchor ?? { x: random.uniform(-0.9, 0.9), y: random.uniform(-0.9, 0.9) }];
  // Each next point a decent step away, so strokes span the figure instead of curling on one spot.
  let heading = random.uniform(0, 2 * Math.PI);
  while (points.length < count) {
    const last = points[points.length - 1]!;
    heading += random.uniform(-2.2, 2.2);
    const length = random.uniform(0.6, 1.3);
    points.push({ x: clamp(last.x + length * Math.cos(heading)), y: clamp(last.y + length * Math.sin(heading)) });
  }
  return points;
}

function loopControls(random: Random, anchor?: Point): Point[] {
  const radius = random.uniform(0.3, 0.75);
  const count = 4 + random.int(3);
  const start = random.uniform(0, 2 * Math.PI);
  const centre = anchor
    ? { x: clamp(anchor.x - radius * Math.cos(start), 0.9 - radius), y: clamp(anchor.y - radius * Math.sin(start), 0.9 - radius) }
    : { x: random.uniform(-0.3, 0.3), y: random.uniform(-0.3, 0.3) };
  return Array.from({ length: count }, (_, k) => {
    const angle = start + (2 * Math.PI * k) / count;
    const r = radius * random.uniform(0.6, 1.3);
    return { x: centre.x + r * Math.cos(angle), y: centre.y + r * Math.sin(angle) * random.uniform(0.7, 1.3) };
  });
}

function randomControl(figure: StrokeFigure, random: Random): Point {
  const stroke = figure[random.int(figure.length)]!;
  return { ...stroke.controls[random.int(stroke.controls.length)]! };
}

/** Centripetal-free (uniform) Catmull-Rom spline through `points`, `steps` samples per segment. */
export function catmullRom(points: readonly Point[], closed: boolean, steps: number): Point[] {
  const n = points.length;
  if (n < 3) return [...points];
  const at = (i: number): Point => (closed ? points[((i % n) + n) % n]! : points[Math.min(n - 1, Math.max(0, i))]!);
  const segments = closed ? n : n - 1;
  const out: Point[] = [];
  for (let s = 0; s < segments; s++) {
    const [p0, p1, p2, p3] = [at(s - 1), at(s), at(s + 1), at(s + 2)];
    for (let k = 0; k < steps; k++) {
      const t = k / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const blend = (a: number, b: number, c: number, d: number) => 0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (3 * b - 3 * c + d - a) * t3);
      out.push({ x: blend(p0.x, p1.x, p2.x, p3.x), y: blend(p0.y, p1.y, p2.y, p3.y) });
    }
  }
  // An open curve ends on its last control point; a closed one is closed by the hand-drawn pass.
  if (!closed) out.push({ ...points[n - 1]! });
  return out;
}

function pick<T>(random: Random, values: readonly T[], weights: readonly number[]): T {
  let u = random.next();
  for (let i = 0; i < values.length; i++) {
    u -= weights[i]!;
    if (u < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

function clamp(value: number, limit = 1): number {
  return Math.min(limit, Math.max(-limit, value));
}
