import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  arange, eye, full, linspace, manualSeed, ones, onesLike, rand, randint, randn, randperm, scalar, tensor, tidy, zeros, zerosLike,
} from '../../src/tensor/index.ts';
import { ShapeError } from '../../src/util/errors.ts';
import { assertClose, assertTensor, values } from './helpers/values.ts';

test('tensor from nested arrays infers shape and defaults to float32', () => tidy(() => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assertTensor(t, [2, 3], [1, 2, 3, 4, 5, 6], 'float32');
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.equal(t.rank, 2);
  assert.equal(t.numel, 6);
  assert.equal(t.device, 'cpu');
}));

test('tensor from a TypedArray keeps its dtype, or converts to the one asked for', () => tidy(() => {
  assertTensor(tensor(new Int32Array([1, -2, 3])), [3], [1, -2, 3], 'int32');
  assertTensor(tensor(new Float64Array([0.5, 1.5, 2.5, 3.5]), [2, 2]), [2, 2], [0.5, 1.5, 2.5, 3.5], 'float64');
  assertTensor(tensor(new Float32Array([1.9, -1.9]), [2], { dtype: 'int64' }), [2], [1, -1], 'int64');
  assertTensor(tensor(new Uint8Array([0, 3]), [2], { dtype: 'bool' }), [2], [0, 1], 'bool');
  assertTensor(tensor([true, false, true], undefined, { dtype: 'bool' }), [3], [1, 0, 1], 'bool');
}));

test('tensor reshapes flat data and rejects a shape that does not fit', () => {
  tidy(() => assertTensor(tensor([1, 2, 3, 4, 5, 6], [3, 2]), [3, 2], [1, 2, 3, 4, 5, 6]));
  assert.throws(() => tensor(new Float32Array(5), [2, 3]), ShapeError);
  assert.throws(() => tensor([1, 2, 3], [2, 2]), ShapeError);
  assert.throws(() => tensor([[1, 2], [3]]), ShapeError);
});

test('scalar is 0-d', () => tidy(() => {
  const s = scalar(2.5);
  assert.deepEqual([...s.shape], []);
  assert.equal(s.item(), 2.5);
}));

test('zeros, ones, full, zerosLike, onesLike', () => tidy(() => {
  assertTensor(zeros([2, 2]), [2, 2], [0, 0, 0, 0], 'float32');
  assertTensor(ones([3], { dtype: 'int32' }), [3], [1, 1, 1], 'int32');
  assertTensor(full([2, 1], 7.5, { dtype: 'float64' }), [2, 1], [7.5, 7.5], 'float64');
  assertTensor(full([2], 3, { dtype: 'int64' }), [2], [3, 3], 'int64');
  const like = tensor(new Int32Array([4, 5, 6]));
  assertTensor(zerosLike(like), [3], [0, 0, 0], 'int32');
  assertTensor(onesLike(like), [3], [1, 1, 1], 'int32');
  assertTensor(zeros([0, 3]), [0, 3], []);
}));

test('arange: integer arguments give int64, fractional ones float32, end is exclusive', () => tidy(() => {
  assertTensor(arange(5), [5], [0, 1, 2, 3, 4], 'int64');
  assertTensor(arange(2, 11, 3), [3], [2, 5, 8], 'int64');
  assertTensor(arange(5, 0, -2), [3], [5, 3, 1], 'int64');
  assertClose(arange(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
  assert.equal(arange(0, 1, 0.25).dtype, 'float32');
  assert.equal(arange(3, undefined, 1, { dtype: 'float64' }).dtype, 'float64');
}));

test('linspace includes both ends', () => tidy(() => {
  assertClose(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assertClose(linspace(-1, 1, 3, { dtype: 'float64' }), [-1, 0, 1], 0);
  assertTensor(linspace(2, 2, 1), [1], [2]);
}));

test('eye, square and rectangular', () => tidy(() => {
  assertTensor(eye(3), [3, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  assertTensor(eye(2, 3, { dtype: 'int64' }), [2, 3], [1, 0, 0, 0, 1, 0], 'int64');
}));

test('randperm is a permutation of 0..n-1', () => tidy(() => {
  manualSeed(3);
  const p = randperm(100);
  assert.equal(p.dtype, 'int64');
  const v = values(p);
  assert.deepEqual([...v].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(v, Array.from({ length: 100 }, (_, i) => i), 'shuffled');
}));

test('rand lies in [0, 1) with mean ≈ 1/2; randn has mean ≈ 0 and std ≈ 1', () => tidy(() => {
  manualSeed(4);
  const u = values(rand([20000]));
  assert.ok(u.every((x) => x >= 0 && x < 1));
  const mean = u.reduce((a, b) => a + b, 0) / u.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  assert.ok(Math.min(...u) < 0.001 && Math.max(...u) > 0.999, 'covers the range');
  const n = values(randn([20000], { dtype: 'float64' }));
  const m = n.reduce((a, b) => a + b, 0) / n.length;
  const s = Math.sqrt(n.reduce((a, b) => a + (b - m) ** 2, 0) / (n.length - 1));
  assert.ok(Math.abs(m) < 0.03 && Math.abs(s - 1) < 0.03, `mean ${m} std ${s}`);
}));

test('randint draws every integer of [low, high) and nothing else', () => tidy(() => {
  manualSeed(5);
  const r = randint(-2, 3, [5000]);
  assert.equal(r.dtype, 'int64');
  const seen = new Set(values(r));
  assert.deepEqual([...seen].sort((a, b) => a - b), [-2, -1, 0, 1, 2]);
  assert.equal(randint(0, 10, [4], { dtype: 'int32' }).dtype, 'int32');
}));

test('manualSeed makes random draws repeat exactly', () => tidy(() => {
  manualSeed(42);
  const a = values(rand([8]));
  const b = values(randn([8]));
  manualSeed(42);
  assert.deepEqual(values(rand([8])), a);
  assert.deepEqual(values(randn([8])), b);
}));
