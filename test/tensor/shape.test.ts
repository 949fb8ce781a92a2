import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arange, cat, channelsLast, contiguous, diagonal, expand, flatten, flip, permute, repeat, reshape, select, slice, split,
  squeeze, stack, tensor, tidy, transpose, triu, unsqueeze,
} from '../../src/tensor/index.ts';
import { ShapeError } from '../../src/util/errors.ts';
import { native } from '../../src/tensor/engine.ts';
import { handleOf } from '../../src/tensor/tensor.ts';
import { assertTensor } from './helpers/values.ts';

const six = () => arange(6, undefined, 1, { dtype: 'float32' });
const isContiguous = (t: Parameters<typeof handleOf>[0]) => native().isContiguous(handleOf(t, 'test'));

test('reshape, with one inferred dimension', () => tidy(() => {
  assertTensor(reshape(six(), [2, 3]), [2, 3], [0, 1, 2, 3, 4, 5]);
  assertTensor(reshape(six(), [3, -1]), [3, 2], [0, 1, 2, 3, 4, 5]);
  assertTensor(reshape(six(), [6, 1, 1]), [6, 1, 1], [0, 1, 2, 3, 4, 5]);
  assert.throws(() => reshape(six(), [4, -1]), ShapeError);
  assert.throws(() => reshape(six(), [-1, -1]), ShapeError);
  assert.throws(() => reshape(six(), [7]), ShapeError);
}));

test('permute and transpose move data as PyTorch does', () => tidy(() => {
  const x = reshape(six(), [1, 2, 3]);
  assertTensor(permute(x, [2, 0, 1]), [3, 1, 2], [0, 3, 1, 4, 2, 5]);
  assertTensor(transpose(reshape(six(), [2, 3])), [3, 2], [0, 3, 1, 4, 2, 5]);
  assertTensor(transpose(x, 0, 2), [3, 2, 1], [0, 3, 1, 4, 2, 5]);
}));

test('unsqueeze, squeeze and flatten', () => tidy(() => {
  assertTensor(unsqueeze(six(), 0), [1, 6], [0, 1, 2, 3, 4, 5]);
  assertTensor(unsqueeze(six(), -1), [6, 1], [0, 1, 2, 3, 4, 5]);
  const x = reshape(six(), [1, 6, 1]);
  assert.deepEqual([...squeeze(x).shape], [6]);
  assert.deepEqual([...squeeze(x, 0).shape], [6, 1]);
  assert.deepEqual([...squeeze(x, 1).shape], [1, 6, 1]); // not size 1: unchanged
  const y = reshape(arange(24), [2, 3, 4]);
  assert.deepEqual([...flatten(y).shape], [24]);
  assert.deepEqual([...flatten(y, 1).shape], [2, 12]);
  assert.deepEqual([...flatten(y, 0, 1).shape], [6, 4]);
}));

test('cat and stack', () => tidy(() => {
  const a = tensor([[1, 2]]);
  const b = tensor([[3, 4], [5, 6]]);
  assertTensor(cat([a, b]), [3, 2], [1, 2, 3, 4, 5, 6]);
  assertTensor(cat([tensor([[1], [2]]), b], 1), [2, 3], [1, 3, 4, 2, 5, 6]);
  assertTensor(stack([tensor([1, 2]), tensor([3, 4])]), [2, 2], [1, 2, 3, 4]);
  assertTensor(stack([tensor([1, 2]), tensor([3, 4])], 1), [2, 2], [1, 3, 2, 4]);
  assert.throws(() => cat([]), ShapeError);
  assert.throws(() => stack([]), ShapeError);
}));

test('split by chunk size or by sizes', () => tidy(() => {
  const parts = split(six(), 4);
  assert.equal(parts.length, 2);
  assertTensor(parts[0]!, [4], [0, 1, 2, 3]);
  assertTensor(parts[1]!, [2], [4, 5]);
  const [p, q] = split(reshape(six(), [2, 3]), [1, 2], -1);
  assertTensor(p!, [2, 1], [0, 3]);
  assertTensor(q!, [2, 2], [1, 2, 4, 5]);
  assert.throws(() => split(six(), [2, 2]), ShapeError);
  assert.throws(() => split(six(), 1, 3), ShapeError);
}));

test('slice with negative bounds and step, and select', () => tidy(() => {
  assertTensor(slice(six(), 0, 1, 4), [3], [1, 2, 3]);
  assertTensor(slice(six(), 0, -2), [2], [4, 5]);
  assertTensor(slice(six(), 0, 0, undefined, 2), [3], [0, 2, 4]);
  const x = reshape(six(), [2, 3]);
  assertTensor(slice(x, 1, 1, 3), [2, 2], [1, 2, 4, 5]);
  assertTensor(select(x, 0, 1), [3], [3, 4, 5]);
  assertTensor(select(x, 1, -1), [2], [2, 5]);
}));

test('repeat tiles, expand broadcasts without copying', () => tidy(() => {
  assertTensor(repeat(tensor([1, 2]), [2, 2]), [2, 4], [1, 2, 1, 2, 1, 2, 1, 2]);
  assertTensor(expand(tensor([[1], [2]]), [2, 3]), [2, 3], [1, 1, 1, 2, 2, 2]);
  assertTensor(expand(tensor([[1], [2]]), [-1, 2]), [2, 2], [1, 1, 2, 2]);
}));

test('contiguous makes strided views dense; channelsLast keeps values and NCHW shape', () => tidy(() => {
  const t = transpose(reshape(six(), [2, 3]));
  assert.equal(isContiguous(t), false);
  const c = contiguous(t);
  assert.equal(isContiguous(c), true);
  assertTensor(c, [3, 2], [0, 3, 1, 4, 2, 5]);
  const img = reshape(arange(24, undefined, 1, { dtype: 'float32' }), [1, 2, 3, 4]);
  const nhwc = channelsLast(img);
  assert.deepEqual([...nhwc.shape], [1, 2, 3, 4]);
  assert.equal(isContiguous(nhwc), false); // dense, but not in NCHW order
  assertTensor(nhwc, [1, 2, 3, 4], Array.from({ length: 24 }, (_, i) => i)); // data() reads logical order
}));

test('flip, triu, diagonal', () => tidy(() => {
  const x = reshape(arange(9), [3, 3]);
  assertTensor(flip(x, [0]), [3, 3], [6, 7, 8, 3, 4, 5, 0, 1, 2]);
  assertTensor(triu(x), [3, 3], [0, 1, 2, 0, 4, 5, 0, 0, 8]);
  assertTensor(triu(x, 1), [3, 3], [0, 1, 2, 0, 0, 5, 0, 0, 0]);
  assertTensor(diagonal(x), [3], [0, 4, 8]);
  assertTensor(diagonal(x, 1), [2], [1, 5]);
}));
