import { test } from 'node:test';
import { cdist } from '../../../src/nn/functional/index.ts';
import { tensor, tidy } from '../../../src/tensor/index.ts';
import { Random } from '../../../src/util/random.ts';
import { assertClose } from '../../tensor/helpers/values.ts';

test('cdist: Euclidean and p = 1 distances between rows', () => tidy(() => {
  const a = tensor([[0, 0], [1, 1]], undefined, { dtype: 'float64' });
  const b = tensor([[3, 4], [1, 1], [-1, 0]], undefined, { dtype: 'float64' });
  assertClose(cdist(a, b), [5, Math.SQRT2, 1, Math.sqrt(13), 0, Math.sqrt(5)], 1e-12);
  assertClose(cdist(a, b, 1), [7, 2, 1, 5, 0, 3], 1e-12);
}));

test('cdist matches a brute-force loop on larger inputs (where libtorch switches to matrix products)', () => tidy(() => {
  const random = new Random(3);
  const [n, m, d] = [40, 30, 8];
  const av = Array.from({ length: n * d }, () => random.uniform(-1, 1));
  const bv = Array.from({ length: m * d }, () => random.uniform(-1, 1));
  const expected: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (av[i * d + k]! - bv[j * d + k]!) ** 2;
    expected.push(Math.sqrt(s));
  }
  assertClose(cdist(tensor(av, [n, d], { dtype: 'float64' }), tensor(bv, [m, d], { dtype: 'float64' })), expected, 1e-10);
  assertClose(cdist(tensor(av, [n, d]), tensor(bv, [m, d])), expected, 1e-5);
}));
