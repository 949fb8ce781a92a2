import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrievalFromDistances } from '../../src/eval/retrieval-from-distances.ts';
import { retrievalFromNeighbours } from '../../src/eval/retrieval-from-neighbours.ts';
import { Random } from '../../src/util/random.ts';
import { rankedGallery } from './brute-force-retrieval.ts';

function lists(d: Float32Array, ql: Int32Array, gl: Int32Array, perQuery: number): Int32Array {
  const g = gl.length;
  const out = new Int32Array(ql.length * perQuery).fill(-1);
  for (let q = 0; q < ql.length; q++) {
    const ranked = rankedGallery(d.subarray(q * g, (q + 1) * g), gl, ql[q]!, -1, 'pessimistic').slice(0, perQuery);
    out.set(ranked, q * perQuery);
  }
  return out;
}

function randomCase(seed: number): { d: Float32Array; ql: Int32Array; gl: Int32Array } {
  const random = new Random(seed);
  const d = Float32Array.from({ length: 15 * 25 }, () => random.int(8));
  const gl = Int32Array.from({ length: 25 }, () => random.int(6));
  const ql = Int32Array.from({ length: 15 }, () => random.int(7));
  return { d, ql, gl };
}

test('complete neighbour lists give exactly the distance-matrix metrics', () => {
  for (let seed = 0; seed < 10; seed++) {
    const { d, ql, gl } = randomCase(seed);
    const fromLists = retrievalFromNeighbours({ indices: lists(d, ql, gl, 25), perQuery: 25 }, ql, gl);
    assert.deepEqual(fromLists, retrievalFromDistances(d, ql, gl));
  }
});

test('truncated lists keep the top-k metrics and report deep metrics as NaN', () => {
  const { d, ql, gl } = randomCase(3);
  const full = retrievalFromDistances(d, ql, gl, { recallAt: [1, 3], knnK: 3 });
  const top = retrievalFromNeighbours({ indices: lists(d, ql, gl, 5), perQuery: 5 }, ql, gl, { recallAt: [1, 3], knnK: 3 });
  assert.equal(top.precisionAt1, full.precisionAt1);
  assert.deepEqual(top.recallAtK, full.recallAtK);
  assert.equal(top.knnAccuracy, full.knnAccuracy);
  assert.equal(top.cmc[0], full.cmc[0]);
  assert.ok(Number.isNaN(top.mAP), 'mAP needs every relevant item');
  assert.ok(Number.isNaN(top.mapAtR), 'some query has R > 5');
});

test('self is dropped from the lists and from R in leave-one-out', () => {
  // Three items of identity 0 and one of identity 1; each list starts with the item itself.
  const labels = Int32Array.from([0, 0, 0, 1]);
  const indices = Int32Array.from([0, 1, 3, 2, 1, 0, 2, 3, 2, 3, 0, 1, 3, 0, 1, 2]);
  const m = retrievalFromNeighbours({ indices, perQuery: 4 }, labels, labels, { excludeSelf: true, recallAt: [1, 2] });
  assert.equal(m.queriesWithoutRelevant, 1); // the lone identity 1
  // Query 0: [1, 3, 2] -> ranks 1, 3 (R = 2). Query 1: [0, 2, 3] -> 1, 2. Query 2: [3, 0, 1] -> 2, 3.
  assert.equal(m.precisionAt1, 2 / 3);
  assert.ok(Math.abs(m.mAP - ((1 + 2 / 3) / 2 + 1 + (1 / 2 + 2 / 3) / 2) / 3) < 1e-12);
  assert.ok(Math.abs(m.rPrecision - (1 / 2 + 1 + 1 / 2) / 3) < 1e-12);
});

test('bad indices are rejected with the query named', () => {
  const labels = Int32Array.from([0, 1]);
  assert.throws(() => retrievalFromNeighbours({ indices: Int32Array.from([1, 7]), perQuery: 1 }, labels, labels), /received 7 for query 1/);
  assert.throws(() => retrievalFromNeighbours({ indices: Int32Array.from([1]), perQuery: 1 }, labels, labels), /expected 2 × perQuery indices/);
});
