import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { extractFeatures, extractFeaturesFromFile, featureCount } from '../../src/features/index.ts';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { randomPattern, renderPattern } from './textured-image.ts';

test('features of an image file are found on the grey image with its long side capped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-features-'));
  const pixels = renderPattern(randomPattern(11), 256);
  const file = join(dir, 'wide.png');
  // 512×256 (two copies side by side), capped to 320×160.
  const wide = Buffer.alloc(512 * 256);
  for (let y = 0; y < 256; y++) for (let x = 0; x < 512; x++) wide[y * 512 + x] = pixels[y * 256 + (x % 256)]!;
  await sharp(wide, { raw: { width: 512, height: 256, channels: 1 } }).png().toFile(file);
  const features = await extractFeaturesFromFile(file, { maxSide: 320, maxKeypoints: 100 });
  assert.deepEqual([features.width, features.height, features.sourceWidth, features.sourceHeight], [320, 160, 512, 256]);
  assert.ok(featureCount(features) > 20 && featureCount(features) <= 100, `${featureCount(features)} keypoints`);
  for (let i = 0; i < featureCount(features); i++) {
    assert.ok(features.keypoints[5 * i]! >= 0 && features.keypoints[5 * i]! < 320 && features.keypoints[5 * i + 1]! < 160);
  }
});

test('bad images and pixels give clear errors, not crashes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-features-'));
  const empty = join(dir, 'empty.jpg');
  writeFileSync(empty, '');
  const junk = join(dir, 'junk.jpg');
  writeFileSync(junk, 'not an image at all');
  await assert.rejects(extractFeaturesFromFile(empty), (e: Error) => e instanceof DataError && e.message.includes(empty));
  await assert.rejects(extractFeaturesFromFile(junk), (e: Error) => e instanceof DataError && e.message.includes(junk));
  await assert.rejects(extractFeaturesFromFile(join(dir, 'missing.png')), (e: Error) => e instanceof DataError && e.message.includes('missing.png'));
  await assert.rejects(extractFeatures({ pixels: new Uint8Array(10), height: 4, width: 4 }), (e: Error) => e instanceof ArgumentError && /image\.pixels/.test(e.message));
  await assert.rejects(extractFeatures({ pixels: new Uint8Array(0), height: 0, width: 0 }), (e: Error) => e instanceof ArgumentError && /image\.height/.test(e.message));
  await assert.rejects(extractFeatures({ pixels: new Float32Array(16) as never, height: 4, width: 4 }), /Uint8Array/);
  await assert.rejects(extractFeatures({ pixels: new Uint8Array(16), height: 4, width: 4 }, { maxKeypoints: -1 }), /options\.maxKeypoints/);
  // A tiny image is legal and simply has no keypoints.
  assert.equal(featureCount(await extractFeatures({ pixels: new Uint8Array(4), height: 2, width: 2 })), 0);
});
