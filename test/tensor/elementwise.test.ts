import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  abs, add, ceil, clamp, clampMax, clampMin, cos, div, eq, exp, floor, ge, gelu, gt, isfinite, isnan, le, log, log1p,
  logicalAnd, logicalNot, logicalOr, logicalXor, lt, maximum, minimum, mul, ne, neg, pow, relu, remainder, round,
  rsqrt, rsub, sigmoid, sign, sin, softplus, sqrt, square, sub, tanh, tensor, tidy, where,
} from '../../src/tensor/index.ts';
import { assertClose, assertTensor } from './helpers/values.ts';

const erf = (x: number): number => {
  // Abramowitz–Stegun 7.1.26 is too coarse for 1e-6; integrate the series instead.
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
};

test('binary arithmetic with tensors and numbers, broadcasting', () => tidy(() => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([10, 20]);
  assertTensor(add(a, b), [2, 2], [11, 22, 13, 24]);
  assertTensor(sub(a, 1), [2, 2], [0, 1, 2, 3]);
  assertTensor(mul(a, b), [2, 2], [10, 40, 30, 80]);
  assertTensor(div(a, 2), [2, 2], [0.5, 1, 1.5, 2]);
  assertTensor(pow(a, 2), [2, 2], [1, 4, 9, 16]);
  assertTensor(pow(a, tensor([[0], [1]])), [2, 2], [1, 1, 3, 4]);
  assertTensor(rsub(a, 10), [2, 2], [9, 8, 7, 6]);
  assertClose(remainder(tensor([-3, 5, 7]), 3), [0, 2, 1], 0);
  assertTensor(remainder(tensor([-1]), 3), [1], [2]); // sign of the divisor, as Python
  assertTensor(maximum(a, tensor([2, 2])), [2, 2], [2, 2, 3, 4]);
  assertTensor(minimum(a, tensor([2, 2])), [2, 2], [1, 2, 2, 2]);
}));

test('integer-scalar dtype rule: integral numbers keep integer tensors integral', () => tidy(() => {
  const i32 = tensor(new Int32Array([1, 2, 3]));
  const i64 = tensor([1, 2, 3], undefined, { dtype: 'int64' });
  const u8 = tensor(new Uint8Array([250, 1]));
  assertTensor(add(i32, 2), [3], [3, 4, 5], 'int32');
  assertTensor(mul(i64, -3), [3], [-3, -6, -9], 'int64');
  assertTensor(add(u8, 10), [2], [4, 11], 'uint8'); // wraps as uint8 does in PyTorch
  assertTensor(mul(i32, 2.5), [3], [2.5, 5, 7.5], 'float32'); // fractional scalar promotes to the default float
  assertTensor(div(i32, 2), [3], [0.5, 1, 1.5], 'float32'); // true division
  assertTensor(add(tensor([true, false], undefined, { dtype: 'bool' }), 1), [2], [2, 1], 'int64');
  assert.equal(add(tensor([1], undefined, { dtype: 'float64' }), 1.5).dtype, 'float64');
  assert.equal(add(tensor([1]), 2).dtype, 'float32');
  // tensor ⊕ tensor promotes by category: int32 + float32 → float32, int32 + int64 → int64
  assert.equal(add(i32, tensor([1, 1, 1])).dtype, 'float32');
  assert.equal(add(i32, i64).dtype, 'int64');
}));

test('comparisons give bool tensors', () => tidy(() => {
  const a = tensor([1, 2, 3]);
  assertTensor(eq(a, 2), [3], [0, 1, 0], 'bool');
  assertTensor(ne(a, 2), [3], [1, 0, 1], 'bool');
  assertTensor(lt(a, 2), [3], [1, 0, 0], 'bool');
  assertTensor(le(a, 2), [3], [1, 1, 0], 'bool');
  assertTensor(gt(a, tensor([0, 2, 4])), [3], [1, 0, 0], 'bool');
  assertTensor(ge(a, tensor([0, 2, 4])), [3], [1, 1, 0], 'bool');
}));

test('logical ops', () => tidy(() => {
  const p = tensor([1, 1, 0, 0], undefined, { dtype: 'bool' });
  const q = tensor([1, 0, 1, 0], undefined, { dtype: 'bool' });
  assertTensor(logicalAnd(p, q), [4], [1, 0, 0, 0], 'bool');
  assertTensor(logicalOr(p, q), [4], [1, 1, 1, 0], 'bool');
  assertTensor(logicalXor(p, q), [4], [0, 1, 1, 0], 'bool');
  assertTensor(logicalNot(p), [4], [0, 0, 1, 1], 'bool');
  assertTensor(logicalNot(tensor([0, 2.5])), [2], [1, 0], 'bool');
}));

test('unary maths against Math.*', () => tidy(() => {
  const xs = [-2.5, -0.5, 0.25, 1, 3];
  const x = tensor(xs, undefined, { dtype: 'float64' });
  const check = (t: ReturnType<typeof neg>, f: (v: number) => number) => assertClose(t, xs.map(f), 1e-12);
  check(neg(x), (v) => -v);
  check(abs(x), Math.abs);
  check(exp(x), Math.exp);
  check(sign(x), Math.sign);
  check(floor(x), Math.floor);
  check(ceil(x), Math.ceil);
  check(square(x), (v) => v * v);
  check(sin(x), Math.sin);
  check(cos(x), Math.cos);
  check(tanh(x), Math.tanh);
  check(sigmoid(x), (v) => 1 / (1 + Math.exp(-v)));
  check(relu(x), (v) => Math.max(0, v));
  check(gelu(x), (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
  check(softplus(x), (v) => Math.log1p(Math.exp(v)));
  check(softplus(x, { beta: 2 }), (v) => Math.log1p(Math.exp(2 * v)) / 2);
  assertClose(softplus(tensor([30, 5]), { threshold: 20 }), [30, Math.log1p(Math.exp(5))]); // linear above threshold
  const pos = tensor([0.25, 1, 4], undefined, { dtype: 'float64' });
  assertClose(log(pos), [Math.log(0.25), 0, Math.log(4)], 1e-12);
  assertClose(log1p(pos), [Math.log1p(0.25), Math.log1p(1), Math.log1p(4)], 1e-12);
  assertClose(sqrt(pos), [0.5, 1, 2], 1e-12);
  assertClose(rsqrt(pos), [2, 1, 0.5], 1e-12);
  // round half to even, as torch.round
  assertTensor(round(tensor([0.5, 1.5, 2.5, -0.5, 2.6])), [5], [0, 2, 2, -0, 3]);
}));

test('isnan and isfinite', () => tidy(() => {
  const x = tensor([0, Number.NaN, Infinity, -Infinity]);
  assertTensor(isnan(x), [4], [0, 1, 0, 0], 'bool');
  assertTensor(isfinite(x), [4], [1, 0, 0, 0], 'bool');
}));

test('where with tensors, numbers and broadcasting', () => tidy(() => {
  const cond = tensor([true, false, true], undefined, { dtype: 'bool' });
  const a = tensor([1, 2, 3]);
  const b = tensor([10, 20, 30]);
  assertTensor(where(cond, a, b), [3], [1, 20, 3]);
  assertTensor(where(cond, a, -1), [3], [1, -1, 3]);
  assertTensor(where(cond, 0, b), [3], [0, 20, 0]);
  assertTensor(where(cond, 5, 6), [3], [5, 6, 5]);
  assertTensor(where(tensor([[true], [false]], undefined, { dtype: 'bool' }), a, b), [2, 3], [1, 2, 3, 10, 20, 30]);
}));

test('clamp, clampMin, clampMax', () => tidy(() => {
  const x = tensor([-2, -0.5, 0.5, 2]);
  assertTensor(clamp(x, -1, 1), [4], [-1, -0.5, 0.5, 1]);
  assertTensor(clampMin(x, 0), [4], [0, 0, 0.5, 2]);
  assertTensor(clampMax(x, 0), [4], [-2, -0.5, 0, 0]);
  assertTensor(clamp(tensor(new Int32Array([-5, 0, 5])), -1, 1), [3], [-1, 0, 1], 'int32');
}));
