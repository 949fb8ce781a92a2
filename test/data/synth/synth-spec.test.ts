import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDataset, parseDatasetSpec } from '../../../src/data/open-dataset.ts';
import { SynthDataset } from '../../../src/data/synth/synth-dataset.ts';

test('synth:PATTERN:N and synth:PATTERN:FIRST-LAST parse, join with +, and bad forms name the accepted ones', () => {
  assert.deepEqual(parseDatasetSpec('synth:spots:300'), { kind: 'synth', pattern: 'spots', first: 0, count: 300 });
  assert.deepEqual(parseDatasetSpec('synth:notches:1000-1099'), { kind: 'synth', pattern: 'notches', first: 1000, count: 100 });
  assert.deepEqual(parseDatasetSpec('synth:spots:5+synth:stripes:5'), {
    kind: 'concat', parts: [{ kind: 'synth', pattern: 'spots', first: 0, count: 5 }, { kind: 'synth', pattern: 'stripes', first: 0, count: 5 }],
  });
  for (const bad of ['synth:', 'synth:spots', 'synth:spots:1', 'synth:dots:5', 'synth:spots:9-3', 'synth:5']) {
    assert.throws(() => parseDatasetSpec(bad), /synth:PATTERN:N .*spots, stripes, notches/, bad);
  }
});

test('a synth spec opens train and test splits of the same individuals with new sightings; RGB at the asked size', async () => {
  const opened = await openDataset('synth:stripes:10-12', { synthSightings: { train: 3, test: 2 }, synthImage: { size: 64 } });
  assert.deepEqual(opened.train.identities, ['stripes-10', 'stripes-11', 'stripes-12']);
  assert.deepEqual(opened.test!.identities, opened.train.identities);
  assert.deepEqual([opened.train.length, opened.test!.length], [9, 6]);
  assert.deepEqual([opened.train.channels, opened.train.height, opened.train.width], [3, 64, 64]);
  assert.deepEqual([...opened.train.labels], [0, 0, 0, 1, 1, 1, 2, 2, 2]);
  const fourthSighting = new SynthDataset({ pattern: 'stripes', individuals: 1, sightingsPerIndividual: 1, firstIndividual: 10, firstSighting: 3, size: 64 });
  assert.deepEqual(await opened.test!.read(0), fourthSighting.readSync(0));
  assert.equal(opened.test!.source(0), 'synth:stripes:seed0/10/3');
  const joined = await openDataset('synth:spots:2+synth:notches:2', { synthSightings: { train: 1, test: 1 }, synthImage: { size: 64 } });
  assert.deepEqual(joined.train.identities, ['spots-0', 'spots-1', 'notches-0', 'notches-1']);
  assert.ok(joined.train.readSync, 'joined synthetic sets still read synchronously');
});

test('the dataset keeps images it drew within its cache budget and draws the rest again identically', () => {
  const cached = new SynthDataset({ pattern: 'spots', individuals: 2, sightingsPerIndividual: 2, size: 64 });
  const uncached = new SynthDataset({ pattern: 'spots', individuals: 2, sightingsPerIndividual: 2, size: 64, cacheBytes: 0 });
  assert.equal(cached.readSync(3), cached.readSync(3), 'cached: the same array');
  assert.notEqual(uncached.readSync(3), uncached.readSync(3), 'uncached: drawn again');
  assert.deepEqual(uncached.readSync(3), cached.readSync(3));
  assert.throws(() => cached.readSync(4), /index/);
});
