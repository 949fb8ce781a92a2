import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { normaliseGlyphFile } from '../../src/data/glyph-normalise.ts';
import { DataError, ImageTooLargeError, preprocessImage, type Preprocessing } from '../../src/index.ts';

const glyphModel: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
const photoModel: Preprocessing = { channels: 3, height: 32, width: 32, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false };
const ring = (side: number, alpha: boolean) => sharp({ create: { width: side, height: side, channels: alpha ? 4 : 3, background: alpha ? { r: 0, g: 0, b: 0, alpha: 0 } : '#ffffff' } })
  .composite([{ input: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}"><circle cx="${side / 2}" cy="${side / 3}" r="${side / 4}" stroke="#123456" stroke-width="${side / 30}" fill="none"/></svg>`) }])
  .png().toBuffer();

test('a drawing no larger than the working size is normalised exactly as its file always was', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-embed-files-'));
  for (const [side, alpha] of [[64, false], [300, true], [512, false]] as const) {
    const file = join(dir, `ring-${side}.png`);
    const bytes = await ring(side, alpha);
    writeFileSync(file, bytes);
    const expected = await normaliseGlyphFile(file);
    assert.deepEqual(await preprocessImage(glyphModel, bytes, 'ring'), expected, `bytes ${side}`);
    assert.deepEqual(await preprocessImage(glyphModel, file, file), expected, `file ${side}`);
  }
});

test('images over the pixel cap are refused from the header, naming the image, its size and the cap', async () => {
  const bytes = await ring(101, false);
  for (const p of [glyphModel, photoModel]) {
    await assert.rejects(preprocessImage(p, bytes, 'upload.png', { maxPixels: 100 * 100 }), (e: unknown) =>
      e instanceof ImageTooLargeError && e instanceof DataError && /^preprocessImage: expected at most 10000 pixels in upload\.png but it is 101×101 \(10201 pixels\)/.test((e as Error).message));
  }
  assert.equal((await preprocessImage(photoModel, bytes, 'upload.png', { maxPixels: 101 * 101 })).length, 3 * 32 * 32);
});

test('empty, missing and undecodable inputs are DataErrors naming the input', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-embed-files-'));
  const empty = join(dir, 'empty.png');
  writeFileSync(empty, '');
  await assert.rejects(preprocessImage(glyphModel, empty, empty), (e: unknown) => e instanceof DataError && (e as DataError).file === empty && /empty \(0 bytes\)/.test((e as Error).message));
  await assert.rejects(preprocessImage(glyphModel, join(dir, 'none.png'), 'none.png'), (e: unknown) => e instanceof DataError && /could not read image file .*none\.png/.test((e as Error).message));
  await assert.rejects(preprocessImage(photoModel, Buffer.from('not an image'), 'the upload'), (e: unknown) => e instanceof DataError && /could not decode image the upload/.test((e as Error).message));
});
