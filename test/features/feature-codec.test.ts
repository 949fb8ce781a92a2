import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeLocalFeatures, encodeLocalFeatures, extractFeatures, loadLocalFeatures, saveLocalFeatures, encodedFeatureBytes, featureCount, matchFeatures } from '../../src/features/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { randomPattern, renderPattern } from './textured-image.ts';

async function sample() {
  return extractFeatures({ pixels: renderPattern(randomPattern(21), 200), height: 200, width: 200 });
}

test('encode → decode and save → load give back the same features, which match the same', async () => {
  const features = await sample();
  const n = featureCount(features);
  const bytes = encodeLocalFeatures(features);
  assert.equal(bytes.length, encodedFeatureBytes(n));
  assert.ok(bytes.length <= 28 + 4 + 148 * n);
  const decoded = decodeLocalFeatures(bytes);
  assert.deepEqual(decoded, features);
  const file = join(mkdtempSync(join(tmpdir(), 'reid-codec-')), 'a.rlf');
  await saveLocalFeatures(file, features);
  const loaded = await loadLocalFeatures(file);
  assert.deepEqual(loaded, features);
  assert.equal((await matchFeatures(loaded, features)).inlierCount, (await matchFeatures(features, features)).inlierCount);
  // An image without keypoints round-trips too.
  const none = { ...features, keypoints: new Float32Array(0), descriptors: new Uint8Array(0) };
  assert.deepEqual(decodeLocalFeatures(encodeLocalFeatures(none)), none);
});

test('truncated, corrupted, foreign and non-finite files are refused with a DataError naming the file', async () => {
  const features = await sample();
  const dir = mkdtempSync(join(tmpdir(), 'reid-codec-'));
  const file = join(dir, 'b.rlf');
  await saveLocalFeatures(file, features);
  const good = readFileSync(file);
  const refuse = async (bytes: Uint8Array, pattern: RegExp) => {
    const bad = join(dir, 'bad.rlf');
    writeFileSync(bad, bytes);
    await assert.rejects(loadLocalFeatures(bad), (e: Error) => e instanceof DataError && e.message.includes(bad) && pattern.test(e.message) && (e as DataError).file === bad);
  };
  await refuse(good.subarray(0, good.length - 10), /truncated/);
  await refuse(good.subarray(0, 10), /shorter/);
  const flipped = Buffer.from(good);
  flipped[100] = flipped[100]! ^ 0xff;
  await refuse(flipped, /checksum/);
  await refuse(Buffer.from('PNG\0 definitely not features, but long enough to have a header'), /magic/);
  // A NaN keypoint with a correct checksum (as a buggy writer would make it) is still refused.
  const nan = Buffer.from(good);
  nan.writeFloatLE(Number.NaN, 28 + 4);
  const { crc32 } = await import('node:zlib');
  nan.writeUInt32LE(crc32(nan.subarray(0, nan.length - 4)), nan.length - 4);
  await refuse(nan, /keypoint value 1 is NaN/);
  await assert.rejects(loadLocalFeatures(join(dir, 'missing.rlf')), (e: Error) => e instanceof DataError && e.message.includes('missing.rlf'));
  const nonFinite = { ...features, keypoints: features.keypoints.slice() };
  nonFinite.keypoints[0] = Number.POSITIVE_INFINITY;
  assert.throws(() => encodeLocalFeatures(nonFinite), /finite/);
});
