import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidy, type Tensor } from '../../src/tensor/index.ts';
import { BatchAllMiner, CosineSimilarity, batchAllTripletLoss } from '../../src/metric/index.ts';
import {
  allTriplets, cosine, euclidean, embeddingsOf, findSeed, gradientError, labelsOf, pairwise, randomBatch, smallestGap,
  tripletsOf, upperTriangle, type Matrix,
} from './helpers/brute-force.ts';

/** Hermans et al.'s batch all: hinge over every triplet, averaged over the non-zero terms. */
function batchAllReference(values: Matrix, labels: number[], margin: number): number {
  const d = pairwise(values, euclidean);
  const terms = allTriplets(labels).map(([a, p, n]) => Math.max(d[a]![p]! - d[a]![n]! + margin, 0));
  const active = terms.filter((t) => t > 0);
  return active.length === 0 ? 0 : active.reduce((s, t) => s + t, 0) / active.length;
}

test('BatchAllMiner returns every valid triplet in lexicographic order', () => {
  for (let seed = 1; seed <= 3; seed++) {
    const { values, labels } = randomBatch(seed, 9, 2, 3);
    const mined = tidy(() => tripletsOf(new BatchAllMiner().mine(embeddingsOf(values), labelsOf(labels))));
    assert.deepEqual(mined, allTriplets(labels));
  }
});

test("BatchAllMiner's violating filter keeps exactly the triplets with d_an − d_ap < margin", () => {
  const { values, labels } = randomBatch(5, 10, 2, 3);
  for (const [measure, distance, sign] of [[euclidean, undefined, 1], [cosine, new CosineSimilarity(), -1]] as const) {
    const d = pairwise(values, measure);
    const miner = new BatchAllMiner({ filter: { kind: 'violating', margin: 0.3 }, ...(distance ? { distance } : {}) });
    const mined = tidy(() => tripletsOf(miner.mine(embeddingsOf(values), labelsOf(labels))));
    const expected = allTriplets(labels).filter(([a, p, n]) => sign * (d[a]![n]! - d[a]![p]!) < 0.3);
    assert.ok(expected.length > 0 && expected.length < allTriplets(labels).length);
    assert.deepEqual(mined, expected);
  }
});

test('batch-all triplet loss equals a loop (mean over non-zero hinge terms)', () => {
  for (let seed = 40; seed < 45; seed++) {
    const { values, labels } = randomBatch(seed, 12, 3, 3);
    for (const margin of [0.2, 1.0]) {
      const loss = tidy(() => batchAllTripletLoss({ margin }).forward(embeddingsOf(values), labelsOf(labels)).loss.item());
      assert.ok(Math.abs(loss - batchAllReference(values, labels, margin)) < 1e-9, `seed ${seed}, margin ${margin}`);
    }
  }
});

test('batch-all triplet loss: autograd gradient matches finite differences', () => {
  const margin = 0.5;
  const seed = findSeed(300, (s) => {
    const { values, labels } = randomBatch(s, 8, 3, 3);
    const d = pairwise(values, euclidean);
    const hinges = allTriplets(labels).map(([a, p, n]) => d[a]![p]! - d[a]![n]! + margin);
    return smallestGap(upperTriangle(d)) > 1e-3 && hinges.every((h) => Math.abs(h) > 1e-3);
  });
  const { values, labels } = randomBatch(seed, 8, 3, 3);
  const labelTensor = labelsOf(labels);
  const loss = batchAllTripletLoss({ margin });
  const error = gradientError((e: Tensor) => loss.forward(e, labelTensor).loss, (v) => batchAllReference(v, labels, margin), values);
  labelTensor.dispose();
  assert.ok(error < 1e-6, `relative error ${error}`);
});
