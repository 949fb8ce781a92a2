// The shipped pattern model (assets/models/pattern-general, scripts/train-pattern-model.ts): a photo
// network bundle with its held-out calibration and what it was trained on, found by name, and a
// starting point for `reid train --init pattern-general` on a user's catalogue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRecipe, initialModel, patternModelDir, resolveModelDir, trainRun } from '../../src/recipes/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { photoFolder } from './helpers/photo-fixture.ts';

setNumThreads(1);

const root = mkdtempSync(join(tmpdir(), 'reid-pattern-model-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('pattern-general: a photo network of a few MB, with its held-out calibration and what it was trained on', () => {
  assert.equal(resolveModelDir('pattern-general'), patternModelDir);
  const config = JSON.parse(readFileSync(join(patternModelDir, 'model.json'), 'utf8'));
  assert.equal(config.arch, 'photo');
  assert.equal(config.preprocessing.channels, 3);
  assert.match(config.trainedOn, /synthetic patterned individuals/);
  assert.ok(config.calibration.probability, 'a probability map fitted on held-out individuals');
  assert.match(config.calibration.fittedOn, /held out of training/);
  assert.ok(statSync(join(patternModelDir, 'model.safetensors')).size < 8 * 2 ** 20);
});

test('train --init pattern-general fine-tunes the shipped model on a folder of photos, recording where it started', { timeout: 180_000 }, async () => {
  const init = await initialModel({ init: 'pattern-general' });
  assert.equal(init.dir, patternModelDir);
  const size = init.bundle.config.preprocessing.height;
  init.bundle.model.dispose();
  const data = await photoFolder(join(root, 'photos'), 2, 3);
  const result = await trainRun({
    ...defaultRecipe, data: `folder:${data}`, init: 'pattern-general', epochs: 1, p: 2, k: 2, batchesPerEpoch: 1, validationLimit: 0, checkpointEvery: 0, seed: 3,
  }, { out: join(root, 'tuned'), quiet: true, log: () => {} });
  result.model.dispose();
  const config = JSON.parse(readFileSync(join(root, 'tuned', 'model.json'), 'utf8'));
  assert.equal(config.arch, 'photo');
  assert.equal(config.preprocessing.height, size);
  assert.equal(config.recipe.init.dir, patternModelDir);
  assert.match(config.recipe.init.trainedOn, /synthetic patterned individuals/);
});
