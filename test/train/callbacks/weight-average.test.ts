// WeightAverage: the average equals the warmed-up exponential moving average computed by a loop
// over the raw weights after every step; it travels in checkpoints, and a run that averages cannot
// resume from one that did not (or the other way round).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingNet, type Module } from '../../../src/nn/index.ts';
import { setNumThreads } from '../../../src/tensor/index.ts';
import { Checkpointer, WeightAverage, fitOneCycle, loadCheckpoint, type Callback, type Learner } from '../../../src/train/index.ts';
import { assertSameState, differingTensors, stateBytes, tinySetup } from '../helpers/tiny-setup.ts';

setNumThreads(1);

const floats = (model: Module): Map<string, Float64Array> =>
  new Map([...model.stateDict()].filter(([, t]) => t.dtype === 'float32').map(([name, t]) => [name, Float64Array.from(t.data() as Float32Array)]));

test('the average is the mean of the raw weights after each step, then their EMA, counters copied', { timeout: 60_000 }, async () => {
  const decay = 0.85; // 1 − 1/t passes it after step 6 of 12
  const snapshots: Map<string, Float64Array>[] = [];
  let average: WeightAverage<EmbeddingNet> | undefined;
  let initial: Map<string, Float64Array> | undefined;
  const snapshot: Callback = { order: 1, afterBatch: (learner: Learner) => void snapshots.push(floats(learner.model)) };
  const setup = tinySetup({
    seed: 5, batchesPerEpoch: 4,
    callbacks: (model) => {
      initial = floats(model);
      average = new WeightAverage({ model, average: new EmbeddingNet({ arch: 'small', dim: 16, dropout: 0.25 }), decay });
      return [average, snapshot];
    },
  });
  await fitOneCycle(setup.learner, 3, { maxLr: 5e-3 });
  assert.equal(snapshots.length, 12);

  // The loop: a_0 = the initial weights; a_t = d_t·a_{t-1} + (1 − d_t)·p_t, d_t = min(decay, 1 − 1/t).
  const expected = new Map([...initial!].map(([name, values]) => [name, Float64Array.from(values)]));
  snapshots.forEach((raw, i) => {
    const t = i + 1;
    const d = Math.min(decay, 1 - 1 / t);
    for (const [name, a] of expected) {
      const p = raw.get(name)!;
      for (let j = 0; j < a.length; j++) a[j] = d * a[j]! + (1 - d) * p[j]!;
    }
  });
  const actual = floats(average!.average);
  let worst = 0;
  for (const [name, a] of expected) {
    const got = actual.get(name)!;
    for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(got[j]! - a[j]!) / (1e-3 + Math.abs(a[j]!)));
  }
  assert.ok(worst < 1e-4, `largest relative difference from the loop: ${worst}`);
  // It is an average, not a copy: the weights after the last step differ from it.
  const last = snapshots.at(-1)!;
  assert.ok([...last].some(([name, p]) => p.some((v, j) => Math.abs(v - actual.get(name)![j]!) > 1e-6)), 'the average differs from the raw weights');
  const counter = (m: Module) => Number([...m.stateDict()].find(([n]) => n.endsWith('num_batches_tracked'))![1].data()[0]);
  assert.equal(counter(average!.average), counter(setup.model), 'BatchNorm counters are copied');
  assert.ok(counter(setup.model) > 0);
  setup.dispose();
  average!.average.dispose();
});

test('WeightAverage refuses a decay outside (0, 1) and a model of another shape', () => {
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  for (const decay of [0, 1, 1.5, Number.NaN]) {
    assert.throws(() => new WeightAverage({ model, average: new EmbeddingNet({ arch: 'small', dim: 16 }), decay }), /expected decay in \(0, 1\)/);
  }
  assert.throws(() => new WeightAverage({ model, average: new EmbeddingNet({ arch: 'small', dim: 8 }), decay: 0.9 }), /same architecture and embedding size/);
  model.dispose();
});

test('the average travels in checkpoints and resumes; checkpoints with and without one do not mix', { timeout: 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-average-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const averaged = (checkpointDir: string, extra: Callback[] = []) => {
    let average: WeightAverage<EmbeddingNet> | undefined;
    const setup = tinySetup({
      seed: 9, batchesPerEpoch: 4,
      callbacks: (model) => {
        average = new WeightAverage({ model, average: new EmbeddingNet({ arch: 'small', dim: 16, dropout: 0.25 }), decay: 0.8 });
        return [average, new Checkpointer({ dir: checkpointDir, average: average.average }), ...extra];
      },
    });
    return { setup, average: average! };
  };
  // A: two epochs straight through. B: the same schedule stopped after its first epoch's checkpoint;
  // C: a fresh setup (other initial weights) resumes B's last.ckpt and ends where A ends, average included.
  const a = averaged(join(dir, 'a'));
  await fitOneCycle(a.setup.learner, 2, { maxLr: 5e-3 });
  const stop: Callback = { order: 90, afterEpoch: (learner: Learner) => void (learner.stopRequested = true) };
  const b = averaged(join(dir, 'b'), [stop]);
  await fitOneCycle(b.setup.learner, 2, { maxLr: 5e-3 });
  const c = averaged(join(dir, 'c'));
  const { position } = await loadCheckpoint(join(dir, 'b', 'last.ckpt'), c.setup.model, c.setup.optimizer, undefined, c.average.average);
  assert.deepEqual(position, { epoch: 1, batch: 0, optimizerSteps: 4 });
  assert.ok(differingTensors(stateBytes(c.average.average), stateBytes(c.setup.model)).length > 0, 'the checkpoint holds two different sets of weights');
  c.setup.learner.startAt = { epoch: position.epoch, batch: position.batch };
  await fitOneCycle(c.setup.learner, 2, { maxLr: 5e-3 });
  assertSameState(stateBytes(c.setup.model), stateBytes(a.setup.model), 'raw weights, resumed vs uninterrupted');
  assertSameState(stateBytes(c.average.average), stateBytes(a.average.average), 'average, resumed vs uninterrupted');

  const plain = tinySetup({ seed: 9, callbacks: [new Checkpointer({ dir: join(dir, 'plain') })] });
  await fitOneCycle(plain.learner, 1, { maxLr: 5e-3 });
  await assert.rejects(loadCheckpoint(join(dir, 'plain', 'last.ckpt'), c.setup.model, c.setup.optimizer, undefined, c.average.average), /did not average its weights.*--fresh/);
  await assert.rejects(loadCheckpoint(join(dir, 'a', 'last.ckpt'), plain.model, plain.optimizer), /that averaged its weights.*--fresh/);
  for (const s of [a, b, c]) {
    s.setup.dispose();
    s.average.average.dispose();
  }
  plain.dispose();
});
