import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  gather, indexSelect, maskedFill, maskedSelect, nonzero, scatter, scatterAdd, tensor, tidy,
} from '../../src/tensor/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { assertTensor } from './helpers/values.ts';

const long = (v: number[] | number[][]) => tensor(v, undefined, { dtype: 'int64' });
const bool = (v: boolean[] | boolean[][]) => tensor(v, undefined, { dtype: 'bool' });
const m = () => tensor([[1, 2, 3], [4, 5, 6]]);

test('indexSelect picks rows or columns, repeats allowed', () => tidy(() => {
  assertTensor(indexSelect(m(), 0, long([1, 1, 0])), [3, 3], [4, 5, 6, 4, 5, 6, 1, 2, 3]);
  assertTensor(indexSelect(m(), 1, long([2, 0])), [2, 2], [3, 1, 6, 4]);
}));

test('gather: out[i][j] = x[i][index[i][j]] along dim 1', () => tidy(() => {
  assertTensor(gather(m(), 1, long([[2, 0], [1, 1]])), [2, 2], [3, 1, 5, 5]);
  assertTensor(gather(m(), 0, long([[1, 0, 1]])), [1, 3], [4, 2, 6]);
}));

test('scatter writes a tensor or a number, out of place; scatterAdd accumulates', () => tidy(() => {
  const x = tensor([[0, 0, 0], [0, 0, 0]]);
  assertTensor(scatter(x, 1, long([[2], [0]]), tensor([[7], [8]])), [2, 3], [0, 0, 7, 8, 0, 0]);
  assertTensor(scatter(x, 1, long([[1], [2]]), 1), [2, 3], [0, 1, 0, 0, 0, 1]);
  assertTensor(x, [2, 3], [0, 0, 0, 0, 0, 0]); // unchanged
  assertTensor(scatterAdd(tensor([0, 0, 0]), 0, long([0, 2, 0, 0]), tensor([1, 2, 3, 4])), [3], [8, 0, 2]);
}));

test('maskedFill, maskedSelect and nonzero', () => tidy(() => {
  const mask = bool([[true, false, true], [false, false, true]]);
  assertTensor(maskedFill(m(), mask, -1), [2, 3], [-1, 2, -1, 4, 5, -1]);
  assertTensor(maskedFill(m(), bool([false, true, false]), 0), [2, 3], [1, 0, 3, 4, 0, 6]); // broadcast mask
  assertTensor(maskedSelect(m(), mask), [3], [1, 3, 6]);
  assertTensor(nonzero(mask), [3, 2], [0, 0, 0, 2, 1, 2], 'int64');
}));

test('maskedFill and maskedSelect reject a mask that is not bool instead of ignoring it', () => tidy(() => {
  assert.throws(() => maskedFill(m(), tensor([[1, 0, 1], [0, 0, 1]]), 0), ArgumentError);
  assert.throws(() => maskedSelect(m(), tensor([[1, 0, 1], [0, 0, 1]])), ArgumentError);
}));
