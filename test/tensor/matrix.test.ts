import { test } from 'node:test';
import { addmm, bmm, matmul, tensor, tidy } from '../../src/tensor/index.ts';
import { assertTensor } from './helpers/values.ts';

test('matmul of matrices, matrix-vector and broadcast batches', () => tidy(() => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  const b = tensor([[7, 8], [9, 10], [11, 12]]);
  assertTensor(matmul(a, b), [2, 2], [58, 64, 139, 154]);
  assertTensor(matmul(a, tensor([1, 0, -1])), [2], [-2, -2]);
  assertTensor(matmul(tensor([1, 1]), a), [3], [5, 7, 9]);
  const batch = tensor([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]);
  assertTensor(matmul(batch, tensor([[1, 2], [3, 4]])), [2, 2, 2], [1, 2, 3, 4, 2, 4, 6, 8]);
  assertTensor(matmul(tensor([[1, 2]], undefined, { dtype: 'float64' }), tensor([[3], [4]], undefined, { dtype: 'float64' })), [1, 1], [11], 'float64');
}));

test('bmm multiplies matching batches', () => tidy(() => {
  const a = tensor([[[1, 2]], [[3, 4]]]); // (2,1,2)
  const b = tensor([[[1], [1]], [[2], [-1]]]); // (2,2,1)
  assertTensor(bmm(a, b), [2, 1, 1], [3, 2]);
}));

test('addmm is beta·input + alpha·a@b', () => tidy(() => {
  const input = tensor([[1, 1], [1, 1]]);
  const a = tensor([[1, 2], [3, 4]]);
  const eye = tensor([[1, 0], [0, 1]]);
  assertTensor(addmm(input, a, eye, { beta: 2, alpha: 3 }), [2, 2], [5, 8, 11, 14]);
  assertTensor(addmm(input, a, eye), [2, 2], [2, 3, 4, 5]);
}));
