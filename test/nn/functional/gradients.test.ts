// Autograd against central finite differences in float64 (relative error < 1e-6).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool2d, batchNorm, cdist, conv2d, crossEntropy, linear, maxPool2d, normalize,
} from '../../../src/nn/functional/index.ts';
import { liveTensors, mul, ones, setNumThreads, tensor, tidy, zeros, type Tensor } from '../../../src/tensor/index.ts';
import { checkGradient, distinctValues } from '../../tensor/helpers/check-gradient.ts';

// Thousands of tiny ops: handing each to a thread pool costs more than the work (10× on a busy machine).
setNumThreads(1);

const input = (shape: number[], seed: number): Tensor =>
  tensor(distinctValues(shape.reduce((a, b) => a * b, 1), seed), shape, { dtype: 'float64' });

test('checkGradient itself: passes a right gradient and catches a wrong one', () => {
  const before = liveTensors();
  const x = input([3], 1);
  assert.deepEqual(checkGradient((v) => normalize(v, { dim: 0 }), [x]).length, 1);
  // v ⊙ detach(v): autograd sees gradient v, the true gradient is 2v
  assert.throws(() => checkGradient((v) => mul(v, v.detach()), [x]), /relative error/);
  x.dispose();
  assert.equal(liveTensors(), before);
});

test('conv2d: input, weight and bias, with stride, padding, dilation and groups', () => {
  const x = input([2, 4, 6, 5], 2);
  const w = input([4, 2, 3, 2], 3);
  const b = input([4], 4);
  checkGradient((xi, wi, bi) => conv2d(xi!, wi!, bi!, { stride: [2, 1], padding: [1, 1], dilation: [1, 2], groups: 2 }), [x, w, b]);
  checkGradient((xi, wi) => conv2d(xi!, wi!, null, { padding: 1 }), [input([1, 2, 4, 4], 5), input([3, 2, 3, 3], 6)]);
});

test('batchNorm in training mode: input, weight and bias (2-D and 4-D inputs)', () => {
  const run = (shape: number[], seed: number) => {
    const channels = shape[1]!;
    const runningMean = zeros([channels], { dtype: 'float64' });
    const runningVar = ones([channels], { dtype: 'float64' });
    checkGradient((xi, wi, bi) => batchNorm(xi!, { weight: wi!, bias: bi!, runningMean, runningVar, training: true }),
      [input(shape, seed), input([channels], seed + 1), input([channels], seed + 2)]);
    runningMean.dispose();
    runningVar.dispose();
  };
  run([5, 3], 10);
  run([3, 2, 3, 3], 20);
});

test('linear: input, weight and bias', () => {
  checkGradient((xi, wi, bi) => linear(xi!, wi!, bi!), [input([4, 5], 30), input([3, 5], 31), input([3], 32)]);
});

test('maxPool2d and avgPool2d (overlapping windows, padding, ceil mode)', () => {
  checkGradient((xi) => maxPool2d(xi!, 2), [input([2, 2, 4, 4], 40)]);
  checkGradient((xi) => maxPool2d(xi!, 3, { stride: 2, padding: 1, ceilMode: true }), [input([1, 2, 6, 5], 41)]);
  checkGradient((xi) => avgPool2d(xi!, 2), [input([2, 2, 4, 4], 42)]);
  checkGradient((xi) => avgPool2d(xi!, 3, { stride: 2, padding: 1 }), [input([1, 2, 5, 6], 43)]);
});

test('adaptive average and max pools, including sizes that do not divide', () => {
  checkGradient((xi) => adaptiveAvgPool2d(xi!, [3, 2]), [input([2, 2, 5, 5], 50)]);
  checkGradient((xi) => adaptiveAvgPool2d(xi!, 1), [input([2, 3, 4, 4], 51)]);
  checkGradient((xi) => adaptiveMaxPool2d(xi!, [3, 2]), [input([2, 2, 5, 5], 52)]);
  checkGradient((xi) => adaptiveMaxPool2d(xi!, 1), [input([2, 3, 4, 4], 53)]);
});

test('normalize (L2 and L1, along rows and columns)', () => {
  checkGradient((xi) => normalize(xi!, { dim: 1 }), [input([4, 5], 60)]);
  checkGradient((xi) => normalize(xi!, { dim: 0, p: 1 }), [input([4, 5], 61)]);
});

test('cdist, both arguments, p = 2 and p = 1', () => {
  checkGradient((ai, bi) => cdist(ai!, bi!), [input([5, 3], 70), input([4, 3], 71)]);
  checkGradient((ai, bi) => cdist(ai!, bi!, 1), [input([3, 4], 72), input([2, 4], 73)]);
  // past libtorch's matrix-product cut-over (> 25 rows)
  checkGradient((ai, bi) => cdist(ai!, bi!), [input([27, 2], 74), input([26, 2], 75)]);
});

test('crossEntropy: logits, with mean reduction and with label smoothing', () => {
  const target = tensor([2, 0, 1, 2], undefined, { dtype: 'int64' });
  checkGradient((li) => crossEntropy(li!, target), [input([4, 3], 80)]);
  checkGradient((li) => crossEntropy(li!, target, { labelSmoothing: 0.2, reduction: 'sum' }), [input([4, 3], 81)]);
  target.dispose();
});

test('gradient checks leave no tensors behind', () => {
  const before = liveTensors();
  tidy(() => checkGradient((xi) => maxPool2d(xi!, 2), [input([1, 1, 2, 2], 90)]));
  assert.equal(liveTensors(), before);
});
