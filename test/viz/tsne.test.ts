import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tsne } from '../../src/viz/tsne.ts';
import { embed2d } from '../../src/viz/embed-2d.ts';
import { ExactIndex } from '../../src/gallery/exact-search.ts';
import { HnswIndex } from '../../src/gallery/hnsw-index.ts';
import type { NeighbourIndex } from '../../src/gallery/neighbour-index.ts';
import { Random } from '../../src/util/random.ts';
import { nearestNeighbourAccuracy } from './layout-checks.ts';

function clusters(n: number, dim: number, seed: number): { points: Float32Array; labels: Int32Array } {
  const random = new Random(seed);
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const points = Float32Array.from({ length: n * dim }, (_, t) => (t % dim === labels[Math.floor(t / dim)] ? 10 : 0) + random.normal());
  return { points, labels };
}

test('three separated Gaussian clusters stay separated in 2-D', () => {
  const { points, labels } = clusters(300, 10, 1);
  const layout = tsne(points, 300, 10, { seed: 7 });
  assert.equal(layout.length, 600);
  assert.ok(layout.every(Number.isFinite));
  assert.ok(nearestNeighbourAccuracy(layout, labels) > 0.95);
});

test('deterministic per seed; the seed matters with random init', () => {
  const { points } = clusters(150, 10, 2);
  const a = embed2d(points, 150, 10, { method: 'tsne', seed: 3, iterations: 200 });
  const b = embed2d(points, 150, 10, { method: 'tsne', seed: 3, iterations: 200 });
  assert.deepEqual(a, b);
  const c = tsne(points, 150, 10, { seed: 3, init: 'random', iterations: 200 });
  const d = tsne(points, 150, 10, { seed: 4, init: 'random', iterations: 200 });
  assert.notDeepEqual(c, d);
});

test('tiny and degenerate inputs', () => {
  assert.deepEqual(tsne(new Float32Array(0), 0, 3, { seed: 0 }), new Float32Array(0));
  assert.deepEqual(tsne(Float32Array.from([1, 2, 3]), 1, 3, { seed: 0 }), new Float32Array(2));
  // Identical points (perplexity clamps to (n − 1) / 3; init falls back to random).
  const same = tsne(new Float32Array(5 * 4).fill(1), 5, 4, { seed: 0, iterations: 50 });
  assert.ok(same.every(Number.isFinite));
  assert.throws(() => tsne(new Float32Array(5), 2, 3, { seed: 0 }), /tsne: expected 2 × 3 = 6 values for points but received 5/);
  assert.throws(() => tsne(Float32Array.from([1, NaN]), 2, 1, { seed: 0 }), /expected finite values for points but received NaN at point 1/);
  assert.throws(() => tsne(new Float32Array(6), 3, 2, { seed: 0, theta: -1 }), /tsne: expected a number ≥ 0 for options.theta but received -1/);
  assert.throws(() => tsne(new Float32Array(6), 3, 2, { seed: 0, perplexity: 0 }), /options.perplexity but received 0/);
});

test('neighbours come through the index given: the default exact one, or HNSW', () => {
  const { points, labels } = clusters(300, 10, 5);
  const exact = new ExactIndex(10, { dtype: 'float64' });
  exact.setVectors(points);
  let searches = 0;
  const counting: NeighbourIndex = { dim: 10, size: 300, search: (q, k) => { searches++; return exact.search(q, k); } };
  const options = { seed: 2, iterations: 100 };
  assert.deepEqual(tsne(points, 300, 10, { ...options, index: counting }), tsne(points, 300, 10, options), 'the default is exact search in float64');
  assert.equal(searches, 1);
  exact.dispose();
  const hnsw = new HnswIndex(10);
  hnsw.add(points);
  assert.ok(nearestNeighbourAccuracy(tsne(points, 300, 10, { seed: 7, index: hnsw }), labels) > 0.95);
  const partial = new HnswIndex(10);
  partial.add(points.subarray(0, 299 * 10));
  assert.throws(() => tsne(points, 300, 10, { seed: 0, index: partial }), /tsne: expected an index of the 300 × 10 points for options.index but received one of 299 × 10/);
});
