// The Learner's loop: the closed list of events in order, callbacks sorted by `order`, stopping,
// resuming at a position, EarlyStopping fed from learner.metrics, the one-cycle schedule per
// batch, and no tensor left behind once warmed up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { oneCycle } from '../../src/optim/index.ts';
import { liveTensors, setNumThreads } from '../../src/tensor/index.ts';
import { EarlyStopping, Recorder, Validation, fitOneCycle, type Callback, type Learner, type TrainEvent } from '../../src/train/index.ts';
import { tinyDataset, tinySetup } from './helpers/tiny-setup.ts';

setNumThreads(1);

/** Logs every event as "event epoch:batch" (batch only for batch events), with an optional tag. */
class EventLog implements Callback {
  readonly log: string[] = [];
  constructor(readonly order = 0, private readonly tag = '', private readonly into?: string[]) {}

  private note(event: TrainEvent, learner: Learner): void {
    const at = event.endsWith('Batch') ? ` ${learner.epoch}:${learner.batchIndex}` : event.endsWith('Epoch') ? ` ${learner.epoch}` : '';
    (this.into ?? this.log).push(`${this.tag}${event}${at}`);
  }
  beforeFit(learner: Learner): void { this.note('beforeFit', learner); }
  beforeEpoch(learner: Learner): void { this.note('beforeEpoch', learner); }
  beforeBatch(learner: Learner): void { this.note('beforeBatch', learner); }
  afterBatch(learner: Learner): void { this.note('afterBatch', learner); }
  afterEpoch(learner: Learner): void { this.note('afterEpoch', learner); }
  afterFit(learner: Learner): void { this.note('afterFit', learner); }
}

test('a recording callback sees beforeFit, then per epoch beforeEpoch, beforeBatch/afterBatch per batch, afterEpoch, then afterFit', async () => {
  const recorder = new EventLog();
  const setup = tinySetup({ seed: 51, batchesPerEpoch: 3, callbacks: [recorder] });
  await setup.learner.fit(2);
  const epoch = (e: number) => [`beforeEpoch ${e}`, ...[0, 1, 2].flatMap((b) => [`beforeBatch ${e}:${b}`, `afterBatch ${e}:${b}`]), `afterEpoch ${e}`];
  assert.deepEqual(recorder.log, ['beforeFit', ...epoch(0), ...epoch(1), 'afterFit']);
  assert.equal(setup.learner.iteration, 5);
  assert.equal(setup.learner.totalIterations, 6);
  assert.ok(Number.isFinite(setup.learner.lastLoss) && setup.learner.lastLoss > 0);
  assert.equal(setup.learner.lastBatchSize, 12);
  setup.dispose();
});

test('callbacks run by ascending order whatever order they are given in; fit\'s extra callbacks last only for that fit', async () => {
  const shared: string[] = [];
  const late = new EventLog(5, 'late ', shared);
  const early = new EventLog(-5, 'early ', shared);
  const plain = new EventLog(0, 'plain ', shared);
  const setup = tinySetup({ seed: 52, batchesPerEpoch: 1, callbacks: [late, plain] });
  await setup.learner.fit(1, [early]);
  const expected = ['beforeFit', 'beforeEpoch 0', 'beforeBatch 0:0', 'afterBatch 0:0', 'afterEpoch 0', 'afterFit']
    .flatMap((e) => ['early ', 'plain ', 'late '].map((tag) => tag + e));
  assert.deepEqual(shared, expected);
  assert.deepEqual(setup.learner.callbacks, [plain, late], 'the extra callback is gone after fit');

  // A throwing callback ends fit with its error, and still restores the list.
  const failing: Callback = { afterBatch: () => { throw new Error('callback failed'); } };
  await assert.rejects(setup.learner.fit(1, [failing]), /callback failed/);
  assert.deepEqual(setup.learner.callbacks, [plain, late]);
  setup.dispose();
});

test('stopRequested ends fit after the current batch: no afterEpoch for the cut epoch, afterFit still runs', async () => {
  const recorder = new EventLog();
  const stopper: Callback = { afterBatch: (l) => void (l.epoch === 1 && l.batchIndex === 0 && (l.stopRequested = true)) };
  const setup = tinySetup({ seed: 53, batchesPerEpoch: 2, callbacks: [recorder, stopper] });
  await setup.learner.fit(3);
  assert.deepEqual(recorder.log, [
    'beforeFit',
    'beforeEpoch 0', 'beforeBatch 0:0', 'afterBatch 0:0', 'beforeBatch 0:1', 'afterBatch 0:1', 'afterEpoch 0',
    'beforeEpoch 1', 'beforeBatch 1:0', 'afterBatch 1:0',
    'afterFit',
  ]);
  assert.equal(setup.optimizer.steps, 3);
  setup.dispose();
});

test('startAt resumes at a batch inside an epoch; the epochs after it run in full', async () => {
  const recorder = new EventLog();
  const iterations: number[] = [];
  const setup = tinySetup({ seed: 54, batchesPerEpoch: 3, callbacks: [recorder, { beforeBatch: (l) => void iterations.push(l.iteration) }] });
  setup.learner.startAt = { epoch: 1, batch: 2 };
  await setup.learner.fit(3);
  assert.deepEqual(recorder.log.filter((e) => e.startsWith('beforeBatch')), ['beforeBatch 1:2', 'beforeBatch 2:0', 'beforeBatch 2:1', 'beforeBatch 2:2']);
  assert.deepEqual(recorder.log.filter((e) => e.includes('Epoch')), ['beforeEpoch 1', 'afterEpoch 1', 'beforeEpoch 2', 'afterEpoch 2']);
  assert.deepEqual(iterations, [5, 6, 7, 8]);
  assert.deepEqual(setup.learner.startAt, { epoch: 0, batch: 0 }, 'used once');
  setup.dispose();
});

test('EarlyStopping stops after `patience` epochs without improvement of learner.metrics', async () => {
  const precision = [0.5, 0.6, 0.6, 0.55, 0.9, 0.95];
  // Stands in for Validation (order 10): puts the epoch's metric on learner.metrics before EarlyStopping (60) reads it.
  const metrics: Callback = { order: 10, afterEpoch: (l) => void (l.metrics.precisionAt1 = precision[l.epoch]!) };
  const recorder = new Recorder();
  const setup = tinySetup({ seed: 55, batchesPerEpoch: 1, callbacks: [metrics, new EarlyStopping({ monitor: 'precisionAt1', patience: 2 }), recorder] });
  await setup.learner.fit(6);
  // Best 0.6 at epoch 1; epochs 2 (0.6, not better) and 3 (0.55) make 2 without improvement: stop after epoch 3.
  assert.deepEqual(recorder.epochs.map((e) => e.metrics.precisionAt1), [0.5, 0.6, 0.6, 0.55]);
  assert.equal(setup.optimizer.steps, 4);

  // With more patience the late improvement is reached and resets the count.
  const patient = tinySetup({ seed: 55, batchesPerEpoch: 1, callbacks: [metrics, new EarlyStopping({ monitor: 'precisionAt1', patience: 3 })] });
  await patient.learner.fit(6);
  assert.equal(patient.optimizer.steps, 6);
  setup.dispose();
  patient.dispose();
});

test('fitOneCycle sets lr and momentum before every batch from oneCycle(iteration / total)', async () => {
  const seen: { lr: number; momentum: number }[] = [];
  const spy: Callback = { beforeBatch: (l) => void seen.push({ lr: l.optimizer.groups[0]!.options.lr, momentum: l.optimizer.groups[0]!.options.momentum }) };
  const setup = tinySetup({ seed: 56, batchesPerEpoch: 2, callbacks: [spy] });
  await fitOneCycle(setup.learner, 3, { maxLr: 0.01 });
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5].map((i) => oneCycle({ maxLr: 0.01 }, i / 6)));
  assert.equal(seen[0]!.lr, 0.01 / 25);
  const lrs = seen.map((h) => h.lr);
  assert.ok(lrs[0]! < lrs[1]! && lrs[1]! < lrs[2]! && lrs[2]! > lrs[3]! && lrs[3]! > lrs[4]! && lrs[4]! > lrs[5]!, `warm up, then anneal: ${lrs.join(', ')}`);
  assert.equal(setup.learner.callbacks.length, 1, 'the scheduler lasts for the fit only');
  setup.dispose();
});

test('after a warm-up epoch, further epochs leave liveTensors() unchanged (with recorder, schedule and validation on)', async () => {
  const counts: number[] = [];
  const validation = new Validation({ dataset: tinyDataset(57, 3, 4), preprocessing: { channels: 1, height: 12, width: 12, mean: [0.3], std: [0.3], glyph: false } });
  const counter: Callback = { order: 100, afterEpoch: () => void counts.push(liveTensors()) };
  const setup = tinySetup({ seed: 57, batchesPerEpoch: 3, callbacks: [new Recorder(), validation, counter] });
  await setup.learner.fit(1); // warm-up: Adam creates its moments
  const before = liveTensors();
  await fitOneCycle(setup.learner, 3, { maxLr: 3e-3 });
  assert.equal(liveTensors(), before, 'after three more epochs');
  assert.deepEqual(counts.slice(1), [before, before, before], 'at the end of each epoch');
  assert.ok(setup.learner.metrics.precisionAt1! >= 0 && setup.learner.metrics.precisionAt1! <= 1, 'validation ran');
  setup.dispose();
});
