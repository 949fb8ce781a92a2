// Loading a model bundle refuses what would make embeddings meaningless: non-finite weights,
// a model.json whose preprocessing cannot normalise (std 0, NaN mean, height 0), and a
// model.json that disagrees with the weights (dim, channels). Each error names the file and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingNet, stateDictToSafetensors } from '../../src/nn/index.ts';
import { manualSeed, setNumThreads } from '../../src/tensor/index.ts';
import { loadModelBundle, saveModelBundle, type Preprocessing } from '../../src/train/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { encodeSafetensors } from '../../src/util/safetensors.ts';

setNumThreads(1);

const preprocessing: Preprocessing = { channels: 1, height: 12, width: 12, mean: [0.3], std: [0.3], glyph: false };
const partial = { preprocessing, recipe: {}, seed: 5, trainedIdentities: [], metrics: {} };

async function bundle(t: { after(fn: () => void): void }): Promise<{ dir: string; model: EmbeddingNet }> {
  const root = mkdtempSync(join(tmpdir(), 'reid-bundle-checks-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  manualSeed(5);
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  t.after(() => model.dispose());
  const dir = join(root, 'model');
  await saveModelBundle(dir, model, partial);
  return { dir, model };
}

function editJson(dir: string, edit: (json: Record<string, any>) => void): string {
  const file = join(dir, 'model.json');
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(file, JSON.stringify(json));
  return file;
}

function refused(...patterns: (RegExp | string)[]): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof DataError, `expected a DataError but received ${String(error)}`);
    assert.doesNotMatch(error.message, /\n/);
    for (const p of patterns) {
      if (typeof p === 'string') assert.ok(error.message.includes(p), `${JSON.stringify(p)} not in: ${error.message}`);
      else assert.match(error.message, p);
    }
    return true;
  };
}

test('a bundle whose weights hold a NaN or an Infinity is refused, naming model.safetensors and the tensor', async (t) => {
  const { dir, model } = await bundle(t);
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
    const entries = stateDictToSafetensors(model.stateDict());
    (entries['1.4.weight']!.data as Float32Array)[7] = bad;
    const bytes = encodeSafetensors(entries);
    const weights = join(dir, 'model.safetensors');
    writeFileSync(weights, bytes);
    // A consistent fingerprint, so the finite check (not the fingerprint) is what refuses it.
    editJson(dir, (json) => { json.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16); });
    await assert.rejects(loadModelBundle(dir), refused(weights, '1.4.weight', String(bad)));
  }
});

test('model.json preprocessing that cannot normalise is refused, naming model.json and the field', async (t) => {
  const { dir } = await bundle(t);
  const cases: [string, (p: Record<string, any>) => void][] = [
    ['std', (p) => { p.std = [0]; }],
    ['std', (p) => { p.std = [-0.3]; }],
    ['std', (p) => { p.std = [null]; }], // how JSON stores NaN
    ['std', (p) => { p.std = []; }],
    ['mean', (p) => { p.mean = [null]; }],
    ['mean', (p) => { p.mean = ['0.3']; }],
    ['height', (p) => { p.height = 0; }],
    ['width', (p) => { p.width = 12.5; }],
    ['channels', (p) => { p.channels = -1; }],
  ];
  for (const [field, edit] of cases) {
    const file = editJson(dir, (json) => { json.preprocessing = { ...preprocessing }; edit(json.preprocessing); });
    await assert.rejects(loadModelBundle(dir), refused(file, field), field);
  }
  const file = editJson(dir, (json) => { json.preprocessing = { ...preprocessing }; json.dim = 0; });
  await assert.rejects(loadModelBundle(dir), refused(file, 'dim'));
});

test('a model.json whose dim or channels disagree with the weights is blamed on model.json, by field', async (t) => {
  const { dir } = await bundle(t);
  const dimFile = editJson(dir, (json) => { json.dim = 8; });
  await assert.rejects(loadModelBundle(dir), refused(dimFile, /dim 8/, /16/));
  const channelsFile = editJson(dir, (json) => { json.dim = 16; json.preprocessing = { ...preprocessing, channels: 3, mean: [0.3, 0.3, 0.3], std: [0.3, 0.3, 0.3] }; });
  await assert.rejects(loadModelBundle(dir), refused(channelsFile, /channels 3/, /1/));
  // Restored, it loads again: the checks do not refuse a good bundle.
  editJson(dir, (json) => { json.preprocessing = preprocessing; });
  const { model, config } = await loadModelBundle(dir);
  assert.equal(config.dim, 16);
  model.dispose();
});

test('model.json int8 ranges that are not a list of finite min ≤ max are refused, naming model.json and the entry', async (t) => {
  const { dir } = await bundle(t);
  const cases: [unknown, string][] = [
    ['512 images', 'quantization.activations'],
    [{ activations: [] }, 'quantization.activations'],
    [{ activations: [{ min: 0, max: 1 }, { min: 0, max: null }] }, 'quantization.activations[1]'],
    [{ activations: [{ min: 2, max: 1 }] }, 'quantization.activations[0]'],
  ];
  for (const [quantization, field] of cases) {
    const file = editJson(dir, (json) => { json.quantization = quantization; });
    await assert.rejects(loadModelBundle(dir), refused(file, field, 'reid quantize'), field);
  }
  editJson(dir, (json) => { json.quantization = { activations: [{ min: 0, max: 1 }], measuredOn: 'test' }; });
  const { model, config } = await loadModelBundle(dir);
  assert.deepEqual(config.quantization?.activations, [{ min: 0, max: 1 }]);
  model.dispose();
});

test('a model.json probability threshold outside (0, 1), or without a probability map, is refused, naming the entry', async (t) => {
  const { dir } = await bundle(t);
  const map = { kind: 'logistic', intercept: 1, slope: -2 };
  const cases: Record<string, unknown>[] = [
    { threshold: 0.5, target: 'f1', probability: map, probabilityThreshold: 1 },
    { threshold: 0.5, target: 'f1', probability: map, probabilityThreshold: Number.NaN }, // JSON null
    { threshold: 0.5, target: 'f1', probabilityThreshold: 0.3 },
  ];
  for (const calibration of cases) {
    const file = editJson(dir, (json) => { json.calibration = calibration; });
    await assert.rejects(loadModelBundle(dir), refused(file, 'calibration.probabilityThreshold', 'calibration.threshold'), JSON.stringify(calibration));
  }
  editJson(dir, (json) => { json.calibration = { threshold: 0.5, target: 'f1', precision: 1, recall: 1, queries: 1, calibratedAt: '', probability: map, probabilityThreshold: 0.3 }; });
  const { model, config } = await loadModelBundle(dir);
  assert.equal(config.calibration?.probabilityThreshold, 0.3);
  model.dispose();
});
