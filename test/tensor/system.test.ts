import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import {
  buildConfig, cudaAvailable, cudaDeviceCount, getNumThreads, hasMkldnn, parallelInfo, setNumThreads, torchVersion,
} from '../../src/tensor/index.ts';

test('engine facts are readable', () => {
  assert.match(torchVersion(), /^\d+\.\d+/);
  assert.equal(typeof cudaAvailable(), 'boolean');
  assert.ok(cudaDeviceCount() >= 0);
  assert.match(buildConfig(), /PyTorch|BLAS|CPU/i);
  assert.match(parallelInfo(), /thread/i);
  assert.equal(typeof hasMkldnn(), 'boolean');
});

test('thread count starts at REID_THREADS or the core count, and can be changed', () => {
  const expected = Number(process.env.REID_THREADS ?? availableParallelism());
  assert.equal(getNumThreads(), expected);
  setNumThreads(1);
  assert.equal(getNumThreads(), 1);
  setNumThreads(expected);
  assert.throws(() => setNumThreads(0), RangeError);
  assert.throws(() => setNumThreads(1.5), RangeError);
});
