// Seeded generator of hand-drawn glyphs: ideal shape → hand-drawn path → random pose (rotation,
// slant, aspect) → anti-aliased pen on a 128×128 canvas → MNIST-style normalisation to 28×28.
// Sample i of a class depends only on (seed, class, i), so asking for more samples keeps the first ones.
import { ArgumentError } from '../../util/errors.ts';
import { Random } from '../../util/random.ts';
import { normaliseGlyph, type GlyphNormaliseOptions } from '../glyph-normalise.ts';
import type { Point } from '../pixels/centre-of-mass.ts';
import { glyphClasses, glyphShape, isGlyphClass, type GlyphClass, type GlyphStroke } from './glyph-shapes.ts';
import { handDrawn, type HandDrawnOptions } from './hand-drawn-path.ts';
import { rasteriseStrokes } from './rasterise-strokes.ts';

/** Ranges each sample's pose and pen are drawn from (uniformly). */
export interface GlyphStyle extends HandDrawnOptions {
  /** Largest rotation either way, degrees; default 12. */
  maxRotation?: number;
  /** Largest horizontal shear (x += slant·y) either way; default 0.25 (italic-like). */
  maxSlant?: number;
  /** Largest horizontal stretch or squash, as a fraction; default 0.2. */
  maxAspectChange?: number;
  /** Pen width as a fraction of the glyph's longest side, [min, max]; default [0.04, 0.16]: from thin (thickened to MNIST's width) to bold. */
  penFraction?: readonly [number, number];
  /**
   * Minimum output stroke width, drawn per sample from this range; default [1.94, 2.88], MNIST's
   * interquartile stroke width, so thin pens land across MNIST's spread rather than all at its median.
   */
  strokeWidthRange?: readonly [number, number];
}

export interface GenerateGlyphsOptions {
  className: GlyphClass;
  count: number;
  seed: number;
  style?: GlyphStyle;
  normalise?: GlyphNormaliseOptions;
}

const canvasSize = 128;

/** `count` MNIST-style 28×28 uint8 samples (white on black) of `className`. */
export function generateGlyphs(options: GenerateGlyphsOptions): Uint8Array[] {
  const { className, count, seed } = options;
  if (!isGlyphClass(className)) {
    throw new ArgumentError(`generateGlyphs: expected one of ${glyphClasses.join(', ')} for className but received "${String(className)}".`);
  }
  if (!Number.isInteger(count) || count < 0) {
    throw new ArgumentError(`generateGlyphs: expected a non-negative integer for count but received ${String(count)}.`);
  }
  // One stream per class, salted by the class's place in the fixed list, so classes are independent.
  const classRandom = new Random(seed).fork(glyphClasses.indexOf(className));
  return Array.from({ length: count }, () => {
    const sampleRandom = classRandom.fork(0);
    return renderFigure(glyphShape(className, sampleRandom), sampleRandom, options.style, options.normalise, `${className} glyph`);
  });
}

/**
 * One hand-drawn sighting of an ideal figure, normalised like MNIST (28×28 uint8): the shared
 * path of the named glyph classes and of the procedural stroke identities.
 */
export function renderFigure(shape: readonly GlyphStroke[], random: Random, style: GlyphStyle = {}, normaliseOptions: GlyphNormaliseOptions = {}, what = 'glyph'): Uint8Array {
  const canvas = drawFigure(shape, random, style);
  const [thinnest, thickest] = style.strokeWidthRange ?? [1.94, 2.88];
  const normalise = { strokeWidth: random.uniform(thinnest, thickest), ...normaliseOptions };
  const pixels = new Uint8Array(canvas.length);
  for (let i = 0; i < canvas.length; i++) pixels[i] = Math.round(canvas[i]! * 255);
  return normaliseGlyph({ data: pixels, width: canvasSize, height: canvasSize, channels: 1 }, normalise, what);
}

/** One sample's pen coverage on a 128×128 canvas, before normalisation. */
export function drawGlyph(className: GlyphClass, random: Random, style: GlyphStyle = {}): Float32Array {
  return drawFigure(glyphShape(className, random), random, style);
}

/** An ideal figure drawn by hand in a random pose with a random pen, on a 128×128 canvas. */
export function drawFigure(shape: readonly GlyphStroke[], random: Random, style: GlyphStyle = {}): Float32Array {
  const strokes = handDrawn(shape, random, style);
  const rotation = (random.uniform(-1, 1) * (style.maxRotation ?? 12) * Math.PI) / 180;
  const slant = random.uniform(-1, 1) * (style.maxSlant ?? 0.25);
  const stretch = 1 + random.uniform(-1, 1) * (style.maxAspectChange ?? 0.2);
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const posed = strokes.map((stroke) =>
    stroke.map((p): Point => {
      const x = (p.x + slant * p.y) * stretch;
      return { x: cos * x - sin * p.y, y: sin * x + cos * p.y };
    }),
  );
  // Fit the longest side to a random size, centred; the pen scales with it.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of posed.flat()) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const size = random.uniform(64, 96);
  const scale = size / Math.max(maxX - minX, maxY - minY, 1e-6);
  const [penLow, penHigh] = style.penFraction ?? [0.04, 0.16];
  const penWidth = Math.max(1, random.uniform(penLow, penHigh) * size);
  const placed = posed.map((stroke) =>
    stroke.map((p) => ({ x: canvasSize / 2 + (p.x - (minX + maxX) / 2) * scale, y: canvasSize / 2 + (p.y - (minY + maxY) / 2) * scale })),
  );
  return rasteriseStrokes(placed, canvasSize, canvasSize, penWidth);
}
