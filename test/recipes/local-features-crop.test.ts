// Local features honour a manifest row's crop, as its embedding does: two rows cropping the two
// halves of one scene give the features of each half (equal to those of the half saved on its own,
// since PNG is lossless and SIFT deterministic), not those of the whole scene; through subset and
// concat too. A crop outside the image is refused naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { concatDatasets, openDataset, subset } from '../../src/data/index.ts';
import { extractFeaturesFromFile, featureCount } from '../../src/features/index.ts';
import { featuresOfDatasets } from '../../src/recipes/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { randomPattern, renderPattern } from '../features/textured-image.ts';

async function scene(root: string): Promise<void> {
  const [a, b] = [renderPattern(randomPattern(3), 200), renderPattern(randomPattern(4), 200)];
  const wide = Buffer.alloc(400 * 200);
  for (let y = 0; y < 200; y++) for (let x = 0; x < 400; x++) wide[y * 400 + x] = x < 200 ? a[y * 200 + x]! : b[y * 200 + x - 200]!;
  await sharp(wide, { raw: { width: 400, height: 200, channels: 1 } }).png().toFile(join(root, 'scene.png'));
  await sharp(Buffer.from(a), { raw: { width: 200, height: 200, channels: 1 } }).png().toFile(join(root, 'left.png'));
  await sharp(Buffer.from(b), { raw: { width: 200, height: 200, channels: 1 } }).png().toFile(join(root, 'right.png'));
}

test("local features of a manifest's rows are those of each row's crop, through subset and concat", async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-crop-features-'));
  await scene(root);
  writeFileSync(join(root, 'm.csv'), 'path,identity,x,y,w,h\nscene.png,a,0,0,200,200\nscene.png,b,200,0,200,200\nscene.png,whole,,,,\n');
  const { train } = await openDataset(`csv:${join(root, 'm.csv')}`);
  const options = { maxSide: 400, maxKeypoints: 300 };
  const [left, right, whole] = await featuresOfDatasets([train], { ...options, quiet: true });
  const [ownLeft, ownRight, ownWhole] = await Promise.all(['left.png', 'right.png', 'scene.png'].map((f) => extractFeaturesFromFile(join(root, f), options)));
  assert.ok(featureCount(ownLeft!) > 20 && featureCount(ownRight!) > 20);
  assert.deepEqual([left!.sourceWidth, left!.sourceHeight, left!.width, left!.height], [200, 200, 200, 200]);
  assert.deepEqual(left!.keypoints, ownLeft!.keypoints);
  assert.deepEqual(left!.descriptors, ownLeft!.descriptors);
  assert.deepEqual(right!.keypoints, ownRight!.keypoints);
  assert.deepEqual(whole!.keypoints, ownWhole!.keypoints);
  assert.notDeepEqual(left!.keypoints, whole!.keypoints);
  // The crop travels through views of the dataset.
  writeFileSync(join(root, 'n.csv'), 'path,identity,x,y,w,h\nscene.png,c,200,0,200,200\n');
  const other = (await openDataset(`csv:${join(root, 'n.csv')}`)).train;
  const view = concatDatasets([other, subset(train, [0], 'only-a')]);
  const [viaB, viaA] = await featuresOfDatasets([view], { ...options, quiet: true });
  assert.deepEqual(viaB!.keypoints, ownRight!.keypoints);
  assert.deepEqual(viaA!.keypoints, ownLeft!.keypoints);
});

test('a crop outside the image is refused when features are read, naming the file', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-crop-features-'));
  await scene(root);
  await assert.rejects(extractFeaturesFromFile(join(root, 'left.png'), {}, { x: 150, y: 0, w: 100, h: 100 }),
    (e: Error) => e instanceof DataError && e.message.includes('left.png') && /x,w/.test(e.message) && !e.message.includes('\n'));
});
