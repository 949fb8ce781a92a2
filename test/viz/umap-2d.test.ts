import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embed2d } from '../../src/viz/embed-2d.ts';
import { Random } from '../../src/util/random.ts';
import { nearestNeighbourAccuracy } from './layout-checks.ts';

test('UMAP through umap-js is seeded and keeps clusters apart', () => {
  const random = new Random(1);
  const n = 120, dim = 6;
  const labels = Int32Array.from({ length: n }, (_, i) => i % 3);
  const points = Float32Array.from({ length: n * dim }, (_, t) => (t % dim === labels[Math.floor(t / dim)] ? 10 : 0) + random.normal());
  const a = embed2d(points, n, dim, { method: 'umap', seed: 5, epochs: 100 });
  const b = embed2d(points, n, dim, { method: 'umap', seed: 5, epochs: 100 });
  assert.deepEqual(a, b);
  assert.ok(nearestNeighbourAccuracy(a, labels) > 0.95);
});
