// ExactIndex and nearestOthers against brute-force loops: the same neighbours (random data has
// no ties) and the same distances, for vectors of any length, in float32 and float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExactIndex } from '../../src/gallery/exact-search.ts';
import { HnswIndex } from '../../src/gallery/hnsw-index.ts';
import { nearestOthers, type NeighbourIndex } from '../../src/gallery/neighbour-index.ts';
import { Random } from '../../src/util/random.ts';

/** Every item's distance to `query`, nearest first (ties by index). */
function bruteForce(points: Float32Array, dim: number, query: Float32Array, skip = -1): { index: number; distance: number }[] {
  const out: { index: number; distance: number }[] = [];
  for (let i = 0; i < points.length / dim; i++) {
    if (i === skip) continue;
    let s = 0;
    for (let t = 0; t < dim; t++) s += (points[i * dim + t]! - query[t]!) ** 2;
    out.push({ index: i, distance: Math.sqrt(s) });
  }
  return out.sort((a, b) => a.distance - b.distance || a.index - b.index);
}

/** Clustered, not unit length: norms from about 1 to 30. */
function clustered(n: number, dim: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n * dim }, (_, t) => (t % 3) * Math.floor(t / dim / 100) * 4 + random.normal(0, 1 + (t % 5)));
}

test('exact search of vectors that are not unit length matches a brute-force loop', () => {
  const dim = 7, k = 12;
  const points = clustered(400, dim, 1);
  const queries = clustered(30, dim, 2);
  for (const dtype of ['float32', 'float64'] as const) {
    const index = new ExactIndex(dim, { dtype });
    index.setVectors(points);
    const found = index.search(queries, k);
    assert.equal(found.k, k);
    for (let q = 0; q < 30; q++) {
      const expected = bruteForce(points, dim, queries.subarray(q * dim, (q + 1) * dim)).slice(0, k);
      assert.deepEqual(Array.from(found.indices.subarray(q * k, (q + 1) * k)), expected.map((e) => e.index), `${dtype} query ${q}`);
      // float32 rounds ‖q‖² + ‖g‖² − 2 q·g (norms up to ~30): a looser bound than float64's.
      const tolerance = dtype === 'float64' ? 1e-6 : 2e-3;
      expected.forEach((e, j) => assert.ok(Math.abs(found.distances[q * k + j]! - e.distance) <= tolerance * Math.max(1, e.distance), `${dtype} query ${q} rank ${j}: ${found.distances[q * k + j]} vs ${e.distance}`));
    }
    index.dispose();
  }
});

test('nearestOthers leaves each point out of its own list and equals a brute-force search', () => {
  const dim = 7, k = 12, n = 400;
  const points = clustered(n, dim, 3);
  const index = new ExactIndex(dim, { dtype: 'float64' });
  index.setVectors(points);
  const found = nearestOthers(index, points, k);
  assert.equal(found.k, k);
  for (let q = 0; q < n; q++) {
    const expected = bruteForce(points, dim, points.subarray(q * dim, (q + 1) * dim), q).slice(0, k);
    assert.deepEqual(Array.from(found.indices.subarray(q * k, (q + 1) * k)), expected.map((e) => e.index), `point ${q}`);
    expected.forEach((e, j) => assert.equal(found.distances[q * k + j], Math.fround(e.distance), `point ${q} rank ${j}`));
  }
  index.dispose();
});

test('nearestOthers with exact duplicates: the point itself is never its own neighbour', () => {
  // Points 0-4 coincide at the origin, 5 is at distance 1, 6 at distance 2.
  const points = Float32Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0]);
  const index = new ExactIndex(2, { dtype: 'float64' });
  index.setVectors(points);
  for (const k of [2, 4, 5]) {
    const found = nearestOthers(index, points, k);
    for (let q = 0; q < 7; q++) {
      const row = Array.from(found.indices.subarray(q * k, (q + 1) * k));
      assert.ok(!row.includes(q), `k ${k}: point ${q} in its own list ${row}`);
      assert.equal(new Set(row).size, k);
      const expected = bruteForce(points, 2, points.subarray(2 * q, 2 * q + 2), q).slice(0, k).map((e) => e.distance);
      assert.deepEqual(Array.from(found.distances.subarray(q * k, (q + 1) * k)), expected, `k ${k} point ${q}`);
    }
  }
  assert.equal(nearestOthers(index, points, 50).k, 6, 'k is capped at n − 1');
  assert.throws(() => nearestOthers(index, points.subarray(0, 6), 2), /nearestOthers: expected the index's 7 × 2 = 14 values for points but received 6/);
  index.dispose();
});

test('exact search in blocks of queries (more distances than one block holds) gives the same answers', () => {
  // 20,000 × 1,000 distances exceed the 2^24 per block, so the queries go in two blocks.
  const dim = 3, n = 20_000, queryCount = 1_000, k = 3;
  const random = new Random(4);
  const points = Float32Array.from({ length: n * dim }, () => random.normal());
  const queries = Float32Array.from({ length: queryCount * dim }, () => random.normal());
  const index = new ExactIndex(dim, { dtype: 'float64' });
  index.setVectors(points);
  const found = index.search(queries, k);
  for (const q of [0, 1, 838, 839, 999]) {
    const expected = bruteForce(points, dim, queries.subarray(q * dim, (q + 1) * dim)).slice(0, k);
    assert.deepEqual(Array.from(found.indices.subarray(q * k, (q + 1) * k)), expected.map((e) => e.index), `query ${q}`);
  }
  index.dispose();
});

test('exact and HNSW search are one interface: nearestOthers runs on either', () => {
  const dim = 8, n = 500, k = 5;
  const points = clustered(n, dim, 5);
  const exact = new ExactIndex(dim);
  exact.setVectors(points);
  const hnsw = new HnswIndex(dim);
  hnsw.add(points);
  const indexes: NeighbourIndex[] = [exact, hnsw];
  const [fromExact, fromHnsw] = indexes.map((index) => nearestOthers(index, points, k));
  let agree = 0;
  for (let q = 0; q < n; q++) {
    const truth = new Set(fromExact!.indices.subarray(q * k, (q + 1) * k));
    for (const j of fromHnsw!.indices.subarray(q * k, (q + 1) * k)) if (truth.has(j)) agree++;
  }
  assert.ok(agree / (n * k) > 0.95, `HNSW recall@${k} ${agree / (n * k)}`);
  exact.dispose();
});

test('bad arguments are refused with the parameter named', () => {
  assert.throws(() => new ExactIndex(2, { dtype: 'int8' as 'float32' }), /ExactIndex: expected 'float32' or 'float64' for options.dtype but received int8/);
  const index = new ExactIndex(2);
  assert.throws(() => index.setVectors(new Float32Array(3)), /expected a multiple of 2 values for vectors but received 3/);
  assert.deepEqual(index.search(new Float32Array(2), 3), { indices: new Int32Array(0), distances: new Float32Array(0), k: 0 }, 'an empty index finds nothing');
});
