// Steady state: after a warm-up, thousands of training steps leave the tensor count unchanged
// and the process's memory flat (a leak of one small tensor per step would show in both).
// The loop yields to the event loop every 100 steps, as a real one does while awaiting its data:
// Node runs native finalizers of collected handles (~200 bytes each) only when the loop turns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../../src/nn/index.ts';
import { liveTensors, manualSeed, nativeHandleCount, setNumThreads } from '../../src/tensor/index.ts';
import { collect, trainingLoop } from '../helpers/steady-training.ts';

setNumThreads(1); // tiny tensors: a thread pool only adds hand-off cost

test('2,000 training steps leave liveTensors() and native handles unchanged and RSS growth under 50 MB', async () => {
  manualSeed(1);
  const model = new Sequential(
    new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(),
    new Dropout(0.1), new Linear(4 * 3 * 3, 3),
  );
  const { step, dispose } = trainingLoop(model, [8, 1, 6, 6], 3);
  for (let i = 0; i < 50; i++) step();
  await collect();
  const tensors = liveTensors();
  const handles = nativeHandleCount();
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  for (let i = 1; i <= 2000; i++) {
    step();
    if (i % 100 === 0) await nextTurn();
  }
  const seconds = (performance.now() - started) / 1000;
  await collect();
  const grown = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.equal(liveTensors(), tensors, 'live tensors');
  assert.equal(nativeHandleCount(), handles, 'native handles');
  assert.ok(grown < 50, `RSS grew ${grown.toFixed(1)} MB`);
  console.log(`# 2000 steps in ${seconds.toFixed(1)} s, RSS ${grown >= 0 ? '+' : ''}${grown.toFixed(1)} MB`);
  dispose();
  model.dispose();
});
