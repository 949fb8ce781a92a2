// Crops in CSV manifests: optional x,y,w,h columns cut each image (in upright pixels) before it is
// resized; bad values are refused naming the manifest line and the column, and a crop outside its
// image is refused naming the file, the line and the columns that overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openCsvManifest } from '../../src/data/csv-manifest.ts';
import { parseCropCells } from '../../src/data/crop-box.ts';
import { DataError } from '../../src/util/errors.ts';

/** An 8×6 RGB image: left half red, right half blue, except its bottom-right 4×3 corner, green. */
async function quadrants(root: string): Promise<void> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6" shape-rendering="crispEdges">
    <rect width="4" height="6" fill="#ff0000"/><rect x="4" width="4" height="3" fill="#0000ff"/><rect x="4" y="3" width="4" height="3" fill="#00ff00"/></svg>`;
  writeFileSync(join(root, 'q.png'), await sharp(Buffer.from(svg)).png().toBuffer());
}

async function manifest(rows: string[]): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'reid-crop-'));
  await quadrants(root);
  const file = join(root, 'm.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

test('x,y,w,h columns crop each image before it is resized; a row may leave all four empty', async () => {
  const file = await manifest(['path,identity,x,y,w,h', 'q.png,a,4,0,4,3', 'q.png,a,4,3,4,3', 'q.png,b,0,0,4,6', 'q.png,b,,,,']);
  const { splits } = await openCsvManifest(file, { channels: 3, height: 2, width: 2 });
  const train = splits.train!;
  const colour = async (i: number): Promise<number[]> => {
    const px = await train.read(i); // planar RGB, 2×2
    return [px[0]!, px[4]!, px[8]!];
  };
  assert.deepEqual(await colour(0), [0, 0, 255]);
  assert.deepEqual(await colour(1), [0, 255, 0]);
  assert.deepEqual(await colour(2), [255, 0, 0]);
  const whole = await train.read(3); // uncropped, shrunk to 2×2: red top left, blue top right, green bottom right
  const rgb = (p: number) => [whole[p]!, whole[4 + p]!, whole[8 + p]!];
  const strongest = (p: number) => rgb(p).indexOf(Math.max(...rgb(p)));
  assert.deepEqual([strongest(0), strongest(1), strongest(3)], [0, 2, 1]);
});

test('bad crop values are refused naming the manifest line and column: not a number, negative, zero size, some columns empty', async () => {
  const cases: [string, RegExp][] = [
    ['q.png,a,1,1,abc,2', /expected a positive whole number of pixels .* in column w on manifest .*m\.csv line 2 but received "abc"/],
    ['q.png,a,1,1,0,2', /in column w on manifest .*line 2 but received "0"/],
    ['q.png,a,1,1,2,0', /in column h on manifest .*line 2 but received "0"/],
    ['q.png,a,-1,1,2,2', /expected a whole number of pixels ≥ 0 in column x on manifest .*line 2 but received "-1"/],
    ['q.png,a,1.5,1,2,2', /in column x on .*received "1\.5"/],
    ['q.png,a,1,,2,2', /expected all of x,y,w,h or none on manifest .*line 2 but column y is empty/],
  ];
  for (const [row, pattern] of cases) {
    const file = await manifest(['path,identity,x,y,w,h', row]);
    await assert.rejects(openCsvManifest(file, { channels: 3, height: 2, width: 2 }), (e: unknown) => e instanceof DataError && pattern.test(e.message), row);
  }
  const partial = await manifest(['path,identity,x,y,w', 'q.png,a,1,1,2']);
  await assert.rejects(openCsvManifest(partial, { channels: 3, height: 2, width: 2 }), /expected all four crop columns x,y,w,h or none in the header of manifest .*m\.csv but h is missing/);
});

test('a crop outside its image is refused naming the file, the manifest line and the overflowing columns; skip leaves that image out', async () => {
  const file = await manifest(['path,identity,x,y,w,h', 'q.png,a,0,0,8,6', 'q.png,a,6,0,4,2']);
  await assert.rejects(openCsvManifest(file, { channels: 3, height: 2, width: 2 }), (e: unknown) => e instanceof DataError
    && /could not use image .*q\.png: crop: expected x,y,w,h inside image .*q\.png \(8×6\) on manifest .*m\.csv line 3 but columns x,w reach 10×2/.test(e.message));
  const tall = await manifest(['path,identity,x,y,w,h', 'q.png,a,0,5,8,2']);
  await assert.rejects(openCsvManifest(tall, { channels: 3, height: 2, width: 2 }), /line 2 but columns y,h reach 8×7/);
  const { splits, skipped } = await openCsvManifest(file, { channels: 3, height: 2, width: 2, onBadImage: 'skip' });
  assert.equal(splits.train!.length, 1);
  assert.equal(skipped.length, 1);
  assert.match(skipped[0]!.reason, /line 3/);
});

test('parseCropCells: all four empty is no crop', () => {
  assert.equal(parseCropCells({ x: '', y: ' ', w: '', h: '' }, 'f', 'row', 'm.csv'), undefined);
  assert.deepEqual(parseCropCells({ x: '0', y: '2', w: ' 3', h: '4 ' }, 'f', 'row', 'm.csv'), { x: 0, y: 2, w: 3, h: 4, origin: 'row' });
});
