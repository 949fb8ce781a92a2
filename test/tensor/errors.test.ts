// Every bad call surfaces as a typed JS error, never a native crash: ShapeError from
// TypeScript validation before crossing, TorchError (with .op) from libtorch itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  add, arange, bmm, cat, clamp, expand, gather, indexSelect, matmul, ones, permute, randint, reshape, select, slice,
  split, tensor, tidy, topk, transpose, where, zeros,
} from '../../src/tensor/index.ts';
import { conv2d, crossEntropy, dropout, linear } from '../../src/nn/functional/index.ts';
import { ArgumentError, DisposedTensorError, ReidError, ShapeError, TorchError } from '../../src/util/errors.ts';

/** Asserts fn throws a TorchError for op, with the op name leading the message. */
function assertTorchError(op: string, fn: () => unknown, detail?: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TorchError, `expected TorchError, got ${String(e)}`);
    assert.ok(e instanceof ReidError);
    assert.equal(e.name, 'TorchError');
    assert.equal((e as TorchError & { op: string }).op, op);
    assert.ok(e.message.startsWith(`${op}: `), e.message);
    if (detail) assert.match(e.message, detail);
    return true;
  });
}

test('TypeScript validation throws ShapeError naming the function', () => tidy(() => {
  const cases: [string, () => unknown][] = [
    ['reshape', () => reshape(ones([2, 3]), [4, 2])],
    ['cat', () => cat([])],
    ['split', () => split(ones([4]), [1, 2])],
    ['tensor', () => tensor(new Float32Array(3), [2, 2])],
    ['conv2d', () => conv2d(ones([1, 5, 5]), ones([1, 1, 3, 3]))],
    ['conv2d', () => conv2d(ones([1, 2, 5, 5]), ones([1, 1, 3, 3]))],
    ['linear', () => linear(ones([2, 3]), ones([4, 5]))],
  ];
  for (const [fn, call] of cases) {
    assert.throws(call, (e: unknown) => e instanceof ShapeError && e.message.startsWith(`${fn}: `), fn);
  }
}));

test('libtorch errors become TorchError with the op in message and .op', () => tidy(() => {
  const x = arange(6, undefined, 1, { dtype: 'float32' });
  assertTorchError('matmul', () => matmul(ones([2, 3]), ones([2, 3])), /cannot be multiplied/);
  assertTorchError('bmm', () => bmm(ones([2, 2]), ones([2, 2])));
  assertTorchError('add', () => add(ones([2]), ones([3])), /size/);
  assertTorchError('cat', () => cat([ones([2, 2]), ones([3, 3])]));
  assertTorchError('permute', () => permute(x, [0, 1]));
  assertTorchError('transpose', () => transpose(x, 0, 3));
  assertTorchError('expand', () => expand(ones([2, 3]), [4, 4]));
  assertTorchError('select', () => select(x, 0, 10), /out of range/);
  assertTorchError('slice', () => slice(x, 0, 0, 3, 0));
  assertTorchError('indexSelect', () => indexSelect(x, 0, tensor([7], undefined, { dtype: 'int64' })));
  assertTorchError('gather', () => gather(x, 0, tensor([7], undefined, { dtype: 'int64' })), /out of bounds/);
  assertTorchError('topk', () => topk(x, 10));
  assertTorchError('zeros', () => zeros([-1]), /negative dimension/);
  assertTorchError('arange', () => arange(0, 5, 0));
  assertTorchError('randint', () => randint(5, 2, [3]));
  assertTorchError('clamp', () => clamp(x));
  assertTorchError('item', () => x.item());
  assertTorchError('backward', () => ones([2]).setRequiresGrad().backward(), /scalar/);
  assertTorchError('backward', () => ones([1]).backward(), /does not require grad/);
  assertTorchError('conv2d', () => conv2d(ones([1, 1, 2, 2]), ones([1, 1, 3, 3])), /kernel size|larger/i);
}));

test('wrong dtypes throw typed errors', () => tidy(() => {
  // float targets to crossEntropy: caught in TypeScript
  assert.throws(() => crossEntropy(ones([2, 3]), tensor([0, 1])), (e: unknown) => e instanceof ArgumentError && /int64/.test(e.message));
  assertTorchError('matmul', () => matmul(ones([2, 2], { dtype: 'int64' }), ones([2, 2])), /scalar type/);
  assertTorchError('where', () => where(ones([2]), 1, 2), /bool/);
  assertTorchError('setRequiresGrad', () => ones([2], { dtype: 'int64' }).setRequiresGrad(), /floating point/);
  assert.throws(() => dropout(ones([2]), 1.5, true), RangeError);
}));

test('a disposed tensor throws DisposedTensorError in every op, the process lives on', () => {
  const t = ones([2, 2]);
  t.dispose();
  const calls: (() => unknown)[] = [
    () => add(t, 1), () => matmul(t, t), () => t.data(), () => t.item(), () => t.clone(), () => t.grad,
    () => t.backward(), () => reshape(t, [4]), () => conv2d(t, t), () => cat([ones([2, 2]), t]),
  ];
  for (const call of calls) assert.throws(() => tidy(call), DisposedTensorError);
  tidy(() => assert.equal(add(ones([1]), 1).item(), 2));
});

test('a non-tensor argument is a TypeError, not a crash', () => {
  assert.throws(() => add(null as never, 1), TypeError);
  assert.throws(() => matmul({} as never, ones([1])), TypeError);
});
