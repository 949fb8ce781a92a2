import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  all, amax, amin, any, argmax, argmin, argsort, cumsum, logsumexp, max, maxAll, mean, min, minAll, norm, searchsorted,
  sort, std, sum, tensor, tidy, topk, variance,
} from '../../src/tensor/index.ts';
import { assertClose, assertTensor, values } from './helpers/values.ts';

const m = () => tensor([[1, 5, 3], [4, 2, 6]]);

test('sum and mean over all, one or several dims, with keepdim', () => tidy(() => {
  assertTensor(sum(m()), [], [21]);
  assertTensor(sum(m(), { dim: 0 }), [3], [5, 7, 9]);
  assertTensor(sum(m(), { dim: -1, keepdim: true }), [2, 1], [9, 12]);
  assertTensor(sum(m(), { dim: [0, 1] }), [], [21]);
  assertTensor(mean(m()), [], [3.5]);
  assertTensor(mean(m(), { dim: 1 }), [2], [3, 4]);
  assertTensor(sum(tensor(new Int32Array([1, 2]))), [], [3], 'int64'); // integer sums widen to int64, as PyTorch
}));

test('variance and std use Bessel\'s correction unless told otherwise', () => tidy(() => {
  const x = tensor([2, 4, 4, 4, 5, 5, 7, 9], undefined, { dtype: 'float64' });
  assertClose(variance(x), 32 / 7, 1e-12);
  assertClose(variance(x, { correction: 0 }), 4, 1e-12);
  assertClose(std(x, { correction: 0 }), 2, 1e-12);
  assertClose(std(m(), { dim: 1 }), [2, 2], 1e-6);
}));

test('max/min over everything and along a dim, with indices', () => tidy(() => {
  assertTensor(maxAll(m()), [], [6]);
  assertTensor(minAll(m()), [], [1]);
  const mx = max(m(), 1);
  assertTensor(mx.values, [2], [5, 6]);
  assertTensor(mx.indices, [2], [1, 2], 'int64');
  const mn = min(m(), 0, true);
  assertTensor(mn.values, [1, 3], [1, 2, 3]);
  assertTensor(mn.indices, [1, 3], [0, 1, 0]);
  assertTensor(amax(m(), 0), [3], [4, 5, 6]);
  assertTensor(amin(m(), [0, 1]), [], [1]);
}));

test('argmax/argmin: flat index without dim, per row with dim', () => tidy(() => {
  assertTensor(argmax(m()), [], [5], 'int64');
  assertTensor(argmin(m()), [], [0]);
  assertTensor(argmax(m(), 1), [2], [1, 2]);
  assertTensor(argmin(m(), 0, true), [1, 3], [0, 1, 0]);
}));

test('sort ascending/descending with indices', () => tidy(() => {
  const { values: v, indices: i } = sort(tensor([3, 1, 2]));
  assertTensor(v, [3], [1, 2, 3]);
  assertTensor(i, [3], [1, 2, 0], 'int64');
  const d = sort(m(), { dim: 1, descending: true });
  assertTensor(d.values, [2, 3], [5, 3, 1, 6, 4, 2]);
  assertTensor(d.indices, [2, 3], [1, 2, 0, 2, 0, 1]);
  assertTensor(sort(m(), { dim: 0 }).values, [2, 3], [1, 2, 3, 4, 5, 6]);
}));

test('sort and argsort are stable: equal elements keep their order', () => tidy(() => {
  // many ties, and longer than any small-sort cutoff
  const raw = Array.from({ length: 300 }, (_, k) => (k * 7) % 5);
  const x = tensor(raw);
  const expectAsc = raw.map((v, k) => [v, k] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, k]) => k);
  const expectDesc = raw.map((v, k) => [v, k] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, k]) => k);
  assert.deepEqual(values(argsort(x)), expectAsc);
  assert.deepEqual(values(argsort(x, { descending: true })), expectDesc);
  assert.deepEqual(values(sort(x).indices), expectAsc);
  assertTensor(argsort(tensor([3, 1, 2, 1, 3])), [5], [1, 3, 2, 0, 4]);
  assertTensor(argsort(tensor([3, 1, 2, 1, 3]), { descending: true }), [5], [0, 4, 2, 1, 3]);
}));

test('topk: largest or smallest k, sorted', () => tidy(() => {
  const x = tensor([[1, 9, 3, 7], [8, 2, 6, 4]]);
  const t = topk(x, 2);
  assertTensor(t.values, [2, 2], [9, 7, 8, 6]);
  assertTensor(t.indices, [2, 2], [1, 3, 0, 2]);
  const s = topk(x, 1, { dim: 0, largest: false });
  assertTensor(s.values, [1, 4], [1, 2, 3, 4]);
  assertTensor(s.indices, [1, 4], [0, 1, 0, 1]);
}));

test('logsumexp is log(Σ exp) and stable for large inputs', () => tidy(() => {
  const x = tensor([[1, 2, 3], [1000, 1000, 1000]], undefined, { dtype: 'float64' });
  assertClose(logsumexp(x, 1), [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 1000 + Math.log(3)], 1e-12);
  assertTensor(logsumexp(tensor([[0, 0]]), -1, true), [1, 1], [Math.fround(Math.LN2)]);
}));

test('norm: L2 by default, other p, per dim', () => tidy(() => {
  const x = tensor([[3, -4], [0, 5]], undefined, { dtype: 'float64' });
  assertClose(norm(x), Math.sqrt(9 + 16 + 25), 1e-12);
  assertClose(norm(x, { dim: 1 }), [5, 5], 1e-12);
  assertClose(norm(x, { p: 1, dim: 0, keepdim: true }), [3, 9], 1e-12);
  assertClose(norm(x, { p: Infinity }), 5, 1e-12);
}));

test('cumsum, all, any, searchsorted', () => tidy(() => {
  assertTensor(cumsum(tensor([1, 2, 3, 4]), 0), [4], [1, 3, 6, 10]);
  assertTensor(cumsum(m(), 1), [2, 3], [1, 6, 9, 4, 6, 12]);
  const b = tensor([[true, true], [false, true]], undefined, { dtype: 'bool' });
  assertTensor(all(b), [], [0], 'bool');
  assertTensor(all(b, 0), [2], [0, 1]);
  assertTensor(any(b, 1), [2], [1, 1]);
  const edges = tensor([1, 3, 5, 7]);
  assertTensor(searchsorted(edges, tensor([0, 3, 6, 8])), [4], [0, 1, 3, 4], 'int64');
  assertTensor(searchsorted(edges, tensor([3]), { right: true }), [1], [2]);
}));
