// A photo catalogue trains with no flags (RGB, photo network, recorded in model.json), and
// `train --init MODEL` starts from that bundle's weights with its network, embedding size and
// preprocessing, records where it started, and refuses an --arch, --dim or --image-size that differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRecipe, initialModel, trainRun, type TrainRecipe } from '../../src/recipes/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { loadModelBundle } from '../../src/train/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { photoFolder } from './helpers/photo-fixture.ts';

setNumThreads(1);

const root = mkdtempSync(join(tmpdir(), 'reid-init-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { quiet: true, log: () => {} };

const tiny = (data: string, extra: Partial<TrainRecipe> = {}): TrainRecipe => ({
  ...defaultRecipe, data: `folder:${data}`, dim: 8, imageSize: 96, epochs: 1, p: 2, k: 2, batchesPerEpoch: 1, augment: true,
  validationLimit: 0, checkpointEvery: 0, seed: 3, ...extra,
});

let first: string;

test('a folder of colour photographs trains with no flags: RGB at --image-size, the photo network, photo augmentations, all in model.json', { timeout: 120_000 }, async () => {
  const data = await photoFolder(join(root, 'photos'), 2, 3);
  first = join(root, 'first');
  const lines: string[] = [];
  const result = await trainRun(tiny(data), { out: first, quiet: true, log: (l) => lines.push(l) });
  assert.ok(lines.some((l) => /^photo data \(colour images of 40-48 px, 6 probed, --image-size 96\): 3×96×96, arch photo, dim 8, photo augmentations$/.test(l)), lines.join('\n'));
  assert.equal(result.history.length, 1);
  assert.ok(Number.isFinite(result.history[0]!.trainLoss));
  result.model.dispose();
  const config = JSON.parse(readFileSync(join(first, 'model.json'), 'utf8'));
  assert.equal(config.arch, 'photo');
  assert.equal(config.dim, 8);
  assert.deepEqual(config.preprocessing, { channels: 3, height: 96, width: 96, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false });
  assert.equal(config.recipe.dataKind, 'photo');
  assert.equal(config.recipe.augmentPreset, 'photo');
  assert.equal(config.recipe.imageSize, 96);
});

test('--init starts from the bundle (weights, network, dim, preprocessing) and records it; the result reloads', { timeout: 120_000 }, async () => {
  const data = join(root, 'photos');
  const start = await loadModelBundle(first);
  const out = join(root, 'tuned');
  // A vanishing learning rate: the convolutions stay the bundle's, so they must have been loaded.
  const lines: string[] = [];
  const result = await trainRun({ ...tiny(data), dim: undefined, imageSize: undefined, init: first, lr: 1e-12, weightDecay: 0, seed: 4 }, { out, quiet: true, log: (l) => lines.push(l) });
  assert.ok(lines.some((l) => l.includes(`starting from ${first} (fingerprint ${start.config.fingerprint})`)), lines.join('\n'));
  const tuned = await loadModelBundle(out);
  assert.equal(tuned.config.arch, 'photo');
  assert.equal(tuned.config.dim, 8);
  assert.deepEqual(tuned.config.preprocessing, start.config.preprocessing);
  assert.deepEqual(tuned.config.recipe.init, { dir: first, fingerprint: start.config.fingerprint, trainedOn: start.config.trainedOn });
  const weights = (m: typeof start.model) => new Map(m.namedParameters().map(([n, p]) => [n, p.data<'float32'>()]));
  const [a, b] = [weights(start.model), weights(tuned.model)];
  for (const name of ['0.0.weight', '0.7.0.conv2.weight', '1.4.weight']) {
    const x = a.get(name)!;
    const y = b.get(name)!;
    let worst = 0;
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
    assert.ok(worst < 1e-6, `${name}: moved by ${worst}`);
  }
  for (const m of [start.model, tuned.model, result.model]) m.dispose();
});

test('--init refuses an --arch, --dim or --image-size other than the model\'s, before any work', async () => {
  const refused = (recipe: Parameters<typeof initialModel>[0], pattern: RegExp) =>
    assert.rejects(initialModel(recipe), (e: unknown) => e instanceof ArgumentError && pattern.test(e.message));
  await refused({ init: first, arch: 'small' }, /^--init: expected --arch photo \(the model .*first has it\) or no --arch but received --arch small\. Hint:/);
  await refused({ init: first, dim: 32 }, /^--init: expected --dim 8 .* but received --dim 32/);
  await refused({ init: first, imageSize: 128 }, /^--init: expected --image-size 96 .* but received --image-size 128/);
  const same = await initialModel({ init: first, arch: 'photo', dim: 8, imageSize: 96 });
  same.bundle.model.dispose();
  await assert.rejects(trainRun({ ...tiny(join(root, 'photos')), init: first, dim: 16 }, { out: join(root, 'never'), ...quiet }), /--init: expected --dim 8/);
  await assert.rejects(initialModel({ init: join(root, 'nothing-here') }), /model\.json/);
});
