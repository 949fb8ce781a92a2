import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';
import { chooseValidationIdentities, validationSet } from '../../src/recipes/held-out-validation.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `id${i}`);

test('by default 10% of identities (3 to 300) are held out, none below 20 identities; a count is honoured', () => {
  assert.deepEqual(chooseValidationIdentities(names(10), 'auto'), []);
  assert.equal(chooseValidationIdentities(names(20), 'auto').length, 3);
  assert.equal(chooseValidationIdentities(names(500), 'auto').length, 50);
  assert.equal(chooseValidationIdentities(names(5000), 'auto').length, 300);
  assert.deepEqual(chooseValidationIdentities(names(10), 2), ['id2', 'id7']);
  assert.deepEqual(chooseValidationIdentities(names(10), 0), []);
  const held = chooseValidationIdentities(names(1000), 'auto');
  assert.equal(new Set(held).size, held.length, 'distinct');
  assert.ok(!held.includes('id0') && !held.includes('id999'));
});

function dataset(identities: number, per: number) {
  return new InMemoryDataset({
    name: 'toy', channels: 1, height: 1, width: 1, pixels: new Uint8Array(identities * per),
    labels: Int32Array.from({ length: identities * per }, (_, i) => Math.floor(i / per)), identities: names(identities),
  });
}

test('the validation set keeps every identity when it can, else whole identities of 20 images', () => {
  const digits = validationSet(dataset(10, 600), 2000);
  assert.equal(new Set(digits.labels).size, 10);
  assert.equal(digits.length, 2000);
  const strokes = validationSet(dataset(300, 25), 2000);
  assert.equal(strokes.length, 2000);
  assert.equal(new Set(strokes.labels).size, 100);
});
