// `reid train` records the int8 engine's activation ranges in the bundle, measured on its training
// images; `reid quantize` on the same images measures the same ranges and leaves the weights alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRecipe, trainRun, type TrainRecipe } from '../../src/recipes/train-run.ts';
import { quantizeRun } from '../../src/recipes/quantize-run.ts';
import { loadModelBundle } from '../../src/train/index.ts';

const recipe: TrainRecipe = {
  ...defaultRecipe, data: 'glyphs:star,heart,triangle', dim: 16, epochs: 1, batchesPerEpoch: 3, p: 3, k: 4,
  validationLimit: 0, checkpointEvery: 0, augment: false,
};

test('a trained bundle carries int8 ranges from its training images; reid quantize on them measures the same', { timeout: 300_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'reid-quantize-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const { config, model } = await trainRun(recipe, { out, quiet: true, log: () => {} });
  model.dispose();
  const q = config.quantization!;
  assert.equal(q.activations.length, 4, 'the small CNN has four convolution taps');
  assert.match(q.measuredOn, /glyphs:star,heart,triangle/);
  // Every tap follows a ReLU: it starts at 0 and something in it is positive.
  for (const r of q.activations) {
    assert.equal(r.min, 0);
    assert.ok(r.max > 0);
  }
  const before = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  const again = await quantizeRun({ modelDir: out, data: 'glyphs:star,heart,triangle', split: 'train', images: 512 });
  assert.deepEqual(again.activations, q.activations);
  const after = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
  assert.equal(after.fingerprint, before.fingerprint);
  assert.deepEqual({ ...after, quantization: undefined }, { ...before, quantization: undefined }, 'only the ranges were rewritten');
  const reloaded = await loadModelBundle(out);
  assert.deepEqual(reloaded.config.quantization?.activations, q.activations);
  reloaded.model.dispose();
});
