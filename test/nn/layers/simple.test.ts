import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdaptiveAvgPool2d, AdaptiveConcatPool2d, AdaptiveMaxPool2d, Conv2d, Dropout, Flatten, L2Normalize, Linear, MaxPool2d, ReLU,
} from '../../../src/nn/index.ts';
import { manualSeed, ones, tensor, tidy } from '../../../src/tensor/index.ts';
import { assertClose, assertTensor, values } from '../../tensor/helpers/values.ts';

test('AdaptiveConcatPool2d concatenates [max, avg] per channel, as fastai', () => tidy(() => {
  const x = tensor([1, 2, 3, 6, 10, 20, 30, 40], [1, 2, 2, 2]);
  assertTensor(new AdaptiveConcatPool2d().forward(x), [1, 4, 1, 1], [6, 40, 3, 25]);
  assertTensor(new AdaptiveAvgPool2d(1).forward(x), [1, 2, 1, 1], [3, 25]);
  assertTensor(new AdaptiveMaxPool2d(1).forward(x), [1, 2, 1, 1], [6, 40]);
}));

test('ReLU, MaxPool2d, Flatten, L2Normalize', () => tidy(() => {
  assertTensor(new ReLU().forward(tensor([-1, 2])), [2], [0, 2]);
  assertTensor(new MaxPool2d(2).forward(tensor([1, 5, 3, 2], [1, 1, 2, 2])), [1, 1, 1, 1], [5]);
  assert.deepEqual([...new Flatten().forward(ones([2, 3, 4])).shape], [2, 12]);
  assert.deepEqual([...new Flatten(0, 1).forward(ones([2, 3, 4])).shape], [6, 4]);
  assertClose(new L2Normalize().forward(tensor([[3, 4], [0, 2]])), [0.6, 0.8, 0, 1]);
}));

test('Dropout follows train/eval; p = 0 returns its input', () => tidy(() => {
  manualSeed(1);
  const d = new Dropout(0.5);
  const x = ones([1000]);
  assert.ok(values(d.forward(x)).some((v) => v === 0));
  d.eval();
  assert.ok(values(d.forward(x)).every((v) => v === 1));
  assert.equal(new Dropout(0).forward(x), x);
}));

test('Conv2d and Linear layers: parameter shapes, optional bias, forward', () => tidy(() => {
  const conv = new Conv2d(4, 6, [3, 1], { groups: 2, bias: false, padding: [1, 0] });
  assert.deepEqual([...conv.weight.shape], [6, 2, 3, 1]);
  assert.equal(conv.bias, null);
  assert.deepEqual(conv.namedParameters().map(([n]) => n), ['weight']);
  assert.deepEqual([...conv.forward(ones([2, 4, 5, 5])).shape], [2, 6, 5, 5]);
  const lin = new Linear(3, 2);
  assert.deepEqual(lin.namedParameters().map(([n, t]) => [n, [...t.shape]]), [['weight', [2, 3]], ['bias', [2]]]);
  assert.deepEqual([...lin.forward(ones([5, 3])).shape], [5, 2]);
  assert.equal(new Linear(3, 2, { bias: false }).bias, null);
}));
