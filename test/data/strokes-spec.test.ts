import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDataset, parseDatasetSpec } from '../../src/data/open-dataset.ts';
import { concatDatasets } from '../../src/data/concat-datasets.ts';
import { StrokeDataset } from '../../src/data/strokes/stroke-dataset.ts';

test('strokes:N and strokes:FIRST-LAST parse; bad forms are refused with the accepted forms', () => {
  assert.deepEqual(parseDatasetSpec('strokes:300'), { kind: 'strokes', first: 0, count: 300 });
  assert.deepEqual(parseDatasetSpec('strokes:1000-1099'), { kind: 'strokes', first: 1000, count: 100 });
  assert.deepEqual(parseDatasetSpec('mnist+strokes:50'), { kind: 'concat', parts: [{ kind: 'mnist' }, { kind: 'strokes', first: 0, count: 50 }] });
  for (const bad of ['strokes:', 'strokes:1', 'strokes:abc', 'strokes:9-3']) assert.throws(() => parseDatasetSpec(bad), /strokes:N/);
  // A folder path with a '+' in it stays a folder.
  assert.deepEqual(parseDatasetSpec('folder:/data/a+b'), { kind: 'folder', dir: '/data/a+b' });
});

test('a strokes spec opens train and test splits of the same identities with different sightings', async () => {
  const opened = await openDataset('strokes:10-13', { strokeSightings: { train: 3, test: 2 } });
  assert.deepEqual(opened.train.identities, ['stroke-10', 'stroke-11', 'stroke-12', 'stroke-13']);
  assert.deepEqual(opened.test!.identities, opened.train.identities);
  assert.equal(opened.train.length, 12);
  assert.equal(opened.test!.length, 8);
  const sameAsThirdSighting = new StrokeDataset({ identities: 1, sightingsPerIdentity: 1, firstSighting: 3, firstIdentity: 10, seed: 0 });
  assert.deepEqual([...opened.test!.readSync!(0)], [...sameAsThirdSighting.readSync(0)]);
});

test('joined sources keep every image and offset the labels; clashing names or shapes are refused', async () => {
  const opened = await openDataset('glyphs:star,heart+strokes:4', { glyphsPerClass: { train: 2, test: 1 }, strokeSightings: { train: 3, test: 1 } });
  assert.equal(opened.train.length, 2 * 2 + 4 * 3);
  assert.deepEqual(opened.train.identities, ['star', 'heart', 'stroke-0', 'stroke-1', 'stroke-2', 'stroke-3']);
  assert.deepEqual([...opened.train.labels.slice(3, 8)], [1, 2, 2, 2, 3]);
  const strokes = new StrokeDataset({ identities: 4, sightingsPerIdentity: 3, seed: 0 });
  assert.deepEqual([...opened.train.readSync!(5)], [...strokes.readSync(1)]);
  assert.equal(opened.train.source(4), strokes.source(0).replace('strokes:4', 'strokes:4:train'));
  assert.throws(() => concatDatasets([strokes, strokes]), /distinct identity names.*stroke-0/);
});

test('mnist:DIGITS keeps those digits only, relabelled, in both splits; bad forms are refused', async () => {
  assert.deepEqual(parseDatasetSpec('mnist:0-6'), { kind: 'mnist', digits: ['0', '1', '2', '3', '4', '5', '6'] });
  assert.deepEqual(parseDatasetSpec('mnist:7,2,2-3'), { kind: 'mnist', digits: ['2', '3', '7'] });
  assert.deepEqual(parseDatasetSpec('mnist:0-6+strokes:5'), { kind: 'concat', parts: [{ kind: 'mnist', digits: ['0', '1', '2', '3', '4', '5', '6'] }, { kind: 'strokes', first: 0, count: 5 }] });
  for (const bad of ['mnist:', 'mnist:a', 'mnist:6-2', 'mnist:10', 'mnist:1;2']) assert.throws(() => parseDatasetSpec(bad), /expected mnist:DIGITS, digits 0-9 as a range or a list/, bad);
  const all = await openDataset('mnist');
  const kept = await openDataset('mnist:3,8');
  assert.deepEqual(kept.train.identities, ['3', '8']);
  assert.deepEqual(kept.test!.identities, ['3', '8']);
  // Every 3 and 8 of the full set, in order, with labels 0 and 1.
  for (const [mine, theirs] of [[kept.train, all.train], [kept.test!, all.test!]] as const) {
    const rows = Array.from(theirs.labels.keys()).filter((i) => theirs.identities[theirs.labels[i]!] === '3' || theirs.identities[theirs.labels[i]!] === '8');
    assert.equal(mine.length, rows.length);
    for (const i of [0, 1, mine.length - 1]) {
      assert.equal(mine.identities[mine.labels[i]!], theirs.identities[theirs.labels[rows[i]!]!]);
      assert.deepEqual([...(await mine.read(i))], [...(await theirs.read(rows[i]!))]);
    }
  }
});
