import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { exportPngs } from '../../src/data/export-pngs.ts';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';
import { openDataset, parseDatasetSpec } from '../../src/data/open-dataset.ts';

const temp = (): string => mkdtempSync(join(tmpdir(), 'reid-export-'));

function tiny(name: string, labels: number[]): InMemoryDataset {
  const pixels = Uint8Array.from({ length: labels.length * 6 }, (_, i) => (i * 29) % 256);
  return new InMemoryDataset({ name, channels: 1, height: 2, width: 3, pixels, labels: Int32Array.from(labels), identities: ['cat', 'dog', 'eel'] });
}

test('exportPngs writes training/<label>/<n>.png and testing/<label>/<n>.png, readable back as a folder dataset', async () => {
  const out = temp();
  const training = tiny('train', [0, 1, 0, 2]);
  const testing = tiny('test', [1, 1]);
  const progress: number[] = [];
  const written = await exportPngs({ training, testing }, out, { onProgress: (done) => progress.push(done) });
  assert.equal(written, 6);
  assert.deepEqual(progress.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(readdirSync(join(out, 'training')).sort(), ['cat', 'dog', 'eel']);
  assert.deepEqual(readdirSync(join(out, 'training', 'cat')).sort(), ['0.png', '2.png']);
  assert.deepEqual(readdirSync(join(out, 'testing')), ['dog']);
  const { data, info } = await sharp(join(out, 'training', 'eel', '3.png')).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([info.width, info.height], [3, 2]);
  const grey = Array.from({ length: 6 }, (_, p) => data[p * info.channels]!);
  assert.deepEqual(grey, Array.from(training.readSync(3)));
  const reopened = await openDataset(`folder:${join(out, 'training')}`, { channels: 1, height: 2, width: 3 });
  assert.deepEqual(reopened.train.identities, ['cat', 'dog', 'eel']);
  assert.deepEqual(Array.from(await reopened.train.read(3)), Array.from(training.readSync(3)));
  const unsafe = new InMemoryDataset({ name: 'u', channels: 1, height: 1, width: 1, pixels: new Uint8Array(1), labels: new Int32Array(1), identities: ['../up'] });
  await assert.rejects(exportPngs({ training: unsafe }, out), ArgumentError);
});

test('parseDatasetSpec knows every form and rejects the rest', () => {
  assert.deepEqual(parseDatasetSpec('mnist'), { kind: 'mnist' });
  assert.deepEqual(parseDatasetSpec('idx:/data/fashion'), { kind: 'idx', dir: '/data/fashion' });
  assert.deepEqual(parseDatasetSpec('folder:C:/x'), { kind: 'folder', dir: 'C:/x' });
  assert.deepEqual(parseDatasetSpec('csv:whales.csv'), { kind: 'csv', file: 'whales.csv' });
  assert.equal(parseDatasetSpec('glyphs').kind, 'glyphs');
  assert.deepEqual(parseDatasetSpec('glyphs:star, heart'), { kind: 'glyphs', classes: ['star', 'heart'] });
  for (const bad of ['cifar', 'folder:', 'glyphs:star,dragon', 'mnist:extra', '']) {
    assert.throws(() => parseDatasetSpec(bad), (e: unknown) => e instanceof ArgumentError && e.message.includes('parseDatasetSpec'), bad);
  }
});

test('openDataset: mnist, glyphs and csv splits', async () => {
  const mnist = await openDataset('mnist');
  assert.deepEqual([mnist.train.length, mnist.test?.length], [60000, 10000]);
  const glyphs = await openDataset('glyphs:star,moon', { glyphsPerClass: { train: 3, test: 2 }, glyphSeed: 4 });
  assert.deepEqual([glyphs.train.length, glyphs.test?.length], [6, 4]);
  assert.deepEqual(glyphs.train.identities, ['star', 'moon']);
  assert.notDeepEqual(await glyphs.train.read(0), await glyphs.test!.read(0));
  const root = temp();
  mkdirSync(join(root, 'img'));
  for (const name of ['a', 'b', 'c']) {
    await sharp({ create: { width: 4, height: 4, channels: 3, background: 'white' } }).png().toFile(join(root, 'img', `${name}.png`));
  }
  writeFileSync(join(root, 'm.csv'), 'path,identity,split\nimg/a.png,x,train\nimg/b.png,y,test\nimg/c.png,x,gallery\n');
  const csv = await openDataset(`csv:${join(root, 'm.csv')}`, { height: 4, width: 4 });
  assert.deepEqual(Object.keys(csv.splits).sort(), ['gallery', 'test', 'train']);
  assert.equal(csv.test?.length, 1);
  writeFileSync(join(root, 'no-train.csv'), 'path,identity,split\nimg/a.png,x,query\n');
  await assert.rejects(openDataset(`csv:${join(root, 'no-train.csv')}`), (e: unknown) => e instanceof DataError && e.message.includes('no-train.csv'));
});
