import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DataError } from '../../src/util/errors.ts';
import { openCsvManifest } from '../../src/data/csv-manifest.ts';
import { openImageFolder } from '../../src/data/image-folder.ts';
import { readImage } from '../../src/data/read-image.ts';

type Rgb = [number, number, number];

async function solid(file: string, colour: Rgb, format: 'png' | 'jpeg' | 'webp' = 'png', width = 16, height = 12): Promise<void> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } });
  const encoded = format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg({ quality: 95 }) : image.webp({ lossless: true });
  writeFileSync(file, await encoded.toBuffer());
}

function dir(...parts: string[]): string {
  const path = join(...parts);
  mkdirSync(path, { recursive: true });
  return path;
}

const temp = (): string => mkdtempSync(join(tmpdir(), 'reid-catalog-'));

/** A folder catalog: identities 2, 10, alice, bob (natural order), plus things to ignore. */
async function makeFolder(): Promise<string> {
  const root = temp();
  await solid(join(dir(root, 'alice'), 'a.png'), [255, 0, 0]);
  await solid(join(dir(root, 'alice'), 'b.jpg'), [0, 0, 255], 'jpeg');
  await solid(join(dir(root, 'bob'), 'c.webp'), [0, 255, 0], 'webp');
  await solid(join(dir(root, '10'), 'x.png'), [10, 20, 30]);
  await solid(join(dir(root, '2'), 'y.PNG'), [200, 100, 50]);
  writeFileSync(join(root, 'alice', '.DS_Store'), 'junk');
  writeFileSync(join(root, 'README.txt'), 'not an identity');
  return root;
}

test('image folder: identities, labels, sources, pixels, and a cache that makes epoch 2 decode-free', async () => {
  const root = await makeFolder();
  const dataset = await openImageFolder(root, { channels: 3, height: 6, width: 8 });
  assert.deepEqual(dataset.identities, ['2', '10', 'alice', 'bob']);
  assert.equal(dataset.length, 5);
  assert.deepEqual(Array.from(dataset.labels), [0, 1, 2, 2, 3]);
  assert.equal(dataset.source(2), join(root, 'alice', 'a.png'));
  assert.deepEqual(dataset.skipped, []);
  const red = await dataset.read(2);
  assert.equal(red.length, 3 * 6 * 8);
  // Planar CHW: the first 48 values are the red plane.
  assert.ok(red.subarray(0, 48).every((v) => v === 255));
  assert.ok(red.subarray(48).every((v) => v === 0));
  const jpegBlue = await dataset.read(3);
  assert.ok(jpegBlue.subarray(96).every((v) => v > 240) && jpegBlue.subarray(0, 48).every((v) => v < 15));
  assert.deepEqual(Array.from((await dataset.read(1)).subarray(0, 1)), [10]);
  const decodedAfterOpen = dataset.stats.decoded;
  assert.equal(decodedAfterOpen, 5);
  for (let epoch = 0; epoch < 2; epoch++) for (let i = 0; i < dataset.length; i++) await dataset.read(i);
  assert.equal(dataset.stats.decoded, decodedAfterOpen);
  assert.equal(dataset.stats.cacheHits, 3 + 10);
  const grey = await openImageFolder(root, { channels: 1, height: 4, width: 4 });
  // Rec. 601 luma of pure red ≈ 76.
  assert.ok(Math.abs((await grey.read(2))[0]! - 76) <= 1);
});

test('lazy decoding (preload: false) decodes on first read only', async () => {
  const root = await makeFolder();
  const dataset = await openImageFolder(root, { channels: 3, height: 4, width: 4, preload: false });
  assert.equal(dataset.stats.decoded, 0);
  await Promise.all([dataset.read(0), dataset.read(0), dataset.read(4)]);
  assert.equal(dataset.stats.decoded, 2);
  await dataset.read(0);
  assert.equal(dataset.stats.decoded, 2);
});

test("fit 'fill' stretches, 'cover' crops the centre", async () => {
  const root = temp();
  // 40×20: black 10-px bands left and right of a white 20×20 centre.
  const pixels = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 10; x < 30; x++) pixels.fill(255, (y * 40 + x) * 3, (y * 40 + x) * 3 + 3);
  writeFileSync(join(dir(root, 'a'), 'bands.png'), await sharp(pixels, { raw: { width: 40, height: 20, channels: 3 } }).png().toBuffer());
  const cover = await (await openImageFolder(root, { channels: 1, height: 10, width: 10, fit: 'cover' })).read(0);
  assert.ok(cover.every((v) => v > 240), 'cover keeps the white centre only');
  const fill = await (await openImageFolder(root, { channels: 1, height: 10, width: 10, fit: 'fill' })).read(0);
  assert.ok(fill[0]! < 20 && fill[9]! < 20 && fill[5]! > 240, 'fill keeps the black bands at the edges');
});

const badCases: [string, (file: string) => Promise<void> | void][] = [
  ['corrupt.png', async (file) => writeFileSync(file, (await sharp({ create: { width: 64, height: 64, channels: 3, background: 'red' } }).png().toBuffer()).subarray(0, 60))],
  ['truncated-body.jpg', async (file) => {
    const noise = Buffer.alloc(64 * 64 * 3).map((_, i) => (i * 7919) % 251);
    const jpeg = await sharp(noise, { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
    writeFileSync(file, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
  }],
  ['empty.png', (file) => writeFileSync(file, '')],
  ['text.png', (file) => writeFileSync(file, 'this is plain text pretending to be a png\n')],
  ['notes.txt', (file) => writeFileSync(file, 'hello')],
];

for (const [name, make] of badCases) {
  test(`bad image ${name}: 'fail' names the file, 'skip' reports it`, async () => {
    const root = temp();
    await solid(join(dir(root, 'ok'), 'good.png'), [1, 2, 3]);
    const bad = join(dir(root, 'ok'), name);
    await make(bad);
    await assert.rejects(openImageFolder(root, { height: 4, width: 4 }), (e: unknown) => e instanceof DataError && e.message.includes(bad) && e.file === bad);
    const dataset = await openImageFolder(root, { height: 4, width: 4, onBadImage: 'skip' });
    assert.equal(dataset.length, 1);
    assert.equal(dataset.source(0), join(root, 'ok', 'good.png'));
    assert.equal(dataset.skipped.length, 1);
    assert.equal(dataset.skipped[0]!.file, bad);
    assert.ok(dataset.skipped[0]!.reason.length > 0);
    if (name === 'empty.png') assert.match(dataset.skipped[0]!.reason, /empty/);
    if (name === 'notes.txt') assert.match(dataset.skipped[0]!.reason, /unsupported extension/);
  });
}

async function makeManifestRoot(): Promise<string> {
  const root = temp();
  await solid(join(dir(root, 'img'), 'w1.png'), [255, 255, 255]);
  await solid(join(dir(root, 'img'), 'w2.png'), [0, 0, 0]);
  await solid(join(dir(root, 'img', 'a,b'), 'w3.png'), [128, 128, 128]);
  return root;
}

test('CSV manifest: header, relative and quoted paths, splits sharing one identity list', async () => {
  const root = await makeManifestRoot();
  const manifest = join(root, 'manifest.csv');
  writeFileSync(manifest, 'path,identity,split\r\nimg/w1.png,whale-7,train\nimg/w2.png,whale-3,test\n"img/a,b/w3.png",whale-7,test\n\n');
  const { splits, identities, skipped } = await openCsvManifest(manifest, { channels: 1, height: 2, width: 2 });
  assert.deepEqual(identities, ['whale-3', 'whale-7']);
  assert.deepEqual(Object.keys(splits).sort(), ['test', 'train']);
  assert.deepEqual(Array.from(splits.train!.labels), [1]);
  assert.deepEqual(Array.from(splits.test!.labels), [0, 1]);
  assert.equal(splits.test!.source(1), join(root, 'img', 'a,b', 'w3.png'));
  assert.deepEqual(Array.from(await splits.test!.read(1)), [128, 128, 128, 128]);
  assert.deepEqual(skipped, []);
  // No split column: everything is "train"; an absolute path inside the root is fine.
  const plain = join(root, 'plain.csv');
  writeFileSync(plain, `identity,path\nw,${join(root, 'img', 'w2.png')}\n`);
  const single = await openCsvManifest(plain, { channels: 1, height: 2, width: 2 });
  assert.deepEqual(Object.keys(single.splits), ['train']);
  assert.deepEqual(Array.from(await single.splits.train!.read(0)), [0, 0, 0, 0]);
});

test('CSV manifest errors: missing header, paths leaving the root, missing and bad files', async () => {
  const root = await makeManifestRoot();
  const outside = temp();
  await solid(join(outside, 'secret.png'), [9, 9, 9]);
  const write = (text: string): string => {
    const file = join(root, `m-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(file, text);
    return file;
  };
  const noHeader = write('img/w1.png,whale\n');
  await assert.rejects(openCsvManifest(noHeader), (e: unknown) => e instanceof DataError && e.message.includes(noHeader) && /header/.test(e.message));
  const traversal = write('path,identity\nimg/w1.png,a\n../../../etc/passwd.png,b\n');
  await assert.rejects(openCsvManifest(traversal), (e: unknown) => e instanceof DataError && e.message.includes(traversal) && e.message.includes('line 3') && e.message.includes('../../../etc/passwd.png'));
  const absolute = write(`path,identity\n${join(outside, 'secret.png')},b\n`);
  await assert.rejects(openCsvManifest(absolute), (e: unknown) => e instanceof DataError && e.message.includes(join(outside, 'secret.png')));
  symlinkSync(join(outside, 'secret.png'), join(root, 'img', 'link.png'));
  const viaLink = write('path,identity\nimg/link.png,b\n');
  await assert.rejects(openCsvManifest(viaLink), (e: unknown) => e instanceof DataError && e.message.includes('img/link.png') && e.message.includes('resolves to'));
  // Skipping never extends to escapes: they are refused whatever onBadImage says.
  await assert.rejects(openCsvManifest(viaLink, { onBadImage: 'skip' }), DataError);
  writeFileSync(join(root, 'img', 'empty.jpg'), '');
  const missing = write('path,identity\nimg/nope.png,a\nimg/empty.jpg,a\nimg/w1.png,a\n');
  await assert.rejects(openCsvManifest(missing), (e: unknown) => e instanceof DataError && e.message.includes(join(root, 'img', 'nope.png')));
  const report = await openCsvManifest(missing, { onBadImage: 'skip', height: 2, width: 2 });
  assert.deepEqual(report.skipped.map((s) => s.file), [join(root, 'img', 'nope.png'), join(root, 'img', 'empty.jpg')]);
  assert.equal(report.splits.train!.length, 1);
});

test('image folder refuses a symlinked identity folder that points outside the root', async () => {
  const root = await makeFolder();
  const outside = temp();
  await solid(join(dir(outside, 'stash'), 'p.png'), [1, 1, 1]);
  symlinkSync(join(outside, 'stash'), join(root, 'mallory'));
  await assert.rejects(openImageFolder(root), (e: unknown) => e instanceof DataError && e.message.includes('mallory'));
});

test('readImage: native size with alpha, or decoded to a shape; errors name the file', async () => {
  const root = temp();
  const file = join(root, 'drawing.png');
  writeFileSync(file, await sharp({ create: { width: 5, height: 3, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer());
  const raw = await readImage(file);
  assert.deepEqual([raw.channels, raw.height, raw.width], [4, 3, 5]);
  assert.ok(raw.pixels.subarray(45).every((v) => v === 0), 'alpha plane is transparent');
  const shaped = await readImage(file, { channels: 3, height: 2, width: 2 });
  assert.ok(shaped.pixels.every((v) => v === 255), 'transparent composites over white');
  writeFileSync(join(root, 'bad.jpg'), 'nope');
  await assert.rejects(readImage(join(root, 'bad.jpg')), (e: unknown) => e instanceof DataError && e.message.includes(join(root, 'bad.jpg')));
});

test('readImage keeps grey and grey+alpha files grey', async () => {
  const root = temp();
  const grey = join(root, 'grey.png');
  await sharp(Buffer.from([0, 50, 100, 150, 200, 250]), { raw: { width: 3, height: 2, channels: 1 } }).toColourspace('b-w').png().toFile(grey);
  const image = await readImage(grey);
  assert.deepEqual([image.channels, image.height, image.width], [1, 2, 3]);
  assert.deepEqual(Array.from(image.pixels), [0, 50, 100, 150, 200, 250]);
  const greyAlpha = join(root, 'grey-alpha.png');
  await sharp(Buffer.from([10, 255, 20, 0]), { raw: { width: 2, height: 1, channels: 2 } }).toColourspace('b-w').png().toFile(greyAlpha);
  const withAlpha = await readImage(greyAlpha);
  assert.deepEqual([withAlpha.channels, Array.from(withAlpha.pixels)], [2, [10, 20, 255, 0]]);
});
