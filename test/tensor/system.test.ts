import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import {
  buildConfig, cudaAvailable, cudaDeviceCount, getNumThreads, hasMkldnn, parallelInfo, setNumThreads, threadCount, torchVersion,
} from '../../src/tensor/index.ts';

test('engine facts are readable', () => {
  assert.match(torchVersion(), /^\d+\.\d+/);
  assert.equal(typeof cudaAvailable(), 'boolean');
  assert.ok(cudaDeviceCount() >= 0);
  assert.match(buildConfig(), /PyTorch|BLAS|CPU/i);
  assert.match(parallelInfo(), /thread/i);
  assert.equal(typeof hasMkldnn(), 'boolean');
});

test('the thread count starts at the batch policy (REID_THREADS, else a positive count no larger than the cores), and can be changed', () => {
  const start = getNumThreads();
  assert.equal(start, threadCount('batch'));
  if (process.env.REID_THREADS) assert.equal(start, Number(process.env.REID_THREADS));
  else assert.ok(Number.isInteger(start) && start >= 1 && start <= availableParallelism(), `threads ${start}`);
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(start);
  assert.throws(() => setNumThreads(0), RangeError);
  assert.throws(() => setNumThreads(1.5), RangeError);
});
