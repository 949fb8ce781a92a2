import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { svgToPng, svgToPngBuffer } from '../../src/viz/svg-to-png.ts';
import { cmcCurveSvg } from '../../src/viz/cmc-curve-svg.ts';

test('writes a real PNG at twice the SVG size by default', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-viz-'));
  try {
    const svg = cmcCurveSvg([{ name: 'm', cmc: [0.5, 0.75, 1] }]);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    const path = join(dir, 'cmc.png');
    const size = await svgToPng(svg, path);
    const meta = await sharp(await readFile(path)).metadata();
    assert.equal(meta.format, 'png');
    assert.equal(meta.width, 2 * width);
    assert.equal(meta.height, 2 * height);
    assert.deepEqual(size, { width: 2 * width, height: 2 * height });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('text is rendered (dark pixels where the title is)', async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/>'
    + '<text x="10" y="28" font-family="DejaVu Sans, sans-serif" font-size="20">Hello</text></svg>';
  const png = await svgToPngBuffer(svg, { density: 72 });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  for (let i = 0; i < info.width * info.height; i++) if (data[i]! < 100) dark++;
  assert.ok(dark > 50, `only ${dark} dark pixels: no font?`);
});
