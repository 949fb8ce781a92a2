// Saving a model bundle writes its two files inside the directory (other files stay) with the
// weights' rename as the commit point: a save stopped on either side of it loads as one whole
// bundle, the old or the new, because the new config is staged before the weights land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setNumThreads } from '../../src/tensor/index.ts';
import { loadModelBundle, saveModelBundle, type Preprocessing } from '../../src/train/index.ts';
import { tinySetup } from './helpers/tiny-setup.ts';

setNumThreads(1);

const preprocessing: Preprocessing = { channels: 1, height: 12, width: 12, mean: [0.3], std: [0.3], glyph: false };
const partial = { preprocessing, recipe: {}, seed: 1, trainedIdentities: [], metrics: {} };

test('saving over a bundle keeps files reid did not write, and leaves no staged or temp files', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-save-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'model');
  mkdirSync(dir);
  writeFileSync(join(dir, 'notes.txt'), 'mine');
  const a = tinySetup({ seed: 1 });
  await saveModelBundle(dir, a.model, partial);
  const b = tinySetup({ seed: 2 });
  const saved = await saveModelBundle(dir, b.model, partial);
  assert.deepEqual(readdirSync(dir).sort(), ['model.json', 'model.safetensors', 'notes.txt']);
  assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'mine');
  const loaded = await loadModelBundle(dir);
  assert.equal(loaded.config.fingerprint, saved.fingerprint);
  loaded.model.dispose();
  a.dispose();
  b.dispose();
});

test('a save stopped before or after its commit point loads the old or the new bundle whole', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-save-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const a = tinySetup({ seed: 3 });
  const b = tinySetup({ seed: 4 });
  const oldConfig = await saveModelBundle(join(root, 'a'), a.model, partial);
  const newConfig = await saveModelBundle(join(root, 'b'), b.model, partial);
  const dir = join(root, 'stopped');
  mkdirSync(dir);
  // Stopped after staging the new config, before the new weights: still the old bundle.
  copyFileSync(join(root, 'a', 'model.json'), join(dir, 'model.json'));
  copyFileSync(join(root, 'a', 'model.safetensors'), join(dir, 'model.safetensors'));
  copyFileSync(join(root, 'b', 'model.json'), join(dir, '.model.json.next'));
  const before = await loadModelBundle(dir);
  assert.equal(before.config.fingerprint, oldConfig.fingerprint);
  before.model.dispose();
  // Stopped after the new weights were renamed in, before model.json: the staged config describes them.
  copyFileSync(join(root, 'b', 'model.safetensors'), join(dir, 'model.safetensors'));
  const after = await loadModelBundle(dir);
  assert.equal(after.config.fingerprint, newConfig.fingerprint);
  after.model.dispose();
  // Without the staged config the mix is refused, as before.
  rmSync(join(dir, '.model.json.next'));
  await assert.rejects(loadModelBundle(dir), /does not match the fingerprint/);
  a.dispose();
  b.dispose();
});
