// MNIST-style normalisation for drawings made elsewhere (a canvas, a phone photo of paper), so a
// network trained on MNIST-like glyphs sees them as it saw its training data: white ink on black,
// longest side 20 px in a 28×28 field, centre of mass at the field's centre, MNIST's stroke width.
import { DataError } from '../util/errors.ts';
import { centreOfMass } from './pixels/centre-of-mass.ts';
import { squaredDistanceToInk } from './pixels/distance-transform.ts';
import { otsuThreshold } from './pixels/otsu-threshold.ts';
import { resizePlane } from './pixels/resize-plane.ts';
import { measureStrokeWidth } from './pixels/stroke-width.ts';
import { toGreyPlane, type PixelSource } from './pixels/to-grey-plane.ts';
import { readImage } from './read-image.ts';

/**
 * MNIST's median stroke width in pixels at 28×28, measured with `measureStrokeWidth` on 3,000 training
 * digits (quartiles 1.94 / 2.38 / 2.88; 5th–95th percentile 1.46–3.88).
 */
export const mnistStrokeWidth = 2.4;

export interface GlyphNormaliseOptions {
  /**
   * Minimum stroke width in output pixels; thinner drawings are thickened to it, thicker ones are left
   * alone (eroding could break strokes). Default `mnistStrokeWidth`.
   */
  strokeWidth?: number;
  /** Longest side of the glyph in the output; default 20 (MNIST). */
  boxSize?: number;
  /** Output side; default 28 (MNIST). */
  size?: number;
  /** 'auto' (default) inverts when the border is lighter than the image's mid-grey (dark ink on paper). */
  invert?: 'auto' | boolean;
}

/** Normalises a drawing to a size×size uint8 plane, white on black. Throws a DataError when it holds no ink. */
export function normaliseGlyph(source: PixelSource, options: GlyphNormaliseOptions = {}, label = '<pixels>'): Uint8Array {
  const { width, height } = source;
  const box = options.boxSize ?? 20;
  const size = options.size ?? 28;
  const target = options.strokeWidth ?? mnistStrokeWidth;
  const ink = inkPlane(toGreyPlane(source, 'normaliseGlyph'), width, height, options.invert ?? 'auto');
  const threshold = otsuThreshold(ink);
  const mask = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) mask[i] = ink[i]! > threshold ? 1 : 0;
  const bounds = boundingBox(mask, width, height);
  if (bounds === undefined || contrast(ink) < 24) {
    throw new DataError(`normaliseGlyph: expected a drawing with visible strokes in ${label} but found no ink (blank or flat image).`);
  }
  // Thicken by a disc of radius r so that, after scaling the (grown) longest side to `box`,
  // the stroke is `target` wide: (w + 2r)·box / (L + 2r) = target.
  const longest = Math.max(bounds.width, bounds.height);
  // Ridge distances are quantised to about ±0.25 px at the measuring resolution; at 3× the box size
  // that is ±0.1 px in the output, so only drawings smaller than that are upsampled to be measured.
  const measured = measureStrokeWidth(crop(ink, width, bounds, 1), bounds.width + 2, bounds.height + 2, { threshold, resolution: 3 * box });
  const radius = Math.max(0, (target * longest / box - measured) / (2 * (1 - target / box)));
  const margin = Math.ceil(radius) + 1;
  const grown = crop(mask, width, bounds, margin);
  const grownWidth = bounds.width + 2 * margin;
  const grownHeight = bounds.height + 2 * margin;
  const distance = squaredDistanceToInk(grown, grownWidth, grownHeight);
  // Soft disc: full ink within distance r of the drawing, fading to none at r + 1, so a fractional
  // radius still adds exactly r on each side of a stroke.
  const coverage = new Float32Array(distance.length);
  for (let i = 0; i < distance.length; i++) coverage[i] = Math.min(1, Math.max(0, radius + 1 - Math.sqrt(distance[i]!)));
  const inked = boundingBox(coverage, grownWidth, grownHeight)!;
  const glyph = crop(coverage, grownWidth, inked, 0);
  const scale = box / Math.max(inked.width, inked.height);
  const outWidth = Math.max(1, Math.round(inked.width * scale));
  const outHeight = Math.max(1, Math.round(inked.height * scale));
  const small = resizePlane(glyph, inked.width, inked.height, outWidth, outHeight);
  return pasteCentred(small, outWidth, outHeight, size, box);
}

/** Reads an image file (any format sharp decodes, alpha kept) and normalises it. */
export async function normaliseGlyphFile(file: string, options: GlyphNormaliseOptions = {}): Promise<Uint8Array> {
  const image = await readImage(file);
  return normaliseGlyph({ data: image.pixels, width: image.width, height: image.height, channels: image.channels }, options, file);
}

/** Grey plane with ink bright: inverted when the border (paper) is the lighter side. */
function inkPlane(grey: Float32Array, width: number, height: number, invert: 'auto' | boolean): Float32Array {
  let flip = invert === true;
  if (invert === 'auto') {
    const border: number[] = [];
    for (let x = 0; x < width; x++) border.push(grey[x]!, grey[(height - 1) * width + x]!);
    for (let y = 0; y < height; y++) border.push(grey[y * width]!, grey[y * width + width - 1]!);
    border.sort((a, b) => a - b);
    const median = border[border.length >> 1]!;
    const [min, max] = extremes(grey);
    flip = median > (min + max) / 2;
  }
  if (!flip) return grey;
  const ink = new Float32Array(grey.length);
  for (let i = 0; i < grey.length; i++) ink[i] = 255 - grey[i]!;
  return ink;
}

function contrast(plane: Float32Array): number {
  const [min, max] = extremes(plane);
  return max - min;
}

function extremes(plane: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function boundingBox(plane: ArrayLike<number>, width: number, height: number): Box | undefined {
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (plane[y * width + x]! <= 0) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return maxX < 0 ? undefined : { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 };
}

/** Copies `box` out of a plane, with `margin` zero pixels added on every side. */
function crop<T extends Uint8Array | Float32Array>(plane: T, width: number, box: Box, margin: number): T {
  const outWidth = box.width + 2 * margin;
  const out = new (plane.constructor as new (n: number) => T)(outWidth * (box.height + 2 * margin));
  for (let y = 0; y < box.height; y++) {
    const from = (box.y + y) * width + box.x;
    out.set(plane.subarray(from, from + box.width), (y + margin) * outWidth + margin);
  }
  return out;
}

/**
 * Places the glyph so its centre of mass lands on pixel (size/2, size/2), MNIST's convention (its digits
 * average (14.0, 14.0) in pixel-index coordinates), using a whole-pixel shift to keep strokes crisp.
 * Of the two shifts that bring the centre within half a pixel, the one keeping the glyph inside the
 * central box is preferred: a symmetric 20-px glyph then fills columns 4..23 rather than 5..24.
 */
function pasteCentred(glyph: Float32Array, width: number, height: number, size: number, box: number): Uint8Array {
  const centre = centreOfMass(glyph, width, height);
  const margin = (size - box) / 2;
  const shift = (mass: number, extent: number): number => {
    const low = Math.floor(size / 2 - mass);
    const high = Math.ceil(size / 2 - mass);
    const fits = (offset: number): boolean => offset >= margin && offset + extent <= size - margin;
    if (low !== high && fits(low) !== fits(high)) return fits(low) ? low : high;
    return Math.round(size / 2 - mass);
  };
  const offsetX = shift(centre.x, width);
  const offsetY = shift(centre.y, height);
  const out = new Uint8Array(size * size);
  for (let y = 0; y < height; y++) {
    const ty = y + offsetY;
    if (ty < 0 || ty >= size) continue;
    for (let x = 0; x < width; x++) {
      const tx = x + offsetX;
      if (tx < 0 || tx >= size) continue;
      out[ty * size + tx] = Math.round(Math.min(1, Math.max(0, glyph[y * width + x]!)) * 255);
    }
  }
  return out;
}
