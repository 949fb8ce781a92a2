import { test } from 'node:test';
import {
  addcdivInPlace, addcmulInPlace, addInPlace, copyInPlace, fillInPlace, lerpInPlace, mulInPlace, tensor, tidy, zeroInPlace,
} from '../../src/tensor/index.ts';
import { assertClose } from './helpers/values.ts';

test('in-place updates mutate their target', () => tidy(() => {
  const t = tensor([1, 2, 3], undefined, { dtype: 'float64' });
  addInPlace(t, 1);
  assertClose(t, [2, 3, 4], 0);
  addInPlace(t, tensor([1, 1, 1], undefined, { dtype: 'float64' }), -2);
  assertClose(t, [0, 1, 2], 0);
  addInPlace(t, 1, 3); // number · alpha
  assertClose(t, [3, 4, 5], 0);
  mulInPlace(t, 2);
  assertClose(t, [6, 8, 10], 0);
  mulInPlace(t, tensor([0.5, 0.25, 0.1], undefined, { dtype: 'float64' }));
  assertClose(t, [3, 2, 1], 1e-15);
  const a = tensor([1, 2, 3], undefined, { dtype: 'float64' });
  const b = tensor([2, 2, 2], undefined, { dtype: 'float64' });
  addcmulInPlace(t, a, b, 0.5); // t += 0.5·a·b
  assertClose(t, [4, 4, 4], 1e-15);
  addcdivInPlace(t, a, b, 2); // t += 2·a/b
  assertClose(t, [5, 6, 7], 1e-15);
  lerpInPlace(t, tensor([7, 6, 5], undefined, { dtype: 'float64' }), 0.5);
  assertClose(t, [6, 6, 6], 1e-15);
  copyInPlace(t, a);
  assertClose(t, [1, 2, 3], 0);
  fillInPlace(t, 9);
  assertClose(t, [9, 9, 9], 0);
  zeroInPlace(t);
  assertClose(t, [0, 0, 0], 0);
}));
