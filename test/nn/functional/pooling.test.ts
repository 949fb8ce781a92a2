import { test } from 'node:test';
import { adaptiveAvgPool2d, adaptiveMaxPool2d, avgPool2d, interpolate, maxPool2d } from '../../../src/nn/functional/index.ts';
import { arange, reshape, tensor, tidy } from '../../../src/tensor/index.ts';
import { assertClose, assertTensor } from '../../tensor/helpers/values.ts';

const grid = (n: number) => reshape(arange(n * n, undefined, 1, { dtype: 'float32' }), [1, 1, n, n]);

test('maxPool2d and avgPool2d with the default stride (= kernel)', () => tidy(() => {
  assertTensor(maxPool2d(grid(4), 2), [1, 1, 2, 2], [5, 7, 13, 15]);
  assertTensor(avgPool2d(grid(4), 2), [1, 1, 2, 2], [2.5, 4.5, 10.5, 12.5]);
}));

test('pooling with padding, stride and ceil mode', () => tidy(() => {
  // 3×3 windows, stride 2, padding 1 over a 4×4 grid: centred on (0,0), (0,2), (2,0), (2,2)
  assertTensor(maxPool2d(grid(4), 3, { stride: 2, padding: 1 }), [1, 1, 2, 2], [5, 7, 13, 15]);
  // average counts the zero padding (count_include_pad, PyTorch's default)
  assertTensor(avgPool2d(tensor([1, 2, 3, 4], [1, 1, 2, 2]), 2, { padding: 1 }), [1, 1, 2, 2], [0.25, 0.5, 0.75, 1]);
  // ceil mode keeps the partial last window
  assertTensor(maxPool2d(grid(5), 2), [1, 1, 2, 2], [6, 8, 16, 18]);
  assertTensor(maxPool2d(grid(5), 2, { ceilMode: true }), [1, 1, 3, 3], [6, 8, 9, 16, 18, 19, 21, 23, 24]);
}));

test('adaptive pools: overlapping bins when the size does not divide', () => tidy(() => {
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 1, 3, 3]);
  // bins [0,2) and [1,3) in each direction
  assertTensor(adaptiveAvgPool2d(x, 2), [1, 1, 2, 2], [3, 4, 6, 7]);
  assertTensor(adaptiveMaxPool2d(x, 2), [1, 1, 2, 2], [5, 6, 8, 9]);
  assertTensor(adaptiveAvgPool2d(x, 1), [1, 1, 1, 1], [5]);
  assertTensor(adaptiveMaxPool2d(x, [1, 3]), [1, 1, 1, 3], [7, 8, 9]);
  const two = tensor([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]); // per channel
  assertTensor(adaptiveAvgPool2d(two, 1), [1, 2, 1, 1], [2.5, 25]);
}));

test('interpolate: nearest repeats, bilinear follows align_corners', () => tidy(() => {
  const x = tensor([0, 1, 2, 3], [1, 1, 2, 2]);
  assertTensor(interpolate(x, 4), [1, 1, 4, 4], [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  assertClose(interpolate(x, 3, { mode: 'bilinear', alignCorners: true }), [0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3]);
  // half-pixel centres: source coordinates clamp(−0.25)=0, 0.25, 0.75, clamp(1.25)=1
  const r = [0, 0.25, 0.75, 1];
  assertClose(interpolate(x, 4, { mode: 'bilinear' }), r.flatMap((ri) => r.map((cj) => 2 * ri + cj)));
  assertTensor(interpolate(x, [1, 2]), [1, 1, 1, 2], [0, 1]);
}));
