// Model bundles: save → load gives the same network (same embeddings, bit for bit) and config;
// a modified weights file, a missing model.json or a foreign model.json is refused with a DataError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setNumThreads } from '../../src/tensor/index.ts';
import { embedPixels, loadModelBundle, modelFingerprint, saveModelBundle, type Preprocessing } from '../../src/train/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { assertSameState, stateBytes, tinyDataset, tinySetup } from './helpers/tiny-setup.ts';

setNumThreads(1);

const preprocessing: Preprocessing = { channels: 1, height: 12, width: 12, mean: [0.3], std: [0.3], glyph: false };
const partial = { preprocessing, recipe: { loss: 'triplet', epochs: 1 }, seed: 41, trainedIdentities: ['id0', 'id1', 'id2', 'id3'], metrics: { precisionAt1: 0.75 } };

function rejectsWith(pattern: RegExp, file?: string): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof DataError, `expected a DataError but received ${String(error)}`);
    assert.match(error.message, pattern);
    if (file !== undefined) assert.ok(error.message.includes(file), error.message);
    return true;
  };
}

test('saveModelBundle → loadModelBundle: same state, same embeddings bit for bit, config kept', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const setup = tinySetup({ seed: 41 });
  await setup.learner.fit(1); // BN running stats away from their defaults: the bundle must carry buffers
  const dir = join(root, 'model');
  const saved = await saveModelBundle(dir, setup.model, partial);
  assert.equal(saved.fingerprint, modelFingerprint(setup.model));
  assert.match(saved.fingerprint, /^[0-9a-f]{16}$/);

  const { model, config } = await loadModelBundle(dir);
  assert.deepEqual(config, saved);
  assert.equal(config.arch, 'small');
  assert.equal(config.dim, 16);
  assert.deepEqual(config.trainedIdentities, partial.trainedIdentities);
  assertSameState(stateBytes(model), stateBytes(setup.model), 'loaded bundle');
  assert.equal(modelFingerprint(model), saved.fingerprint);

  const dataset = tinyDataset(42);
  const images = Array.from({ length: 6 }, (_, i) => dataset.readSync(i * 4));
  const expected = embedPixels(setup.model, images, preprocessing);
  const actual = embedPixels(model, images, preprocessing);
  assert.equal(actual.dim, 16);
  assert.deepEqual(actual.embeddings, expected.embeddings);
  assert.ok(expected.embeddings.some((v) => v !== 0));

  // Saving again over the same directory replaces it whole.
  await setup.learner.fit(1); // another epoch: other weights
  const replaced = await saveModelBundle(dir, setup.model, partial);
  assert.notEqual(replaced.fingerprint, saved.fingerprint);
  assert.equal((await loadModelBundle(dir)).config.fingerprint, replaced.fingerprint);
  model.dispose();
  setup.dispose();
});

test('a model.safetensors with one byte flipped is refused: it no longer matches the fingerprint', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const setup = tinySetup({ seed: 43 });
  const dir = join(root, 'model');
  const { fingerprint } = await saveModelBundle(dir, setup.model, partial);
  const weights = join(dir, 'model.safetensors');
  const bytes = readFileSync(weights);
  bytes[bytes.length - 5]! ^= 0x01; // inside the last tensor's data: still a valid safetensors file
  writeFileSync(weights, bytes);
  await assert.rejects(loadModelBundle(dir), rejectsWith(/fingerprint/, weights));
  await assert.rejects(loadModelBundle(dir), rejectsWith(new RegExp(fingerprint)));
  setup.dispose();
});

test('a directory without model.json, or with a model.json of another kind, is refused with a clear DataError', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await assert.rejects(loadModelBundle(empty), rejectsWith(/model bundle/, join(empty, 'model.json')));
  await assert.rejects(loadModelBundle(join(root, 'absent')), rejectsWith(/missing/, join(root, 'absent', 'model.json')));

  const setup = tinySetup({ seed: 44 });
  const dir = join(root, 'model');
  await saveModelBundle(dir, setup.model, partial);
  const json = join(dir, 'model.json');
  rmSync(json);
  await assert.rejects(loadModelBundle(dir), rejectsWith(/missing/, json));
  writeFileSync(json, '{"format": "something-else"}');
  await assert.rejects(loadModelBundle(dir), rejectsWith(/"format": "reid-model"/, json));
  writeFileSync(json, '{ not json');
  await assert.rejects(loadModelBundle(dir), rejectsWith(/not valid JSON/, json));
  setup.dispose();
});
