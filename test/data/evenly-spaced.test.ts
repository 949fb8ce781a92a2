import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evenlySpacedIdentitySubset, evenlySpacedIndices, evenlySpacedSubset } from '../../src/data/evenly-spaced.ts';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';

/** 6 identities × 5 images, 1×1 pixels holding the image's own index. */
const dataset = new InMemoryDataset({
  name: 'toy', channels: 1, height: 1, width: 1,
  pixels: Uint8Array.from({ length: 30 }, (_, i) => i),
  labels: Int32Array.from({ length: 30 }, (_, i) => Math.floor(i / 5)),
  identities: ['a', 'b', 'c', 'd', 'e', 'f'],
});

test('evenlySpacedIndices spreads count indices over the range from 0, and caps at the length', () => {
  assert.deepEqual([...evenlySpacedIndices(10, 4)], [0, 2, 5, 7]);
  assert.deepEqual([...evenlySpacedIndices(3, 8)], [0, 1, 2]);
  assert.deepEqual([...evenlySpacedIndices(0, 3)], []);
  assert.throws(() => evenlySpacedIndices(-1, 2), /length/);
});

test('evenlySpacedSubset caps images; evenlySpacedIdentitySubset keeps whole identities', () => {
  const images = evenlySpacedSubset(dataset, 6);
  assert.deepEqual(Array.from({ length: images.length }, (_, i) => images.readSync!(i)[0]), [0, 5, 10, 15, 20, 25]);
  // Capped by image, every identity keeps one image: nothing left to retrieve.
  assert.equal(new Set(images.labels).size, 6);
  const identities = evenlySpacedIdentitySubset(dataset, 15);
  assert.deepEqual([...new Set(identities.labels)], [0, 2, 4]);
  assert.equal(identities.length, 15);
  assert.equal(evenlySpacedIdentitySubset(dataset, 100), dataset);
  assert.deepEqual([...new Set(evenlySpacedIdentitySubset(dataset, 1).labels)], [0, 3], 'at least two identities');
  // Two images per identity at most: all six identities fit in 12 images, each keeping images 0 and 2 of its 5.
  const capped = evenlySpacedIdentitySubset(dataset, 12, { maxPerIdentity: 2 });
  assert.deepEqual(Array.from({ length: capped.length }, (_, i) => capped.readSync!(i)[0]), [0, 2, 5, 7, 10, 12, 15, 17, 20, 22, 25, 27]);
});
