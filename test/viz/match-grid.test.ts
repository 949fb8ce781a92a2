import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { matchGridPng, type GridImage } from '../../src/viz/match-grid.ts';

function flat(value: number, channels: 1 | 3 = 1): GridImage {
  return { pixels: new Uint8Array(channels * 8 * 8).fill(value), channels, height: 8, width: 8 };
}

test('a grid PNG with one row per query and green / red borders', async () => {
  const png = await matchGridPng([
    { query: flat(200), queryLabel: 1, matches: [{ image: flat(190), label: 1, distance: 0.1 }, { image: flat(30), label: 2, distance: 0.7 }] },
    { query: flat(90, 3), matches: [{ image: flat(80, 3), label: 4, distance: 0.2 }] },
  ], { title: 'grid', scale: 10 });
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  // Count pixels of the correct / wrong border colours: both must be present.
  let green = 0, red = 0;
  for (let p = 0; p < info.width * info.height; p++) {
    const [r, g, b] = [data[3 * p]!, data[3 * p + 1]!, data[3 * p + 2]!];
    if (r === 44 && g === 160 && b === 44) green++;
    if (r === 214 && g === 39 && b === 40) red++;
  }
  const side = 8 * 10 + 2 * 4;
  const borderPixels = side * side - 80 * 80;
  assert.ok(green >= borderPixels && green < 2 * borderPixels, `green ${green}`);
  assert.ok(red >= borderPixels && red < 2 * borderPixels, `red ${red}`);
  assert.ok(info.height > 2 * side, 'two rows');
});

test('pixels are upscaled by nearest neighbour (no smoothing)', async () => {
  const checker: GridImage = { pixels: Uint8Array.from({ length: 16 }, (_, i) => ((i + (i >> 2)) % 2 ? 255 : 0)), channels: 1, height: 4, width: 4 };
  const png = await matchGridPng([{ query: checker, matches: [] }], { scale: 8 });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const values = new Set<number>();
  // Inside the query tile (after margin 14 and border 4, below title-less header 26).
  for (let y = 26 + 4 + 2; y < 26 + 4 + 30; y++) for (let x = 14 + 4 + 2; x < 14 + 4 + 30; x++) values.add(data[y * info.width + x]!);
  assert.deepEqual([...values].sort((a, b) => a - b), [0, 255]);
});

test('malformed images are rejected with their index', async () => {
  await assert.rejects(matchGridPng([{ query: { pixels: new Uint8Array(5), channels: 1, height: 2, width: 2 }, matches: [] }]), /matchGridPng: expected 4 uint8 pixels \(CHW\) for image 0 but received 5/);
});
