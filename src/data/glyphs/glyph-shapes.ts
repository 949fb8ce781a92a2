// Ideal pen paths of the glyph classes MNIST lacks, in unit coordinates (about [-1, 1], y down).
// Each call draws fresh shape parameters (a star's inner radius, a spiral's turns...), so even
// before the hand-drawn wobble no two samples are the same geometry.
import type { Random } from '../../util/random.ts';
import type { Point } from '../pixels/centre-of-mass.ts';
import type { Stroke } from './rasterise-strokes.ts';

export const glyphClasses = ['star', 'triangle', 'spiral', 'heart', 'cross', 'arrow', 'lightning', 'smiley', 'square', 'moon'] as const;

export type GlyphClass = (typeof glyphClasses)[number];

/** A glyph's strokes; `closed` strokes end where they start (the hand-drawn pass may over- or undershoot). */
export interface GlyphStroke {
  points: Stroke;
  closed: boolean;
}

export function isGlyphClass(name: string): name is GlyphClass {
  return (glyphClasses as readonly string[]).includes(name);
}

const shapes: Record<GlyphClass, (random: Random) => GlyphStroke[]> = {
  star: (random) => {
    const inner = random.uniform(0.38, 0.5);
    const points = range(10).map((k) => polar(-Math.PI / 2 + (k * Math.PI) / 5, k % 2 ? inner : 1));
    return [closed(points)];
  },
  triangle: () => [closed([polar(-Math.PI / 2, 1), polar(Math.PI / 6, 1), polar((5 * Math.PI) / 6, 1)])],
  spiral: (random) => {
    const turns = random.uniform(1.6, 2.2);
    const start = random.uniform(0, 2 * Math.PI);
    const steps = Math.round(turns * 40);
    return [open(range(steps + 1).map((i) => polar(start + (2 * Math.PI * turns * i) / steps, 0.1 + (0.9 * i) / steps)))];
  },
  heart: (random) => {
    const dip = random.uniform(3, 6);
    const points = range(64).map((i) => {
      const t = (2 * Math.PI * i) / 64;
      return { x: (16 * Math.sin(t) ** 3) / 17, y: -(13 * Math.cos(t) - dip * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t)) / 17 };
    });
    return [closed(points)];
  },
  cross: (random) => {
    const spread = random.uniform(0.75, 1);
    return [open([{ x: -spread, y: -1 }, { x: spread, y: 1 }]), open([{ x: spread, y: -1 }, { x: -spread, y: 1 }])];
  },
  arrow: (random) => {
    const head = random.uniform(0.45, 0.7);
    const angle = random.uniform(0.5, 0.8);
    const tip = { x: 1, y: 0 };
    const barb = (side: number): Point => ({ x: 1 - head * Math.cos(angle), y: side * head * Math.sin(angle) });
    return [open([{ x: -1, y: 0 }, tip]), open([barb(-1), tip, barb(1)])];
  },
  lightning: (random) => {
    const kink = random.uniform(0.2, 0.4);
    return [open([{ x: 0.35, y: -1 }, { x: -0.3, y: 0.08 }, { x: kink, y: -0.05 }, { x: -0.35, y: 1 }])];
  },
  smiley: (random) => {
    const face = range(48).map((i) => polar((2 * Math.PI * i) / 48, 1));
    const eyeY = random.uniform(-0.45, -0.35);
    const eyeX = random.uniform(0.35, 0.45);
    const eye = (x: number): GlyphStroke => open([{ x, y: eyeY }]);
    const width = random.uniform(0.45, 0.6);
    const smile = range(13).map((i) => {
      const t = Math.PI * (0.15 + (0.7 * i) / 12);
      return { x: -width * Math.cos(t), y: 0.2 + width * 0.7 * Math.sin(t) };
    });
    return [closed(face), eye(-eyeX), eye(eyeX), open(smile)];
  },
  square: () => [closed([{ x: -1, y: -1 }, { x: 1, y: -1 }, { x: 1, y: 1 }, { x: -1, y: 1 }])],
  moon: (random) => {
    // Crescent between two unit circles whose centres are `offset` apart.
    const offset = random.uniform(0.55, 0.8);
    const meetX = offset / 2;
    const meetY = Math.sqrt(1 - meetX * meetX);
    const outerFrom = Math.atan2(meetY, meetX);
    const innerFrom = Math.atan2(meetY, meetX - offset);
    const outer = range(33).map((i) => polar(outerFrom + ((2 * Math.PI - 2 * outerFrom) * i) / 32, 1));
    const inner = range(33).map((i) => {
      const p = polar(2 * Math.PI - innerFrom - ((2 * Math.PI - 2 * innerFrom) * i) / 32, 1);
      return { x: p.x + offset, y: p.y };
    });
    return [closed([...outer, ...inner.slice(1, -1)])];
  },
};

/** A fresh ideal path of `className`. */
export function glyphShape(className: GlyphClass, random: Random): GlyphStroke[] {
  return shapes[className](random);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function polar(angle: number, radius: number): Point {
  return { x: radius * Math.cos(angle), y: radius * Math.sin(angle) };
}

function closed(points: Point[]): GlyphStroke {
  return { points, closed: true };
}

function open(points: Point[]): GlyphStroke {
  return { points, closed: false };
}
