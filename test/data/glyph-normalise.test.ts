import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DataError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';
import { mnistStrokeWidth, normaliseGlyph, normaliseGlyphFile } from '../../src/data/glyph-normalise.ts';
import { centreOfMass } from '../../src/data/pixels/centre-of-mass.ts';
import { squaredDistanceToInk } from '../../src/data/pixels/distance-transform.ts';
import { otsuThreshold } from '../../src/data/pixels/otsu-threshold.ts';
import { resizePlane } from '../../src/data/pixels/resize-plane.ts';
import { measureStrokeWidth } from '../../src/data/pixels/stroke-width.ts';
import { rasteriseStrokes } from '../../src/data/glyphs/rasterise-strokes.ts';

/** A five-pointed star outline (10 vertices), drawn as 1-px aliased lines (DDA) into `plane`. */
function drawThinStar(plane: Uint8Array, width: number, cx: number, cy: number, radius: number, ink: number): void {
  const points = Array.from({ length: 11 }, (_, k) => {
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    const r = k % 2 ? radius * 0.42 : radius;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as const;
  });
  for (let k = 1; k < points.length; k++) {
    const [x0, y0] = points[k - 1]!;
    const [x1, y1] = points[k]!;
    const steps = Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)));
    for (let s = 0; s <= steps; s++) plane[Math.round(y0 + ((y1 - y0) * s) / steps) * width + Math.round(x0 + ((x1 - x0) * s) / steps)] = ink;
  }
}

// MNIST's interquartile stroke width (see mnistStrokeWidth): the normalised glyph should sit inside it.
const mnistQuartiles = [1.94, 2.88];

test('a thin, off-centre, dark-on-light star becomes an MNIST-style glyph', () => {
  const width = 200;
  const height = 150;
  const canvas = new Uint8Array(width * height).fill(255);
  drawThinStar(canvas, width, 55, 60, 38, 0);
  const glyph = normaliseGlyph({ data: canvas, width, height, channels: 1 });
  assert.equal(glyph.length, 784);
  // White on black: the border is background, the strokes are full white.
  for (let i = 0; i < 28; i++) for (const p of [i, 27 * 28 + i, i * 28, i * 28 + 27]) assert.equal(glyph[p], 0);
  assert.equal(Math.max(...glyph), 255);
  // Inside the central 20×20 box (rows and columns 4..23).
  glyph.forEach((v, p) => {
    if (v > 0) assert.ok(p % 28 >= 4 && p % 28 <= 23 && Math.floor(p / 28) >= 4 && Math.floor(p / 28) <= 23, `ink at ${p % 28},${Math.floor(p / 28)}`);
  });
  const centre = centreOfMass(glyph, 28, 28);
  assert.ok(Math.abs(centre.x - 14) <= 1 && Math.abs(centre.y - 14) <= 1, `centre of mass ${centre.x}, ${centre.y}`);
  const stroke = measureStrokeWidth(glyph, 28, 28);
  assert.ok(stroke >= mnistQuartiles[0]! && stroke <= mnistQuartiles[1]!, `stroke width ${stroke}`);
  // The longest side spans the 20-px box.
  const rows = [...new Set(Array.from(glyph.keys()).filter((p) => glyph[p]! > 0).map((p) => Math.floor(p / 28)))];
  assert.ok(Math.max(...rows) - Math.min(...rows) + 1 >= 19);
});

test('polarity and transparency do not change the result', async () => {
  const width = 120;
  const height = 90;
  const dark = new Uint8Array(width * height).fill(255);
  drawThinStar(dark, width, 70, 40, 30, 0);
  const reference = normaliseGlyph({ data: dark, width, height, channels: 1 });
  const light = dark.map((v) => 255 - v);
  assert.deepEqual(normaliseGlyph({ data: light, width, height, channels: 1 }), reference);
  // RGBA canvas ImageData: black ink on transparent, interleaved.
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) rgba[p * 4 + 3] = dark[p] === 0 ? 255 : 0;
  assert.deepEqual(normaliseGlyph({ data: rgba, width, height, channels: 4, layout: 'hwc' }), reference);
  // The same drawing as a PNG file through sharp.
  const file = join(mkdtempSync(join(tmpdir(), 'reid-glyph-')), 'star.png');
  await sharp(Buffer.from(rgba), { raw: { width, height, channels: 4 } }).png().toFile(file);
  assert.deepEqual(await normaliseGlyphFile(file), reference);
});

test('thick strokes are not thinned; thin ones are thickened to MNIST width', () => {
  const star = Array.from({ length: 11 }, (_, k) => {
    const angle = -Math.PI / 2 + (k * Math.PI) / 5;
    return { x: 60 + (k % 2 ? 17 : 40) * Math.cos(angle), y: 55 + (k % 2 ? 17 : 40) * Math.sin(angle) };
  });
  const widthFor = (pen: number): number => {
    const coverage = rasteriseStrokes([star], 140, 120, pen);
    return measureStrokeWidth(normaliseGlyph({ data: coverage.map((v) => v * 255), width: 140, height: 120, channels: 1 }), 28, 28);
  };
  assert.ok(Math.abs(widthFor(1.5) - mnistStrokeWidth) < 0.4);
  assert.ok(Math.abs(widthFor(4) - mnistStrokeWidth) < 0.4);
  assert.ok(widthFor(14) > 3, 'a bold pen stays bold');
});

test('a blank image is a DataError', () => {
  assert.throws(() => normaliseGlyph({ data: new Uint8Array(100).fill(255), width: 10, height: 10, channels: 1 }), DataError);
  const faint = new Uint8Array(100).fill(200);
  faint[55] = 190;
  assert.throws(() => normaliseGlyph({ data: faint, width: 10, height: 10, channels: 1 }), DataError);
});

test('distance transform equals brute force', () => {
  const random = new Random(7);
  const width = 23;
  const height = 17;
  const mask = Uint8Array.from({ length: width * height }, () => (random.next() < 0.05 ? 1 : 0));
  const fast = squaredDistanceToInk(mask, width, height);
  for (let p = 0; p < mask.length; p++) {
    let best = Infinity;
    for (let q = 0; q < mask.length; q++) {
      if (mask[q]) best = Math.min(best, ((p % width) - (q % width)) ** 2 + (Math.floor(p / width) - Math.floor(q / width)) ** 2);
    }
    assert.equal(fast[p], best);
  }
});

test('resizePlane: exact area averages when shrinking, constants stay constant when enlarging', () => {
  const plane = Float32Array.from([1, 3, 5, 7, 2, 2, 0, 0, 9, 1, 4, 4, 0, 2, 8, 0]);
  assert.deepEqual(Array.from(resizePlane(plane, 4, 4, 2, 2)), [2, 3, 3, 4]);
  // 3 → 2: output pixel 0 covers source [0, 1.5): (1·a + 0.5·b) / 1.5.
  const row = resizePlane(Float32Array.from([3, 6, 9]), 3, 1, 2, 1);
  assert.ok(Math.abs(row[0]! - 4) < 1e-6 && Math.abs(row[1]! - 8) < 1e-6);
  assert.ok(resizePlane(new Float32Array(6).fill(0.7), 3, 2, 11, 5).every((v) => Math.abs(v - 0.7) < 1e-6));
});

test('measureStrokeWidth recovers the pen width of straight and diagonal lines', () => {
  for (const pen of [1.5, 2, 3, 4]) {
    for (const [a, b] of [[{ x: 4, y: 14 }, { x: 24, y: 14.3 }], [{ x: 4, y: 4 }, { x: 23, y: 22 }]] as const) {
      const plane = rasteriseStrokes([[a, b]], 28, 28, pen).map((v) => v * 255);
      assert.ok(Math.abs(measureStrokeWidth(plane, 28, 28) - pen) <= 0.3, `pen ${pen}`);
    }
  }
});

test('otsuThreshold separates two clusters', () => {
  const values = Float32Array.from([...new Array(50).fill(20), ...new Array(10).fill(200), 25, 30, 190]);
  const t = otsuThreshold(values);
  assert.ok(t >= 30 && t < 190, `threshold ${t}`);
});
