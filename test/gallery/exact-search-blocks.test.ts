// Blocked exact search against a brute-force loop: many small blocks, exact ties (integer
// vectors, so every distance is exact), k > n, every storage; the index file answers as memory does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExactIndex } from '../../src/gallery/exact-search.ts';
import { ExactIndexFileWriter } from '../../src/gallery/exact-index-file.ts';
import { decodeVectors, dimScaleOf, encodeVectors, vectorStorages } from '../../src/gallery/vector-storage.ts';
import { Random } from '../../src/util/random.ts';

/** Indices nearest first, ties by index, with squared distances. */
function bruteForce(points: Float32Array, dim: number, query: Float32Array): { index: number; squared: number }[] {
  const out: { index: number; squared: number }[] = [];
  for (let i = 0; i < points.length / dim; i++) {
    let s = 0;
    for (let t = 0; t < dim; t++) s += (points[i * dim + t]! - query[t]!) ** 2;
    out.push({ index: i, squared: s });
  }
  return out.sort((a, b) => a.squared - b.squared || a.index - b.index);
}

/** Small integer vectors with many repeated rows and equal distances. */
function integerPoints(n: number, dim: number, seed: number): Float32Array {
  const random = new Random(seed);
  return Float32Array.from({ length: n * dim }, () => Math.floor(random.next() * 3) - 1);
}

/** Unit vectors around 20 centres: a small stand-in for real embeddings. */
function clusteredUnit(n: number, dim: number, seed: number): Float32Array {
  const random = new Random(seed);
  const centres = Float32Array.from({ length: 20 * dim }, () => random.normal(0, 1));
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random.next() * 20);
    let s = 0;
    for (let t = 0; t < dim; t++) s += (out[i * dim + t] = centres[c * dim + t]! + random.normal(0, 0.35)) ** 2;
    for (let t = 0; t < dim; t++) out[i * dim + t]! /= Math.sqrt(s);
  }
  return out;
}

test('blocked float32 search equals brute force, ties in index order, across block edges', () => {
  const dim = 6, n = 500, k = 40;
  const points = integerPoints(n, dim, 1);
  const queries = integerPoints(25, dim, 2);
  for (const blockRows of [7, 64, 1000]) {
    const index = new ExactIndex(dim, { blockRows });
    index.setVectors(points);
    const found = index.search(queries, k);
    assert.equal(found.k, k);
    for (let q = 0; q < 25; q++) {
      const expected = bruteForce(points, dim, queries.subarray(q * dim, (q + 1) * dim));
      const got = Array.from(found.indices.subarray(q * k, (q + 1) * k));
      // The distances are exact; among the items tied at the k-th distance any may be chosen, the rest are fixed.
      got.forEach((index, j) => assert.equal(found.distances[q * k + j]!, Math.fround(Math.sqrt(expected[j]!.squared)), `block ${blockRows} query ${q} rank ${j}`));
      const boundary = expected[k - 1]!.squared;
      const inside = expected.filter((e) => e.squared < boundary).map((e) => e.index);
      assert.deepEqual(got.slice(0, inside.length), inside, `block ${blockRows} query ${q}: items nearer than the k-th, in order`);
      const tied = new Set(expected.filter((e) => e.squared === boundary).map((e) => e.index));
      const rest = got.slice(inside.length);
      for (const i of rest) assert.ok(tied.has(i), `block ${blockRows} query ${q}: ${i} is tied at the k-th distance`);
      assert.deepEqual(rest, [...rest].sort((a, b) => a - b), 'ties in ascending index order');
      assert.equal(new Set(got).size, k, 'no item twice');
    }
    index.dispose();
  }
});

test('k larger than the gallery returns every item, once, nearest first', () => {
  const dim = 4, n = 9;
  const points = integerPoints(n, dim, 3);
  const index = new ExactIndex(dim, { blockRows: 4 });
  index.setVectors(points);
  const query = integerPoints(1, dim, 4);
  const found = index.search(query, 50);
  assert.equal(found.k, n);
  const expected = bruteForce(points, dim, query);
  assert.deepEqual(Array.from(found.distances), expected.map((e) => Math.fround(Math.sqrt(e.squared))));
  assert.deepEqual([...found.indices].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  index.dispose();
});

test('float16 and int8 storage round trip within their step, and keep recall@10 on clustered unit vectors', () => {
  const dim = 32, n = 3000;
  const points = clusteredUnit(n, dim, 5);
  const queries = clusteredUnit(60, dim, 6);
  const exact = new ExactIndex(dim);
  exact.setVectors(points);
  const truth = exact.search(queries, 10);
  for (const storage of vectorStorages) {
    const encoded = encodeVectors(points, dim, storage);
    const decoded = decodeVectors(encoded);
    let worst = 0;
    for (let i = 0; i < points.length; i++) worst = Math.max(worst, Math.abs(decoded[i]! - points[i]!));
    const bound = { float32: 0, float16: 1e-3, 'int8-row': 0.5 * 2 / 255 + 1e-6, 'int8-dim': 0.5 * 2 / 255 + 1e-6 }[storage];
    assert.ok(worst <= bound, `${storage}: worst round-trip error ${worst} > ${bound}`);
    const index = new ExactIndex(dim, { storage, blockRows: 1000 });
    index.setVectors(points);
    const found = index.search(queries, 10);
    let hits = 0;
    for (let q = 0; q < 60; q++) {
      const expected = new Set(truth.indices.subarray(q * 10, (q + 1) * 10));
      for (const i of found.indices.subarray(q * 10, (q + 1) * 10)) if (expected.has(i)) hits++;
    }
    // Measured 1.0 (float16) and ≥ 0.97 (int8) here; the margins leave room for other data.
    assert.ok(hits / 600 >= (storage === 'float32' ? 1 : storage === 'float16' ? 0.98 : 0.9), `${storage}: recall@10 ${hits / 600}`);
    index.dispose();
  }
  exact.dispose();
});

test('an index file, written block by block, answers as the same index in memory does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-exact-file-'));
  try {
    const dim = 16, n = 700;
    const points = clusteredUnit(n, dim, 7);
    const queries = clusteredUnit(12, dim, 8);
    for (const storage of vectorStorages) {
      const file = join(dir, `${storage}.safetensors`);
      const dimScale = storage === 'int8-dim' ? dimScaleOf(points, dim) : undefined;
      const writer = new ExactIndexFileWriter(file, storage, n, dim, dimScale);
      for (let start = 0; start < n; start += 300) writer.append(encodeVectors(points.subarray(start * dim, Math.min(n, start + 300) * dim), dim, storage, { dimScale }));
      await writer.close();
      const memory = new ExactIndex(dim, { storage, blockRows: 128 });
      memory.setEncoded(encodeVectors(points, dim, storage, { dimScale }));
      const onDisk = ExactIndex.openFile(file, { blockRows: 128 });
      assert.equal(onDisk.storage, storage);
      assert.equal(onDisk.size, n);
      const a = memory.search(queries, 15);
      const b = onDisk.search(queries, 15);
      assert.deepEqual(b.indices, a.indices, storage);
      assert.deepEqual(b.distances, a.distances, storage);
      memory.dispose();
      onDisk.dispose();
    }
    assert.deepEqual((await readdir(dir)).filter((name) => name.endsWith('.tmp')), [], 'no temp file left');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a file that is not an exact index is refused with its name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-exact-file-'));
  try {
    const file = join(dir, 'other.bin');
    await (await import('node:fs/promises')).writeFile(file, Buffer.from('not an index at all'));
    assert.throws(() => ExactIndex.openFile(file), (error: Error) => error.message.includes(file));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
