import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/util/random.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { colourJitter } from '../../src/data/augment/colour-jitter.ts';
import { composeAugmentations, type AugmentationSpec } from '../../src/data/augment/compose-augmentations.ts';
import { elasticDistortion } from '../../src/data/augment/elastic-distortion.ts';
import type { FloatImage } from '../../src/data/augment/float-image.ts';
import { horizontalFlip } from '../../src/data/augment/horizontal-flip.ts';
import { affineSourceMap, randomAffine } from '../../src/data/augment/random-affine.ts';
import { randomResizedCrop } from '../../src/data/augment/random-resized-crop.ts';
import { warpAffine } from '../../src/data/augment/warp-affine.ts';

function ramp(channels: number, height: number, width: number): FloatImage {
  const data = new Float32Array(channels * height * width);
  for (let i = 0; i < data.length; i++) data[i] = ((i * 37) % 101) / 100;
  return { data, channels, height, width };
}

function onePixel(size: number, x: number, y: number): FloatImage {
  const data = new Float32Array(size * size);
  data[y * size + x] = 1;
  return { data, channels: 1, height: size, width: size };
}

function brightest(image: FloatImage): { x: number; y: number } {
  let best = 0;
  for (let i = 1; i < image.data.length; i++) if (image.data[i]! > image.data[best]!) best = i;
  return { x: best % image.width, y: Math.floor(best / image.width) };
}

const pipelines: Record<string, AugmentationSpec[]> = {
  affine: [{ kind: 'affine', degrees: 15, scale: [0.9, 1.1], translate: [0.1, 0.1], shear: 10 }],
  elastic: [{ kind: 'elastic', alpha: 34, sigma: 4 }],
  crop: [{ kind: 'randomResizedCrop', scale: [0.3, 1] }],
  jitter: [{ kind: 'colourJitter', brightness: 0.4, contrast: 0.4, saturation: 0.4 }],
  flip: [{ kind: 'horizontalFlip', probability: 0.5 }],
  all: [
    { kind: 'randomResizedCrop' },
    { kind: 'affine', degrees: 10 },
    { kind: 'elastic' },
    { kind: 'colourJitter', brightness: 0.2 },
    { kind: 'horizontalFlip' },
  ],
};

test('every augmentation keeps the shape and is deterministic per seed', () => {
  for (const [name, specs] of Object.entries(pipelines)) {
    const augment = composeAugmentations(specs);
    const image = ramp(3, 20, 24);
    const a = augment(image, new Random(11));
    const b = augment(image, new Random(11));
    assert.deepEqual([a.channels, a.height, a.width, a.data.length], [3, 20, 24, 3 * 20 * 24], name);
    assert.deepEqual(a.data, b.data, `${name} deterministic`);
    const outputs = new Set(Array.from({ length: 6 }, (_, seed) => augment(image, new Random(seed)).data.join()));
    assert.ok(outputs.size > 1, `${name} varies with the seed`);
    assert.deepEqual(image.data, ramp(3, 20, 24).data, `${name} leaves its input alone`);
  }
});

test('identity settings leave the image unchanged', () => {
  const image = ramp(3, 9, 11);
  const random = new Random(1);
  assert.deepEqual(randomAffine(image, random, { degrees: 0, scale: [1, 1], translate: [0, 0], shear: 0 }).data, image.data);
  assert.deepEqual(elasticDistortion(image, random, { alpha: 0 }).data, image.data);
  assert.deepEqual(horizontalFlip(image, random, { probability: 0 }).data, image.data);
  const jittered = colourJitter(image, random, {});
  jittered.data.forEach((v, i) => assert.ok(Math.abs(v - image.data[i]!) < 1e-6));
  const square = ramp(1, 10, 10);
  assert.deepEqual(randomResizedCrop(square, random, { scale: [1, 1], ratio: [1, 1] }).data, square.data);
});

test('a 90° rotation moves a known pixel where expected (counter-clockwise on screen)', () => {
  // 7×7, centre (3, 3). A pixel two to the right of centre goes two above it.
  const image = onePixel(7, 5, 3);
  const pose = { rotation: 90, scale: 1, translateX: 0, translateY: 0, shear: 0 };
  const rotated = warpAffine(image, affineSourceMap(pose, 7, 7));
  assert.deepEqual(brightest(rotated), { x: 3, y: 1 });
  assert.ok(Math.abs(rotated.data[1 * 7 + 3]! - 1) < 1e-6);
  assert.ok(Math.abs(rotated.data.reduce((a, b) => a + b, 0) - 1) < 1e-6, 'nothing else lights up');
  const back = warpAffine(rotated, affineSourceMap({ ...pose, rotation: -90 }, 7, 7));
  assert.deepEqual(brightest(back), { x: 5, y: 3 });
});

test('translation, scale and shear move pixels by the hand-computed amounts', () => {
  const pose = { rotation: 0, scale: 1, translateX: 0, translateY: 0, shear: 0 };
  assert.deepEqual(brightest(warpAffine(onePixel(9, 4, 4), affineSourceMap({ ...pose, translateX: 2, translateY: -1 }, 9, 9))), { x: 6, y: 3 });
  assert.deepEqual(brightest(warpAffine(onePixel(9, 5, 4), affineSourceMap({ ...pose, scale: 2 }, 9, 9))), { x: 6, y: 4 });
  // Horizontal shear of 45°: one row below centre shifts one column right.
  assert.deepEqual(brightest(warpAffine(onePixel(9, 4, 5), affineSourceMap({ ...pose, shear: 45 }, 9, 9))), { x: 5, y: 5 });
  // Half-pixel translation splits the ink between two pixels (bilinear).
  const half = warpAffine(onePixel(9, 4, 4), { a: 1, b: 0, c: -0.5, d: 0, e: 1, f: 0 });
  assert.ok(Math.abs(half.data[4 * 9 + 4]! - 0.5) < 1e-6 && Math.abs(half.data[4 * 9 + 5]! - 0.5) < 1e-6);
});

test('horizontal flip mirrors every row; colour jitter brightness scales and clips', () => {
  const image = ramp(2, 3, 4);
  const flipped = horizontalFlip(image, new Random(0), { probability: 1 });
  for (let row = 0; row < 6; row++) for (let x = 0; x < 4; x++) assert.equal(flipped.data[row * 4 + x], image.data[row * 4 + 3 - x]);
  const grey = { data: new Float32Array([0.1, 0.2, 0.4]), channels: 1, height: 1, width: 3 };
  const brighter = colourJitter(grey, new Random(3), { brightness: 0.5 });
  const factor = brighter.data[0]! / 0.1;
  assert.ok(factor >= 0.5 && factor <= 1.5);
  assert.ok(Math.abs(brighter.data[1]! - 0.2 * factor) < 1e-6 && Math.abs(brighter.data[2]! - Math.min(1, 0.4 * factor)) < 1e-6);
  // Saturation does not touch a grey RGB image.
  const greyRgb = { data: new Float32Array([0.3, 0.3, 0.3]), channels: 3, height: 1, width: 1 };
  colourJitter(greyRgb, new Random(2), { saturation: 0.9 }).data.forEach((v) => assert.ok(Math.abs(v - 0.3) < 1e-6));
});

test('random resized crop with a fixed crop size samples one window, edges clamped', () => {
  // Channel 0 holds x, channel 1 holds y. Scale 0.25 of 8×8 at ratio 1 is a 4×4 window, upsampled ×2:
  // outputs interpolate within a quarter pixel of that window.
  const data = new Float32Array(128).map((_, i) => (i < 64 ? i % 8 : Math.floor((i - 64) / 8)));
  for (let seed = 0; seed < 8; seed++) {
    const out = randomResizedCrop({ data, channels: 2, height: 8, width: 8 }, new Random(seed), { scale: [0.25, 0.25], ratio: [1, 1] });
    for (const channel of [out.data.subarray(0, 64), out.data.subarray(64)]) {
      const span = Math.max(...channel) - Math.min(...channel);
      assert.ok(span >= 3 && span <= 3.5 + 1e-6, `window span ${span}`);
      assert.ok(Math.min(...channel) >= 0 && Math.max(...channel) <= 7, 'no fill value at the border');
    }
  }
});

test('composeAugmentations rejects an unknown kind', () => {
  assert.throws(() => composeAugmentations([{ kind: 'rotate' } as unknown as AugmentationSpec]), (e: unknown) => e instanceof ArgumentError && e.message.includes('rotate'));
});
