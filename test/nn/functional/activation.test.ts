import { test } from 'node:test';
import { logSoftmax, softmax } from '../../../src/nn/functional/index.ts';
import { sum, tensor, tidy } from '../../../src/tensor/index.ts';
import { assertClose } from '../../tensor/helpers/values.ts';

test('logSoftmax is x − logsumexp(x), stable for large logits', () => tidy(() => {
  const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
  assertClose(logSoftmax(tensor([[1, 2, 3], [1000, 1000, 1000]], undefined, { dtype: 'float64' })), [1 - lse, 2 - lse, 3 - lse, -Math.log(3), -Math.log(3), -Math.log(3)], 1e-12);
  // along dim 0
  assertClose(logSoftmax(tensor([[0, 5], [0, 5]]), 0), [-Math.LN2, -Math.LN2, -Math.LN2, -Math.LN2]);
}));

test('softmax rows sum to one', () => tidy(() => {
  const s = softmax(tensor([[1, 2, 3], [-1, 0, 1]]));
  assertClose(sum(s, { dim: 1 }), [1, 1]);
  const e = [1, 2, 3].map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  assertClose(s, [...e.map((v) => v / z), ...e.map((v) => v / z)]);
}));
