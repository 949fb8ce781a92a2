// saveCheckpoint / loadCheckpoint: weights, Adam moments (with their step counts) and the run
// position survive the round trip, and bad files are refused with a DataError naming them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveStateDict } from '../../src/nn/index.ts';
import { liveTensors, setNumThreads } from '../../src/tensor/index.ts';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { assertSameState, stateBytes, tinySetup } from './helpers/tiny-setup.ts';

setNumThreads(1);

const optimizerBytes = (setup: ReturnType<typeof tinySetup>): Map<string, Buffer> =>
  new Map([...setup.optimizer.stateTensors()].map(([k, t]) => [k, Buffer.from(t.data().buffer.slice(0))]));

test('a checkpoint round trip restores weights, buffers, Adam moments, step count and position; training then continues identically', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-ckpt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'run.ckpt');
  const trained = tinySetup({ seed: 21 });
  await trained.learner.fit(1);
  const position = { epoch: 1, batch: 0, optimizerSteps: trained.optimizer.steps };
  assert.equal(position.optimizerSteps, 4);
  await saveCheckpoint(file, trained.model, trained.optimizer, position, { note: 'after one epoch', metrics: { precisionAt1: 0.5 } });

  const restored = tinySetup({ seed: 21, initSeed: 22 }); // other initial weights, no optimiser state yet
  assert.equal(restored.optimizer.stateTensors().size, 0);
  const loaded = await loadCheckpoint(file, restored.model, restored.optimizer);
  assert.deepEqual(loaded.position, position);
  assert.deepEqual(loaded.info, { note: 'after one epoch', metrics: { precisionAt1: 0.5 } });
  assertSameState(stateBytes(restored.model), stateBytes(trained.model), 'model after load');
  assertSameState(optimizerBytes(restored), optimizerBytes(trained), 'Adam moments after load');
  assert.equal(restored.optimizer.stateTensors().size, 2 * trained.model.parameters().length);
  assert.equal(restored.optimizer.steps, 4);

  // Loading again replaces the state in place: no tensors are left behind.
  const tensors = liveTensors();
  await loadCheckpoint(file, restored.model, restored.optimizer);
  assert.equal(liveTensors(), tensors, 'live tensors after a second load');

  // Adam's bias correction depends on each parameter's step count: a second epoch matches only if it was restored too.
  for (const { learner } of [trained, restored]) {
    learner.startAt = { epoch: loaded.position.epoch, batch: loaded.position.batch };
    await learner.fit(2);
  }
  assertSameState(stateBytes(restored.model), stateBytes(trained.model), 'after one more epoch each');
  assert.equal(restored.optimizer.steps, 8);
  trained.dispose();
  restored.dispose();
});

test('loadCheckpoint refuses a missing file and a plain weights file with a DataError naming the file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-ckpt-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const setup = tinySetup({ seed: 23 });
  const before = stateBytes(setup.model);
  const missing = join(dir, 'nope', 'last.ckpt');
  await assert.rejects(loadCheckpoint(missing, setup.model, setup.optimizer), (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    assert.ok(error.message.includes(missing), error.message);
    assert.equal(error.file, missing);
    return true;
  });
  // Weights alone (no "model." prefix, no position): named as "not a checkpoint", and the model is untouched.
  const weights = join(dir, 'model.safetensors');
  await saveStateDict(weights, setup.model.stateDict());
  await assert.rejects(loadCheckpoint(weights, setup.model, setup.optimizer), (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    assert.match(error.message, /"position"/);
    assert.ok(error.message.includes(weights), error.message);
    return true;
  });
  assertSameState(stateBytes(setup.model), before, 'model after refused loads');
  setup.dispose();
});
