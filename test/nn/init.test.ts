import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Conv2d, Linear, fans, gain, kaimingNormal, kaimingUniform, normal, torchDefaultUniform, uniform, xavierNormal, xavierUniform,
} from '../../src/nn/index.ts';
import { manualSeed, tidy, zeros, type Tensor } from '../../src/tensor/index.ts';
import { values } from '../tensor/helpers/values.ts';

function stats(t: Tensor): { mean: number; std: number; maxAbs: number } {
  const v = values(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
  return { mean, std, maxAbs: v.reduce((m, x) => Math.max(m, Math.abs(x)), 0) };
}
const near = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * expected, `${what}: ${actual} vs ${expected}`);

test('fans and gains follow torch.nn.init', () => tidy(() => {
  assert.deepEqual(fans(zeros([64, 32, 3, 3])), { fanIn: 288, fanOut: 576 });
  assert.deepEqual(fans(zeros([10, 20])), { fanIn: 20, fanOut: 10 });
  assert.equal(gain('relu'), Math.SQRT2);
  assert.equal(gain('linear'), 1);
  assert.equal(gain('leakyRelu', 0.2), Math.sqrt(2 / 1.04));
}));

test('kaimingNormal: mean 0, std ≈ gain/√fan_in (or fan_out)', () => tidy(() => {
  manualSeed(1);
  const w = zeros([1000, 500]);
  kaimingNormal(w);
  const s = stats(w);
  near(s.std, Math.SQRT2 / Math.sqrt(500), 0.01, 'std');
  assert.ok(Math.abs(s.mean) < 0.001, `mean ${s.mean}`);
  const c = zeros([256, 64, 3, 3]);
  kaimingNormal(c, { mode: 'fanOut', nonlinearity: 'relu' });
  near(stats(c).std, Math.SQRT2 / Math.sqrt(256 * 9), 0.01, 'conv fan_out std');
}));

test('kaimingUniform and xavierUniform stay within their bounds and reach them', () => tidy(() => {
  manualSeed(2);
  const w = zeros([800, 400]);
  kaimingUniform(w);
  const bound = Math.SQRT2 * Math.sqrt(3 / 400);
  const s = stats(w);
  assert.ok(s.maxAbs <= bound && s.maxAbs > 0.999 * bound, `max ${s.maxAbs} bound ${bound}`);
  near(s.std, bound / Math.sqrt(3), 0.01, 'uniform std');
  xavierUniform(w);
  const xb = Math.sqrt(6 / (400 + 800));
  const x = stats(w);
  assert.ok(x.maxAbs <= xb && x.maxAbs > 0.999 * xb, `max ${x.maxAbs} bound ${xb}`);
  xavierUniform(w, 2);
  assert.ok(stats(w).maxAbs <= 2 * xb);
}));

test('xavierNormal: std ≈ gain·√(2/(fan_in+fan_out))', () => tidy(() => {
  manualSeed(3);
  const w = zeros([600, 900]);
  xavierNormal(w);
  near(stats(w).std, Math.sqrt(2 / 1500), 0.01, 'std');
}));

test('uniform and normal fill in place with the given spread, keeping dtype', () => tidy(() => {
  manualSeed(4);
  const w = zeros([200000], { dtype: 'float64' });
  uniform(w, 0.5);
  const s = stats(w);
  assert.ok(s.maxAbs <= 0.5 && s.maxAbs > 0.4999);
  assert.equal(w.dtype, 'float64');
  normal(w, 3);
  near(stats(w).std, 3, 0.01, 'normal std');
}));

test('PyTorch default init of Conv2d and Linear: U(±1/√fan_in) for weight and bias', () => tidy(() => {
  manualSeed(5);
  const conv = new Conv2d(16, 300, 3);
  const bound = 1 / Math.sqrt(16 * 9);
  const ws = stats(conv.weight);
  assert.ok(ws.maxAbs <= bound && ws.maxAbs > 0.99 * bound, `weight max ${ws.maxAbs} bound ${bound}`);
  assert.ok(stats(conv.bias!).maxAbs <= bound);
  const lin = new Linear(50, 1000);
  const lb = 1 / Math.sqrt(50);
  assert.ok(stats(lin.weight).maxAbs <= lb && stats(lin.weight).maxAbs > 0.99 * lb);
  assert.ok(stats(lin.bias!).maxAbs <= lb && stats(lin.bias!).maxAbs > 0.9 * lb);
  const t = zeros([300, 100]);
  torchDefaultUniform(t);
  assert.ok(stats(t).maxAbs <= 0.1 && stats(t).maxAbs > 0.099);
  conv.dispose();
  lin.dispose();
}));
