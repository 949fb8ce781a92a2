import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ArgumentError } from '../../src/util/errors.ts';
import { readImage } from '../../src/data/read-image.ts';
import { writeContactSheet } from '../../src/data/contact-sheet.ts';
import { centreOfMass } from '../../src/data/pixels/centre-of-mass.ts';
import { generateGlyphs } from '../../src/data/glyphs/generate-glyphs.ts';
import { GlyphDataset } from '../../src/data/glyphs/glyph-dataset.ts';
import { glyphClasses, type GlyphClass } from '../../src/data/glyphs/glyph-shapes.ts';
import { writeGlyphPngs } from '../../src/data/glyphs/write-glyph-pngs.ts';

test('generateGlyphs: 28×28 uint8, deterministic, prefix-stable, seed-dependent', () => {
  const ten = generateGlyphs({ className: 'star', count: 10, seed: 3 });
  assert.equal(ten.length, 10);
  assert.ok(ten.every((g) => g instanceof Uint8Array && g.length === 784));
  assert.deepEqual(generateGlyphs({ className: 'star', count: 10, seed: 3 }), ten);
  assert.deepEqual(generateGlyphs({ className: 'star', count: 4, seed: 3 }), ten.slice(0, 4));
  assert.notDeepEqual(generateGlyphs({ className: 'star', count: 4, seed: 4 }), ten.slice(0, 4));
  assert.equal(new Set(ten.map((g) => g.join())).size, 10, 'no two samples alike');
  assert.throws(() => generateGlyphs({ className: 'dragon' as GlyphClass, count: 1, seed: 0 }), (e: unknown) => e instanceof ArgumentError && e.message.includes('dragon'));
});

test('every class comes out MNIST-style: centred, white on black, inside the 28×28 field', () => {
  assert.ok(glyphClasses.length >= 8);
  for (const className of glyphClasses) {
    for (const glyph of generateGlyphs({ className, count: 4, seed: 11 })) {
      const centre = centreOfMass(glyph, 28, 28);
      assert.ok(Math.abs(centre.x - 14) <= 1 && Math.abs(centre.y - 14) <= 1, `${className} centre ${centre.x},${centre.y}`);
      assert.equal(Math.max(...glyph), 255, className);
      for (let i = 0; i < 28; i++) assert.equal(glyph[i] + glyph[27 * 28 + i]! + glyph[i * 28]! + glyph[i * 28 + 27]!, 0, `${className} border`);
    }
  }
});

test('classes are distinct: 1-nearest-neighbour on raw pixels is far above chance', () => {
  const train = glyphClasses.flatMap((className, label) => generateGlyphs({ className, count: 50, seed: 100 }).map((g) => ({ g, label })));
  const probe = glyphClasses.flatMap((className, label) => generateGlyphs({ className, count: 20, seed: 200 }).map((g) => ({ g, label })));
  let correct = 0;
  for (const { g, label } of probe) {
    let best = Infinity;
    let guess = -1;
    for (const example of train) {
      let distance = 0;
      for (let p = 0; p < 784; p++) distance += (g[p]! - example.g[p]!) ** 2;
      if (distance < best) [best, guess] = [distance, example.label];
    }
    if (guess === label) correct++;
  }
  const accuracy = correct / probe.length;
  assert.ok(accuracy > 0.7, `1-NN accuracy ${accuracy} with ${glyphClasses.length} classes (chance ${1 / glyphClasses.length})`);
});

test('GlyphDataset is an in-memory dataset with class names as identities', async () => {
  const dataset = new GlyphDataset({ classes: ['heart', 'moon'], countPerClass: 3, seed: 5 });
  assert.equal(dataset.length, 6);
  assert.deepEqual(dataset.identities, ['heart', 'moon']);
  assert.deepEqual(Array.from(dataset.labels), [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(await dataset.read(4), generateGlyphs({ className: 'moon', count: 2, seed: 5 })[1]);
  assert.throws(() => new GlyphDataset({ classes: ['cat' as GlyphClass], countPerClass: 1, seed: 0 }), ArgumentError);
});

test('writeGlyphPngs writes readable 28×28 PNGs; writeContactSheet lays out a grid', async () => {
  const outDir = join(mkdtempSync(join(tmpdir(), 'reid-glyphs-')), 'stars');
  const files = await writeGlyphPngs({ className: 'lightning', count: 3, seed: 1, outDir });
  assert.deepEqual(files, [0, 1, 2].map((i) => join(outDir, `lightning-${i}.png`)));
  const expected = generateGlyphs({ className: 'lightning', count: 3, seed: 1 });
  for (let i = 0; i < 3; i++) {
    const meta = await sharp(files[i]!).metadata();
    assert.deepEqual([meta.width, meta.height, meta.channels], [28, 28, 1]);
    const image = await readImage(files[i]!);
    assert.equal(image.channels, 1);
    assert.deepEqual(image.pixels, expected[i]);
  }
  const sheet = join(outDir, 'sheet.png');
  await writeContactSheet(sheet, [expected, expected.slice(0, 2)], { channels: 1, height: 28, width: 28 }, { scale: 2, gap: 1 });
  const meta = await sharp(sheet).metadata();
  assert.deepEqual([meta.width, meta.height], [3 * 57 + 1, 2 * 57 + 1]);
});
