import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../src/util/errors.ts';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';
import { splitByIdentity, splitQueryGallery } from '../../src/data/splits.ts';
import { subset } from '../../src/data/subset.ts';

/** 1×1×2 images whose first pixel is the index, so views can be traced back. */
function tiny(labels: number[], identities: string[]): InMemoryDataset {
  const pixels = new Uint8Array(labels.length * 2);
  labels.forEach((label, i) => pixels.set([i, label], i * 2));
  return new InMemoryDataset({ name: 'tiny', channels: 1, height: 1, width: 2, pixels, labels: Int32Array.from(labels), identities });
}

test('subset keeps identities and maps reads and sources to the parent', async () => {
  const data = tiny([0, 1, 2, 1, 0], ['a', 'b', 'c']);
  const view = subset(data, [4, 1]);
  assert.equal(view.length, 2);
  assert.deepEqual(Array.from(view.labels), [0, 1]);
  assert.equal(view.identities, data.identities);
  assert.deepEqual(Array.from(view.readSync!(0)), [4, 0]);
  assert.deepEqual(Array.from(await view.read(1)), [1, 1]);
  assert.equal(view.source(0), 'tiny/4');
  assert.throws(() => view.readSync!(2), ArgumentError);
  assert.throws(() => subset(data, [5]), ArgumentError);
});

test('splitByIdentity: held-out names go to heldOut, the rest to seen', () => {
  const labels = [7, 8, 9, 0, 1, 7, 3, 9, 9, 2];
  const data = tiny(labels, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const { seen, heldOut } = splitByIdentity(data, ['7', '8', '9']);
  assert.deepEqual(Array.from(heldOut.labels), [7, 8, 9, 7, 9, 9]);
  assert.deepEqual(Array.from(seen.labels), [0, 1, 3, 2]);
  assert.deepEqual(Array.from(seen.readSync!(2)), [6, 3]);
  assert.throws(() => splitByIdentity(data, ['42']), (e: unknown) => e instanceof ArgumentError && e.message.includes('"42"'));
});

test('splitQueryGallery: k per identity to the gallery, rest to query, seeded', () => {
  const labels = [0, 0, 0, 0, 1, 1, 2, 1, 0, 1];
  const data = tiny(labels, ['a', 'b', 'c']);
  const split = splitQueryGallery(data, { galleryPerIdentity: 2, seed: 5 });
  const galleryLabels = Array.from(split.gallery.labels).sort();
  assert.deepEqual(galleryLabels, [0, 0, 1, 1, 2]);
  assert.equal(split.query.length, data.length - 5);
  assert.deepEqual(split.galleryOnly, [2]);
  const indexOf = (view: typeof split.gallery): number[] => Array.from({ length: view.length }, (_, i) => view.readSync!(i)[0]!);
  const all = [...indexOf(split.gallery), ...indexOf(split.query)].sort((a, b) => a - b);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const again = splitQueryGallery(data, { galleryPerIdentity: 2, seed: 5 });
  assert.deepEqual(indexOf(again.gallery), indexOf(split.gallery));
  const seeds = new Set(Array.from({ length: 12 }, (_, seed) => indexOf(splitQueryGallery(data, { galleryPerIdentity: 2, seed }).gallery).join()));
  assert.ok(seeds.size > 1, 'different seeds enrol different images');
  assert.throws(() => splitQueryGallery(data, { galleryPerIdentity: 0, seed: 1 }), ArgumentError);
});
