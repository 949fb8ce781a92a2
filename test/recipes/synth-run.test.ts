import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDataset } from '../../src/data/open-dataset.ts';
import { synthRun } from '../../src/recipes/synth-run.ts';

test('synthRun writes OUT/<individual>/<k>.jpg and a manifest that folder: and csv: open with the right identities', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'reid-synth-')), 'cat');
  const progress: number[] = [];
  const result = await synthRun({ pattern: 'notches', individuals: 3, sightings: 2, out, first: 5, size: 64, onProgress: (done) => progress.push(done) });
  assert.deepEqual([result.images, result.written, result.removed], [6, 6, 0]);
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(readdirSync(out).sort(), ['manifest.csv', 'notches-5', 'notches-6', 'notches-7', 'synth.json']);
  assert.deepEqual(readdirSync(join(out, 'notches-6')).sort(), ['0.jpg', '1.jpg']);
  const folder = await openDataset(`folder:${out}`);
  assert.deepEqual(folder.train.identities, ['notches-5', 'notches-6', 'notches-7']);
  assert.equal(folder.train.length, 6);
  const csv = await openDataset(`csv:${join(out, 'manifest.csv')}`);
  assert.deepEqual(csv.train.identities, folder.train.identities);
  assert.deepEqual([...csv.train.labels], [0, 0, 1, 1, 2, 2]);
  assert.match(readFileSync(join(out, 'manifest.csv'), 'utf8'), /^path,identity,sighting\r?\nnotches-5\/0\.jpg,notches-5,0\r?\n/);
  assert.equal(JSON.parse(readFileSync(join(out, 'synth.json'), 'utf8')).complete, true);
});

test('a rerun with the same settings keeps the images; other settings redraw them and remove what the new set lacks; foreign directories are refused', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'reid-synth-')), 'cat');
  await synthRun({ pattern: 'spots', individuals: 3, sightings: 2, out, size: 64 });
  const before = statSync(join(out, 'spots-1', '1.jpg')).mtimeMs;
  const again = await synthRun({ pattern: 'spots', individuals: 3, sightings: 2, out, size: 64 });
  assert.deepEqual([again.written, again.removed], [0, 0]);
  assert.equal(statSync(join(out, 'spots-1', '1.jpg')).mtimeMs, before);
  const more = await synthRun({ pattern: 'spots', individuals: 4, sightings: 2, out, size: 64 });
  assert.deepEqual([more.written, more.removed], [2, 0], 'a larger set resumes: only the new individual is drawn');
  writeFileSync(join(out, 'spots-0', 'notes.txt'), 'mine');
  const other = await synthRun({ pattern: 'spots', individuals: 2, sightings: 1, out, size: 64, seed: 9 });
  assert.deepEqual([other.written, other.removed], [2, 6]);
  assert.deepEqual(readdirSync(out).sort(), ['manifest.csv', 'spots-0', 'spots-1', 'synth.json']);
  assert.deepEqual(readdirSync(join(out, 'spots-0')).sort(), ['0.jpg', 'notes.txt'], "the user's file stays");

  const foreign = mkdtempSync(join(tmpdir(), 'reid-synth-foreign-'));
  mkdirSync(join(foreign, 'holiday'));
  writeFileSync(join(foreign, 'photo.jpg'), 'x');
  await assert.rejects(synthRun({ pattern: 'spots', individuals: 2, sightings: 1, out: foreign, size: 64 }), /--out: expected a new or empty directory, or an existing synthetic catalogue/);
  await assert.rejects(synthRun({ pattern: 'spots', individuals: 2, sightings: 1, out, size: 64, quality: 0 }), /synthRun: expected an integer quality in \[1, 100\] but received 0/);
});
