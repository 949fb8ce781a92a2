import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sum, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import { CosineSimilarity, LpDistance, SquaredEuclideanDistance } from '../../src/metric/index.ts';
import { ArgumentError, ShapeError } from '../../src/util/errors.ts';
import { cosine, euclidean, embeddingsOf, pairwise, randomBatch, squaredEuclidean, type Matrix, type Measure } from './helpers/brute-force.ts';

const maxAbsDifference = (t: Tensor, expected: Matrix) => {
  const data = t.data() as Float64Array;
  return Math.max(...expected.flat().map((v, i) => Math.abs(v - data[i]!)));
};

test('pairwise values equal loops, against themselves and against a reference set', () => {
  const { values } = randomBatch(1, 7, 5, 2);
  const { values: ref } = randomBatch(2, 4, 5, 2);
  const cases: [string, LpDistance | SquaredEuclideanDistance | CosineSimilarity, Measure][] = [
    ['lp', new LpDistance(), euclidean], ['squared', new SquaredEuclideanDistance(), squaredEuclidean], ['cosine', new CosineSimilarity(), cosine],
  ];
  for (const [name, distance, measure] of cases) {
    tidy(() => {
      const self = distance.pairwise(embeddingsOf(values));
      assert.deepEqual(self.shape, [7, 7]);
      assert.ok(maxAbsDifference(self, pairwise(values, measure)) < 1e-12, name);
      const cross = distance.pairwise(embeddingsOf(values), embeddingsOf(ref));
      assert.deepEqual(cross.shape, [7, 4]);
      assert.ok(maxAbsDifference(cross, values.map((x) => ref.map((y) => measure(x, y)))) < 1e-12, `${name} with ref`);
    });
  }
});

test('LpDistance: the diagonal is exactly 0 and the gradient stays finite where points coincide', () => {
  tidy(() => {
    // Rows 0 and 1 coincide: their distance and its gradient would be 0/0 with a plain sqrt.
    const embeddings = embeddingsOf([[1, 2], [1, 2], [4, 6]]).setRequiresGrad();
    const d = new LpDistance().pairwise(embeddings);
    assert.deepEqual(Array.from(d.data() as Float64Array), [0, 0, 5, 0, 0, 5, 5, 5, 0]);
    sum(d).backward();
    const grad = Array.from(embeddings.grad!.data() as Float64Array);
    assert.ok(grad.every(Number.isFinite), `gradient ${grad}`);
    // d(row 2)/d(row 2) = 2 × 2 × unit vector from each of rows 0 and 1 (symmetric matrix, counted twice).
    assert.ok(Math.abs(grad[4]! - 4 * 0.6) < 1e-12 && Math.abs(grad[5]! - 4 * 0.8) < 1e-12);
  });
});

test('LpDistance with normalizeEmbeddings compares directions only', () => {
  tidy(() => {
    const d = new LpDistance({ normalizeEmbeddings: true }).pairwise(embeddingsOf([[3, 0], [0, 0.5]]));
    assert.ok(Math.abs((d.data() as Float64Array)[1]! - Math.SQRT2) < 1e-12);
  });
});

test('direction semantics: isInverted, closer, separation, farness', () => {
  tidy(() => {
    const a = tensor(Float64Array.from([1, 3]));
    const b = tensor(Float64Array.from([2, 2]));
    const lp = new LpDistance();
    const cos = new CosineSimilarity();
    assert.equal(lp.isInverted, false);
    assert.equal(cos.isInverted, true);
    assert.deepEqual(lp.closer(a, b).toArray(), [1, 0]);
    assert.deepEqual(cos.closer(a, b).toArray(), [0, 1]);
    // separation(positive, negative): how much farther the negative is.
    assert.deepEqual(lp.separation(a, b).toArray(), [1, -1]);
    assert.deepEqual(cos.separation(a, b).toArray(), [-1, 1]);
    assert.deepEqual(lp.separation(0.5, b).toArray(), [1.5, 1.5]);
    assert.deepEqual(cos.separation(a, 0.5).toArray(), [0.5, 2.5]);
    assert.deepEqual(lp.farness(a).toArray(), [1, 3]);
    assert.deepEqual(cos.farness(a).toArray(), [-1, -3]);
  });
});

test('pairwise rejects bad shapes and dtypes with named errors', () => {
  tidy(() => {
    const lp = new LpDistance();
    assert.throws(() => lp.pairwise(tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /LpDistance\.pairwise: expected a 2-D/.test(e.message));
    assert.throws(() => lp.pairwise(embeddingsOf([[1, 2]]), embeddingsOf([[1, 2, 3]])),
      (e: unknown) => e instanceof ShapeError && /expected 2 columns \(as embeddings\) for ref/.test(e.message));
    assert.throws(() => lp.pairwise(tensor([[1, 2]], undefined, { dtype: 'int64' })), ArgumentError);
  });
});

test('float32 embeddings work too', () => {
  tidy(() => {
    const d = new LpDistance().pairwise(tensor([[0, 0], [3, 4]]));
    assert.equal(d.dtype, 'float32');
    assert.deepEqual(d.toArray(), [[0, 5], [5, 0]]);
  });
});
