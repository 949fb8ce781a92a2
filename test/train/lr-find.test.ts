// lrFind: an exponential sweep that stops when the loss explodes and leaves the model and the
// optimiser exactly as it found them (parameters, BatchNorm running stats, Adam moments, lr, steps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchLoader, PKSampler } from '../../src/data/index.ts';
import { AdaptiveConcatPool2d, BatchNorm2d, Conv2d, Flatten, Linear, ReLU, Sequential } from '../../src/nn/index.ts';
import { AdamW } from '../../src/optim/index.ts';
import { liveTensors, manualSeed, mean, setNumThreads, square, type Tensor } from '../../src/tensor/index.ts';
import type { MetricLoss } from '../../src/metric/index.ts';
import { Checkpointer, Learner, Recorder, lrFind, type Callback } from '../../src/train/index.ts';
import { assertSameState, differingTensors, stateBytes, tinyDataset, tinySetup, tinyShape } from './helpers/tiny-setup.ts';

setNumThreads(1); // tiny batches: a thread pool only adds hand-off cost on a shared machine

const optimizerBytes = (optimizer: AdamW): Map<string, Buffer> =>
  new Map([...optimizer.stateTensors()].map(([k, t]) => [k, Buffer.from(t.data().buffer.slice(0))]));

test('lrFind restores parameters, BatchNorm running stats, Adam moments, lr and step count bit for bit', async () => {
  const setup = tinySetup({ seed: 3 });
  const { learner, model, optimizer } = setup;
  await learner.fit(1); // a trained state: Adam moments and running stats away from their defaults
  const lrBefore = optimizer.groups.map((g) => ({ ...g.options }));
  const stepsBefore = optimizer.steps;
  const before = stateBytes(model);
  const momentsBefore = optimizerBytes(optimizer);
  assert.ok(momentsBefore.size > 0, 'the optimiser has state to restore');
  let during = new Map<string, Buffer>();
  const spy: Callback = { afterFit: (l) => void (during = stateBytes(l.model)) }; // runs inside the sweep, before the restore
  const tensors = liveTensors();

  // The spy is passed to the sweep: the learner's own callbacks do not see it.
  const result = await lrFind(learner, { startLr: 1e-4, endLr: 1, iterations: 10, callbacks: [spy] });

  assert.equal(result.lrs.length, 10);
  const moved = differingTensors(during, before);
  assert.ok(moved.some((n) => n.endsWith('.weight')), 'the sweep changed the weights');
  assert.ok(moved.includes('1.2.running_mean') && moved.includes('0.1.running_var'), `the sweep changed BN running stats: ${moved.join(', ')}`);
  assertSameState(stateBytes(model), before, 'after lrFind');
  assertSameState(optimizerBytes(optimizer), momentsBefore, 'Adam moments after lrFind');
  assert.equal(optimizer.steps, stepsBefore);
  assert.deepEqual(optimizer.groups.map((g) => g.options), lrBefore);
  assert.equal(liveTensors(), tensors, 'live tensors');
  setup.dispose();
});

test('lrFind on a fresh optimiser leaves it fresh: the next training step matches one that never saw the sweep', async () => {
  const swept = tinySetup({ seed: 5 });
  const fresh = tinySetup({ seed: 5 });
  await lrFind(swept.learner, { startLr: 1e-4, endLr: 10, iterations: 8 });
  assert.equal(swept.optimizer.stateTensors().size, 0, 'Adam moments left over from the sweep');
  assert.equal(swept.optimizer.steps, 0);
  for (const { learner } of [swept, fresh]) await learner.fit(1);
  assertSameState(stateBytes(swept.model), stateBytes(fresh.model), 'one epoch after lrFind vs without it');
  swept.dispose();
  fresh.dispose();
});

test('lrFind sweeps lr geometrically upward from startLr and stops early when the loss explodes (NaN)', async () => {
  const setup = tinySetup({ seed: 3 });
  const { lrs, losses, suggestions } = await lrFind(setup.learner, { startLr: 1e-5, endLr: 1e12, iterations: 40 });
  assert.equal(lrs.length, losses.length);
  assert.ok(lrs.length >= 5 && lrs.length < 40, `stopped after ${lrs.length} of 40`);
  assert.equal(lrs[0], 1e-5);
  // Constant ratio between steps: (1e12 / 1e-5)^(1/39).
  const ratio = (1e12 / 1e-5) ** (1 / 39);
  for (let i = 1; i < lrs.length; i++) {
    assert.ok(lrs[i]! > lrs[i - 1]!, `lr ${i} increases`);
    assert.ok(Math.abs(lrs[i]! / lrs[i - 1]! / ratio - 1) < 1e-9, `lr ratio at ${i}`);
  }
  assert.ok(!Number.isFinite(losses.at(-1)!), `the last loss exploded: ${losses.at(-1)}`);
  assert.ok(losses.slice(0, -1).every(Number.isFinite), 'every earlier loss was finite');
  for (const lr of Object.values(suggestions)) assert.ok(lr >= lrs[0]! / 10 && lr <= lrs.at(-1)!, `suggestion ${lr} within the sweep`);
  setup.dispose();
});

/** Pulls unnormalised outputs to zero: with an ever larger lr, Adam overshoots and the loss grows without bound. */
const noTuples = { activeFraction: 0, meanPositiveDistance: Number.NaN, meanNegativeDistance: Number.NaN, triplets: 0 };
const meanSquare: MetricLoss = { forward: (embeddings: Tensor) => ({ loss: mean(square(embeddings)), stats: noTuples }) };

test('lrFind stops once the smoothed loss passes divergeFactor × its minimum', async () => {
  manualSeed(11);
  const model = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4), new ReLU(), new AdaptiveConcatPool2d(), new Flatten(), new Linear(8, 4));
  const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });
  const dataset = tinyDataset(11);
  const loader = new BatchLoader(dataset, { sampler: new PKSampler(dataset, { identitiesPerBatch: 4, imagesPerIdentity: 3, seed: 11, batchesPerEpoch: 4 }), mean: [0.3], std: [0.3] });
  const learner = new Learner({ model, loss: meanSquare, loader, optimizer, shape: tinyShape, seed: 11 });
  const { losses } = await lrFind(learner, { startLr: 1e-4, endLr: 1e4, iterations: 60, divergeFactor: 4 });
  assert.ok(losses.length < 60, `stopped after ${losses.length} of 60`);
  assert.ok(losses.every(Number.isFinite), 'stopped before any NaN');
  const best = Math.min(...losses);
  assert.ok(losses.at(-1)! > 4 * best, `last ${losses.at(-1)} vs 4 × ${best}`);
  assert.ok(losses.slice(0, -1).every((l, i) => l <= 4 * Math.min(...losses.slice(0, i + 1))), 'no earlier point had diverged');
  optimizer.dispose();
  model.dispose();
});

// Known issue: lrFind calls learner.fit, which runs the learner's own callbacks too. When the sweep
// spans whole epochs (iterations > batchesPerEpoch) the run's Checkpointer writes last.ckpt and
// best.ckpt from the sweep's weights (a resume would load them), Validation and EarlyStopping see
// the sweep, and the run's Recorder keeps the sweep's losses.
test('lrFind keeps the sweep away from the run\'s callbacks (checkpoints, recorder)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-lrfind-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const recorder = new Recorder();
  const checkpointer = new Checkpointer({ dir });
  const setup = tinySetup({ seed: 3, callbacks: [recorder, checkpointer] });
  try {
    await lrFind(setup.learner, { startLr: 1e-4, endLr: 1, iterations: 10 }); // 4 batches per epoch: spans 2 epochs
    assert.equal(existsSync(checkpointer.lastPath), false, 'last.ckpt written from the sweep');
    assert.deepEqual(recorder.losses, [], 'the run\'s Recorder saw the sweep');
  } finally {
    setup.dispose();
  }
});
