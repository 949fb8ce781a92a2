// Checkpointer: last.ckpt every N batches within an epoch and at each epoch end (positions that
// point at the next batch to run), best.ckpt when the monitored metric improves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setNumThreads } from '../../../src/tensor/index.ts';
import { Checkpointer, loadCheckpoint, type Callback } from '../../../src/train/index.ts';
import { loadSafetensors } from '../../../src/util/safetensors.ts';
import { assertSameState, stateBytes, tinySetup } from '../helpers/tiny-setup.ts';

setNumThreads(1);

async function positionIn(file: string): Promise<string> {
  const { metadata } = await loadSafetensors(file);
  const p = JSON.parse(metadata.position!) as { epoch: number; batch: number; optimizerSteps: number };
  return `${p.epoch}:${p.batch}/${p.optimizerSteps}`;
}

test('last.ckpt is written every N batches inside an epoch and at its end; best.ckpt when the metric improves', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-checkpointer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const precision = [0.3, 0.5, 0.4];
  const checkpointer = new Checkpointer({ dir: join(dir, 'ckpt'), everyBatches: 2, monitor: 'precisionAt1' });
  const afterBatch: string[] = [];
  const afterEpoch: string[] = [];
  let bestAfterEpoch1 = new Map<string, Buffer>();
  const spy: Callback = {
    order: 90, // after the Checkpointer (80)
    afterBatch: async () => void afterBatch.push(existsSync(checkpointer.lastPath) ? await positionIn(checkpointer.lastPath) : '-'),
    afterEpoch: async (l) => {
      afterEpoch.push(`${await positionIn(checkpointer.lastPath)} best ${await positionIn(checkpointer.bestPath)}`);
      if (l.epoch === 1) bestAfterEpoch1 = stateBytes(l.model);
    },
  };
  const metrics: Callback = { order: 10, afterEpoch: (l) => void (l.metrics.precisionAt1 = precision[l.epoch]!) };
  const setup = tinySetup({ seed: 61, batchesPerEpoch: 5, callbacks: [checkpointer, spy, metrics] });
  await setup.learner.fit(3);

  // Batches 0..4 of each epoch: a checkpoint after batches 1 and 3 (next batch 2 and 4), none after the
  // last batch (the epoch end writes one for the next epoch).
  assert.deepEqual(afterBatch, [
    '-', '0:2/2', '0:2/2', '0:4/4', '0:4/4',
    '1:0/5', '1:2/7', '1:2/7', '1:4/9', '1:4/9',
    '2:0/10', '2:2/12', '2:2/12', '2:4/14', '2:4/14',
  ]);
  // Best: epochs 0 (0.3) and 1 (0.5) improve, epoch 2 (0.4) does not.
  assert.deepEqual(afterEpoch, ['1:0/5 best 1:0/5', '2:0/10 best 2:0/10', '3:0/15 best 2:0/10']);
  assert.equal(checkpointer.best, 0.5);
  assert.equal(checkpointer.bestEpoch, 1);

  const restored = tinySetup({ seed: 61, initSeed: 62 });
  const { position, info } = await loadCheckpoint(checkpointer.bestPath, restored.model, restored.optimizer);
  assert.deepEqual(position, { epoch: 2, batch: 0, optimizerSteps: 10 });
  assert.deepEqual(info, { metrics: { precisionAt1: 0.5 }, best: { value: 0.5, epoch: 1 } });
  assertSameState(stateBytes(restored.model), bestAfterEpoch1, 'best.ckpt holds the weights of epoch 1');
  setup.dispose();
  restored.dispose();
});

test('a resumed run keeps the best so far: a later, worse epoch does not replace best.ckpt', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-checkpointer-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const precision = [0.3, 0.5, 0.4];
  const metrics: Callback = { order: 10, afterEpoch: (l) => void (l.metrics.precisionAt1 = precision[l.epoch]!) };
  const first = new Checkpointer({ dir, monitor: 'precisionAt1', info: () => ({ note: 'kept' }) });
  const a = tinySetup({ seed: 63, batchesPerEpoch: 3, callbacks: [first, metrics] });
  await a.learner.fit(2); // stopped after epoch 1, the best (0.5)
  const bestBefore = await positionIn(first.bestPath);
  assert.equal(bestBefore, '2:0/6');

  const resumed = new Checkpointer({ dir, monitor: 'precisionAt1' });
  const b = tinySetup({ seed: 63, initSeed: 64, batchesPerEpoch: 3, callbacks: [resumed, metrics] });
  const { position, info } = await loadCheckpoint(resumed.lastPath, b.model, b.optimizer);
  assert.equal(info.note, 'kept');
  resumed.restore(info);
  assert.deepEqual([resumed.best, resumed.bestEpoch], [0.5, 1]);
  b.learner.startAt = { epoch: position.epoch, batch: position.batch };
  await b.learner.fit(3); // epoch 2 scores 0.4: not an improvement on 0.5
  assert.deepEqual([resumed.best, resumed.bestEpoch], [0.5, 1]);
  assert.equal(await positionIn(resumed.bestPath), bestBefore, 'best.ckpt still holds epoch 1');
  assert.equal(await positionIn(resumed.lastPath), '3:0/9');
  a.dispose();
  b.dispose();
});
