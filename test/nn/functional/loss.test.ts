import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossEntropy, mseLoss } from '../../../src/nn/functional/index.ts';
import { tensor, tidy } from '../../../src/tensor/index.ts';
import { assertClose } from '../../tensor/helpers/values.ts';
import { ArgumentError } from '../../../src/util/errors.ts';

const logits = () => tensor([[1, 2, 3], [1, 1, 1]], undefined, { dtype: 'float64' });
const target = () => tensor([2, 0], undefined, { dtype: 'int64' });
const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
const perRow = [lse - 3, Math.log(3)];

test('crossEntropy: none, mean and sum reductions', () => tidy(() => {
  assertClose(crossEntropy(logits(), target(), { reduction: 'none' }), perRow, 1e-12);
  assertClose(crossEntropy(logits(), target()), (perRow[0]! + perRow[1]!) / 2, 1e-12);
  assertClose(crossEntropy(logits(), target(), { reduction: 'sum' }), perRow[0]! + perRow[1]!, 1e-12);
}));

test('crossEntropy with label smoothing mixes in the uniform distribution', () => tidy(() => {
  const eps = 0.1;
  const logp = [[1 - lse, 2 - lse, 3 - lse], [-Math.log(3), -Math.log(3), -Math.log(3)]];
  const rows = [2, 0].map((t, i) => (1 - eps) * -logp[i]![t]! + (eps / 3) * logp[i]!.reduce((a, b) => a - b, 0));
  assertClose(crossEntropy(logits(), target(), { labelSmoothing: eps, reduction: 'none' }), rows, 1e-12);
}));

test('crossEntropy needs int64 class indices', () => tidy(() => {
  assert.throws(() => crossEntropy(logits(), tensor([2, 0])), ArgumentError);
  assert.throws(() => crossEntropy(logits(), tensor(new Int32Array([2, 0]))), ArgumentError);
}));

test('mseLoss', () => tidy(() => {
  const a = tensor([1, 2, 3]);
  const b = tensor([1, 0, 0]);
  assertClose(mseLoss(a, b), 13 / 3);
  assertClose(mseLoss(a, b, 'sum'), 13);
  assertClose(mseLoss(a, b, 'none'), [0, 4, 9]);
}));
