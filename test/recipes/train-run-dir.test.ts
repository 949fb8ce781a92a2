// A training run's --out directory: refused when it is a file or someone else's directory; kept
// whole across runs (notes, train.jsonl, checkpoints); a finished run re-run with the same --out is
// not trained again, and its bundle still holds the best epoch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRecipe, trainRun, type TrainRecipe } from '../../src/recipes/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { loadModelBundle } from '../../src/train/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { glyphPngs } from './helpers/gallery-fixture.ts';

setNumThreads(1);

/** root/<class>/*.png: 4 identities of 6 images; 2 are held out, for a validation metric. */
async function glyphFolder(root: string): Promise<string> {
  const dir = join(root, 'data');
  for (const name of ['star', 'heart', 'triangle', 'spiral'] as const) await glyphPngs(join(dir, name), name, 6);
  return dir;
}

function tinyRecipe(data: string): TrainRecipe {
  return {
    ...defaultRecipe, data: `folder:${data}`, dim: 8, epochs: 3, p: 2, k: 3, batchesPerEpoch: 2, lr: 3e-3, holdout: ['triangle', 'spiral'],
    augment: false, validationLimit: 100, checkpointEvery: 0, seed: 13,
  };
}

const bestOf = (history: { metrics: Record<string, number> }[]): number => Math.max(...history.map((e) => e.metrics.precisionAt1!));

test('train refuses --out that is a file or a directory of other files, before any work', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-trainout-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const file = join(root, 'model.txt');
  await writeFile(file, 'not a directory');
  const recipe = { ...defaultRecipe, data: 'nosuch:spec' };
  await assert.rejects(trainRun(recipe, { out: file, quiet: true, log: () => {} }), (e: unknown) => e instanceof ArgumentError && /^--out: expected a directory for the model bundle or training run but .* is a file/.test(e.message));
  assert.equal(await readFile(file, 'utf8'), 'not a directory');
  const notes = join(root, 'notes');
  await mkdir(notes);
  await writeFile(join(notes, 'notes.txt'), 'mine');
  await assert.rejects(trainRun(recipe, { out: notes, quiet: true, log: () => {} }), /^ArgumentError: --out: expected a new or empty directory, or an existing model bundle or training run, but .* holds other files \(notes\.txt\)/);
  assert.deepEqual(await readdir(notes), ['notes.txt']);
});

test('a finished run re-run with the same --out is not trained again; its logs, checkpoints and a user file survive', { timeout: 240_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-trainout-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const recipe = tinyRecipe(await glyphFolder(root));
  const out = join(root, 'run');
  const first = await trainRun(recipe, { out, quiet: true, log: () => {} });
  assert.equal(first.history.length, 3);
  await writeFile(join(out, 'notes.txt'), 'mine');
  const jsonl = await readFile(join(out, 'train.jsonl'), 'utf8');
  const history = await readFile(join(out, 'history.json'), 'utf8');
  const lines: string[] = [];
  const again = await trainRun(recipe, { out, quiet: true, log: (line) => lines.push(line) });
  assert.ok(lines.some((l) => /already finished 3 epochs; not training again/.test(l)), lines.join('\n'));
  assert.equal(await readFile(join(out, 'train.jsonl'), 'utf8'), jsonl, 'no epoch ran: nothing appended to train.jsonl');
  assert.equal(await readFile(join(out, 'history.json'), 'utf8'), history, 'the history is the first run\'s, whole');
  assert.deepEqual(again.history, first.history);
  assert.equal(again.config.fingerprint, first.config.fingerprint, 'the same (best) weights');
  assert.deepEqual(again.config.metrics, first.config.metrics);
  assert.equal(again.config.metrics.precisionAt1, bestOf(first.history), 'the bundle holds the best epoch');
  assert.equal(await readFile(join(out, 'notes.txt'), 'utf8'), 'mine');
  assert.deepEqual((await readdir(join(out, 'checkpoints'))).sort(), ['best.ckpt', 'last.ckpt', 'recipe.json']);
  const bundle = await loadModelBundle(out);
  assert.equal(bundle.config.fingerprint, first.config.fingerprint);
  bundle.model.dispose();
  first.model.dispose();
  again.model.dispose();
});

test('re-running with more epochs resumes the run: the history is whole and the best epoch from before the resume is kept', { timeout: 240_000 }, async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'reid-trainout-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const recipe = tinyRecipe(await glyphFolder(root));
  const out = join(root, 'run');
  const two = await trainRun({ ...recipe, epochs: 2 }, { out, quiet: true, log: () => {} });
  const lines: string[] = [];
  const three = await trainRun(recipe, { out, quiet: true, log: (line) => lines.push(line) });
  assert.ok(lines.some((l) => /resuming from .*last\.ckpt at epoch 3, batch 0/.test(l)), lines.join('\n'));
  assert.deepEqual(three.history.map((e) => e.epoch), [0, 1, 2]);
  assert.deepEqual(three.history.slice(0, 2), two.history, 'the epochs before the resume are kept');
  assert.equal(three.losses.length, 6);
  assert.equal(three.config.metrics.precisionAt1, bestOf(three.history), 'the bundle holds the best of all three epochs');
  two.model.dispose();
  three.model.dispose();
});
