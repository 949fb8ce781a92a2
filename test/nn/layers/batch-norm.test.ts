import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchNorm1d, BatchNorm2d } from '../../../src/nn/index.ts';
import { tensor, tidy } from '../../../src/tensor/index.ts';
import { ShapeError } from '../../../src/util/errors.ts';
import { assertClose, values } from '../../tensor/helpers/values.ts';

test('BatchNorm1d in training mode updates running stats (momentum 0.1, unbiased var) and counts batches', () => tidy(() => {
  const bn = new BatchNorm1d(2);
  const x = tensor([[1, 2], [2, 4], [3, 6], [4, 8]]);
  const y = bn.forward(x);
  assertClose(y, [1, 2, 3, 4].flatMap((k) => [(k - 2.5) / Math.sqrt(1.25 + 1e-5), (2 * k - 5) / Math.sqrt(5 + 1e-5)]), 1e-5);
  assertClose(bn.runningMean, [0.25, 0.5]);
  assertClose(bn.runningVar, [0.9 + 0.1 * (5 / 3), 0.9 + 0.1 * (20 / 3)]);
  assert.equal(bn.numBatchesTracked.item(), 1);
  bn.forward(x);
  assert.equal(bn.numBatchesTracked.item(), 2);
  bn.eval();
  const rm = values(bn.runningMean);
  bn.forward(x);
  assert.equal(bn.numBatchesTracked.item(), 2, 'eval does not count');
  assert.deepEqual(values(bn.runningMean), rm, 'eval does not update');
  bn.dispose();
}));

test('BatchNorm options: momentum, eps, affine', () => tidy(() => {
  const bn = new BatchNorm1d(1, { momentum: 0.5, eps: 0, affine: false });
  assert.equal(bn.weight, null);
  assert.deepEqual(bn.namedParameters(), []);
  assertClose(bn.forward(tensor([[0], [2]])), [-1, 1]);
  assertClose(bn.runningMean, [0.5]);
  assertClose(bn.runningVar, [0.5 + 0.5 * 2]);
  bn.dispose();
}));

test('BatchNorm checks rank and channel count', () => tidy(() => {
  const bn2 = new BatchNorm2d(3);
  assert.throws(() => bn2.forward(tensor([[1, 2, 3]])), ShapeError);
  assert.throws(() => bn2.forward(tensor(new Float32Array(8), [1, 2, 2, 2])), (e: unknown) => e instanceof ShapeError && /BatchNorm2d/.test(e.message));
  bn2.dispose();
}));
