// Defaults chosen from the data: a folder of colour photographs trains RGB with the photo network
// and photo augmentations at --image-size (default 128); a folder of small grey drawings keeps the
// glyph form (1×28×28, small CNN, glyph augmentations); --image-size outside 96..224 or on a source
// of fixed-size glyphs is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { openDataset } from '../../src/data/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOptionsForPreprocessing, checkImageSize, openTrainingData } from '../../src/recipes/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { glyphPngs } from './helpers/gallery-fixture.ts';
import { photoFolder } from './helpers/photo-fixture.ts';

test('a folder of colour photographs opens as a photo catalogue: RGB 128×128, photo network, photo augmentations; --image-size resizes it', async () => {
  const root = await photoFolder(mkdtempSync(join(tmpdir(), 'reid-photos-')), 2, 2);
  const { opened, input } = await openTrainingData({ data: `folder:${root}` });
  assert.equal(input.kind, 'photo');
  assert.equal(input.arch, 'photo');
  assert.equal(input.augmentPreset, 'photo');
  assert.deepEqual(input.preprocessing, { channels: 3, height: 128, width: 128, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false });
  assert.match(input.reason, /colour images of 40-48 px/);
  assert.deepEqual([opened.train.channels, opened.train.height, opened.train.width, opened.train.length], [3, 128, 128, 4]);
  const sized = await openTrainingData({ data: `folder:${root}`, imageSize: 96, arch: 'resnet18' });
  assert.deepEqual([sized.opened.train.height, sized.opened.train.width, sized.input.arch], [96, 96, 'resnet18']);
  assert.match(sized.input.reason, /--image-size 96/);
});

test('a folder of 28×28 grey glyph drawings keeps the glyph form: 1×28×28, small CNN, glyph augmentations', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-glyph-folder-'));
  await glyphPngs(join(root, 'star'), 'star', 2);
  await glyphPngs(join(root, 'heart'), 'heart', 2);
  const { opened, input } = await openTrainingData({ data: `folder:${root}` });
  assert.deepEqual([input.kind, input.arch, input.augmentPreset], ['glyph', 'small', 'glyph']);
  assert.deepEqual(input.preprocessing, { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true });
  assert.deepEqual([opened.train.channels, opened.train.height, opened.train.width], [1, 28, 28]);
  const glyphs = await openTrainingData({ data: 'glyphs:star,heart' });
  assert.deepEqual([glyphs.input.kind, glyphs.input.arch, glyphs.input.preprocessing.glyph], ['glyph', 'small', true]);
});

test('--image-size outside 96..224, not an integer, or on a source of fixed-size glyphs is refused', async () => {
  for (const bad of [95, 225, 100.5, Number.NaN, 0]) assert.throws(() => checkImageSize(bad), /^ArgumentError: --image-size: expected an integer from 96 to 224/);
  assert.throws(() => checkImageSize(Number.NaN, '"abc"'), /but received "abc"$/);
  checkImageSize(96);
  checkImageSize(224);
  await assert.rejects(openTrainingData({ data: 'glyphs:star', imageSize: 64 }), /--image-size: expected an integer from 96 to 224 .* but received 64/);
  await assert.rejects(openTrainingData({ data: 'glyphs:star', imageSize: 128 }), (e: unknown) => e instanceof ArgumentError && /--image-size: expected a photo catalogue .* but glyphs:star makes 1×28×28 glyphs/.test(e.message));
});

test("a model's preprocessing opens a manifest at its own size with each row's crop applied, as embedding does", async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-crop-embed-'));
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><rect width="30" height="40" fill="#ff0000"/><rect x="30" width="30" height="40" fill="#0000ff"/></svg>';
  writeFileSync(join(root, 'scene.png'), await sharp(Buffer.from(svg)).png().toBuffer());
  writeFileSync(join(root, 'm.csv'), 'path,identity,x,y,w,h\nscene.png,left,0,0,30,40\nscene.png,right,30,0,30,40\n');
  const p = { channels: 3, height: 96, width: 96, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false };
  const { train } = await openDataset(`csv:${join(root, 'm.csv')}`, catalogOptionsForPreprocessing(p));
  assert.deepEqual([train.channels, train.height, train.width], [3, 96, 96]);
  const plane = 96 * 96;
  const [left, right] = [await train.read(0), await train.read(1)];
  assert.deepEqual([left[0], left[plane], left[2 * plane]], [255, 0, 0]);
  assert.deepEqual([right[plane - 1], right[2 * plane - 1], right[3 * plane - 1]], [0, 0, 255]);
});
