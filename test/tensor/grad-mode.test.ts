import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, isGradEnabled, mul, noGrad, ones, square, sum, tensor, tidy } from '../../src/tensor/index.ts';
import { assertClose } from './helpers/values.ts';

test('backward accumulates gradients into leaves until cleared', () => tidy(() => {
  const x = tensor([1, 2, 3], undefined, { dtype: 'float64' }).setRequiresGrad();
  assert.equal(x.requiresGrad, true);
  assert.equal(x.isLeaf, true);
  const y = sum(square(x));
  assert.equal(y.isLeaf, false);
  y.backward();
  assertClose(x.grad!, [2, 4, 6], 0);
  sum(mul(x, 3)).backward();
  assertClose(x.grad!, [5, 7, 9], 0);
  x.clearGrad();
  assert.equal(x.grad, null);
}));

test('backward with an explicit gradient and retainGraph', () => tidy(() => {
  const x = tensor([1, 2]).setRequiresGrad();
  const y = mul(x, x);
  y.backward(tensor([1, 10]), { retainGraph: true });
  assertClose(x.grad!, [2, 40]);
  y.backward(tensor([1, 0]));
  assertClose(x.grad!, [4, 40]);
}));

test('noGrad records no graph and restores the mode, even on throw', () => tidy(() => {
  const x = ones([2]).setRequiresGrad();
  assert.equal(isGradEnabled(), true);
  const y = noGrad(() => add(x, 1));
  assert.equal(y.requiresGrad, false);
  assert.equal(isGradEnabled(), true);
  assert.throws(() => noGrad(() => {
    throw new Error('inside');
  }), /inside/);
  assert.equal(isGradEnabled(), true);
  noGrad(() => noGrad(() => undefined));
  assert.equal(isGradEnabled(), true);
  assert.throws(() => noGrad((async () => 1) as unknown as () => number), TypeError);
  assert.equal(isGradEnabled(), true);
}));

test('detach cuts the graph but shares data', () => tidy(() => {
  const x = ones([2]).setRequiresGrad();
  const d = mul(x, 2).detach();
  assert.equal(d.requiresGrad, false);
  assertClose(d, [2, 2]);
}));
