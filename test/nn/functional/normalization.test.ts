import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchNorm, dropout, normalize } from '../../../src/nn/functional/index.ts';
import { manualSeed, ones, tensor, tidy, zeros } from '../../../src/tensor/index.ts';
import { assertClose, values } from '../../tensor/helpers/values.ts';

const eps = 1e-5;

test('batchNorm in training mode: batch statistics, and running stats updated as PyTorch (momentum 0.1, unbiased var)', () => tidy(() => {
  // channel 0: 1,2,3,4 (mean 2.5, biased var 1.25, unbiased 5/3); channel 1: 2,4,6,8 (mean 5, var 5, unbiased 20/3)
  const x = tensor([[1, 2], [2, 4], [3, 6], [4, 8]], undefined, { dtype: 'float64' });
  const runningMean = zeros([2], { dtype: 'float64' });
  const runningVar = ones([2], { dtype: 'float64' });
  const weight = tensor([2, 1], undefined, { dtype: 'float64' });
  const bias = tensor([0, 1], undefined, { dtype: 'float64' });
  const y = batchNorm(x, { weight, bias, runningMean, runningVar, training: true });
  const expected = [1, 2, 3, 4].flatMap((k) => [
    2 * (k - 2.5) / Math.sqrt(1.25 + eps),
    (2 * k - 5) / Math.sqrt(5 + eps) + 1,
  ]);
  assertClose(y, expected, 1e-12);
  assertClose(runningMean, [0.25, 0.5], 1e-15);
  assertClose(runningVar, [0.9 + 0.1 * (5 / 3), 0.9 + 0.1 * (20 / 3)], 1e-15);
  // a second step moves them again by the same rule
  batchNorm(x, { weight, bias, runningMean, runningVar, training: true, momentum: 0.5 });
  assertClose(runningMean, [0.5 * 0.25 + 0.5 * 2.5, 0.5 * 0.5 + 0.5 * 5], 1e-15);
}));

test('batchNorm in eval mode uses the running statistics and leaves them alone', () => tidy(() => {
  const x = tensor([[1, 2], [3, 4]], undefined, { dtype: 'float64' });
  const runningMean = tensor([1, -1], undefined, { dtype: 'float64' });
  const runningVar = tensor([4, 0.25], undefined, { dtype: 'float64' });
  const y = batchNorm(x, { runningMean, runningVar, training: false });
  assertClose(y, [0, 3 / Math.sqrt(0.25 + eps), 2 / Math.sqrt(4 + eps), 5 / Math.sqrt(0.25 + eps)], 1e-12);
  assertClose(runningMean, [1, -1], 0);
  assertClose(runningVar, [4, 0.25], 0);
}));

test('batchNorm on (N,C,H,W) normalises each channel over N, H and W', () => tidy(() => {
  // channel 0 holds 0..7, channel 1 holds 8 copies of 3
  const data = [0, 1, 2, 3, 3, 3, 3, 3, 4, 5, 6, 7, 3, 3, 3, 3];
  const x = tensor(data, [2, 2, 2, 2], { dtype: 'float64' });
  const runningMean = zeros([2], { dtype: 'float64' });
  const runningVar = ones([2], { dtype: 'float64' });
  const y = values(batchNorm(x, { runningMean, runningVar, training: true }));
  const sd = Math.sqrt(5.25 + eps); // biased variance of 0..7
  assertClose(y.slice(0, 4), [0, 1, 2, 3].map((v) => (v - 3.5) / sd), 1e-12);
  assertClose(y.slice(4, 8), [0, 0, 0, 0], 1e-12);
  assertClose(runningMean, [0.35, 0.3], 1e-15);
  assertClose(runningVar, [0.9 + 0.1 * 6, 0.9], 1e-15); // unbiased var of 0..7 is 6
}));

test('dropout in training zeroes about p of the elements and scales the rest by 1/(1−p)', () => tidy(() => {
  manualSeed(11);
  const p = 0.3;
  const y = values(dropout(ones([100000]), p, true));
  const zeroFraction = y.filter((v) => v === 0).length / y.length;
  assert.ok(Math.abs(zeroFraction - p) < 0.01, `zero fraction ${zeroFraction}`);
  assert.ok(y.every((v) => v === 0 || Math.abs(v - 1 / (1 - p)) < 1e-6));
}));

test('dropout in eval mode, or with p = 0, is the identity', () => tidy(() => {
  const x = tensor([1, -2, 3]);
  assert.deepEqual(values(dropout(x, 0.5, false)), [1, -2, 3]);
  assert.deepEqual(values(dropout(x, 0, true)), [1, -2, 3]);
  assert.throws(() => dropout(x, 1, true), RangeError);
  assert.throws(() => dropout(x, -0.1, true), RangeError);
}));

test('normalize divides by max(‖x‖_p, eps)', () => tidy(() => {
  assertClose(normalize(tensor([[3, 4], [0, 0]])), [0.6, 0.8, 0, 0]);
  assertClose(normalize(tensor([[1, 3], [1, -1]]), { p: 1, dim: 0 }), [0.5, 0.75, 0.5, -0.25]);
  assertClose(normalize(tensor([[1e-14, 0]], undefined, { dtype: 'float64' }), { eps: 1e-12 }), [1e-2, 0], 1e-12);
}));
