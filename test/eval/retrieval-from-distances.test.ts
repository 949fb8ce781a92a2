import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrievalFromDistances } from '../../src/eval/retrieval-from-distances.ts';
import { RetrievalEvaluator } from '../../src/eval/retrieval-evaluator.ts';
import type { RetrievalMetrics } from '../../src/eval/retrieval-tally.ts';
import { ArgumentError, ShapeError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';
import { bruteForceRetrieval, type BruteForceMetrics } from './brute-force-retrieval.ts';

// Hand-worked: gallery labels [1, 1, 2, 3, 2].
// Query 0 (label 1): order g2(.1,L2) g1(.2,L1) g4(.3,L2) g0(.5,L1) g3(.9,L3): relevant ranks 2, 4.
//   AP = (1/2 + 2/4)/2 = .5; R = 2: MAP@R = (1/2)/2 = .25, R-precision = 1/2; identity rank 2; 3-NN votes L2.
// Query 1 (label 3): g3 and g4 tie at .1. Pessimistic puts g4 (L2) first: rank 2, AP .5, MAP@R 0,
//   identity rank 2, 3-NN [L2, L3, L1] tie -> nearest L2. Gallery order puts g3 first: everything perfect.
const gallery = Int32Array.from([1, 1, 2, 3, 2]);
const queries = Int32Array.from([1, 3]);
const distances = Float32Array.from([0.5, 0.2, 0.1, 0.9, 0.3, 0.4, 0.8, 0.8, 0.1, 0.1]);
const options = { recallAt: [1, 2, 3], knnK: 3 };

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9 || (Number.isNaN(actual) && Number.isNaN(expected)), `${what}: ${actual} vs ${expected}`);
}

test('hand-worked example, pessimistic ties', () => {
  const m = retrievalFromDistances(distances, queries, gallery, options);
  close(m.precisionAt1, 0, 'P@1');
  assert.deepEqual(m.recallAtK, [{ k: 1, recall: 0 }, { k: 2, recall: 1 }, { k: 3, recall: 1 }]);
  close(m.mAP, 0.5, 'mAP');
  close(m.mapAtR, 0.125, 'MAP@R');
  close(m.rPrecision, 0.25, 'R-precision');
  assert.deepEqual([...m.cmc], [0, 1, 1]);
  close(m.knnAccuracy, 0, 'kNN');
  assert.equal(m.evaluatedCount, 2);
});

test('hand-worked example, gallery-order ties', () => {
  const m = retrievalFromDistances(distances, queries, gallery, { ...options, tiePolicy: 'gallery-order' });
  close(m.precisionAt1, 0.5, 'P@1');
  close(m.recallAtK[0]!.recall, 0.5, 'recall@1');
  close(m.mAP, 0.75, 'mAP');
  close(m.mapAtR, 0.625, 'MAP@R');
  close(m.rPrecision, 0.75, 'R-precision');
  assert.deepEqual([...m.cmc], [0.5, 1, 1]);
  close(m.knnAccuracy, 0.5, 'kNN');
});

test('a query whose identity is absent from the gallery is left out of every metric and counted', () => {
  const withStranger = retrievalFromDistances(
    Float32Array.from([...distances, 0.1, 0.1, 0.1, 0.1, 0.1]),
    Int32Array.from([1, 3, 9]),
    gallery,
    options,
  );
  const without = retrievalFromDistances(distances, queries, gallery, options);
  assert.equal(withStranger.queriesWithoutRelevant, 1);
  assert.equal(withStranger.queryCount, 3);
  assert.equal(withStranger.evaluatedCount, 2);
  assert.deepEqual({ ...withStranger, queryCount: 0, queriesWithoutRelevant: 0 }, { ...without, queryCount: 0, queriesWithoutRelevant: 0 });
});

test('leave-one-out skips self and leaves single-item identities out', () => {
  // Items on a line: 0,0 at 0 and 1; identity 1 alone at 5; identity 2 at 10, 11, 12.
  const positions = [0, 1, 5, 10, 11, 12];
  const labels = Int32Array.from([0, 0, 1, 2, 2, 2]);
  const matrix = Float32Array.from(positions.flatMap((a) => positions.map((b) => Math.abs(a - b))));
  const m = retrievalFromDistances(matrix, labels, labels, { excludeSelf: true });
  assert.equal(m.queriesWithoutRelevant, 1);
  assert.equal(m.evaluatedCount, 5);
  assert.equal(m.precisionAt1, 1);
  assert.equal(m.mAP, 1);
  assert.equal(m.mapAtR, 1);
  // Without excluding self, every item finds itself first.
  const withSelf = retrievalFromDistances(matrix, labels, labels);
  assert.equal(withSelf.queriesWithoutRelevant, 0);
  assert.equal(withSelf.precisionAt1, 1);
});

test('a collapsed embedding (all distances equal) scores zero under pessimistic ties', () => {
  const labels = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const m = retrievalFromDistances(new Float32Array(36).fill(0.5), labels, labels, { excludeSelf: true });
  assert.equal(m.precisionAt1, 0);
  assert.equal(m.mapAtR, 0);
  assert.equal(m.cmc[0], 0);
});

function randomCase(seed: number, q: number, g: number, identities: number): { d: Float32Array; ql: Int32Array; gl: Int32Array } {
  const random = new Random(seed);
  // Distances quantised to 6 levels: many ties, so the tie policy is exercised everywhere.
  const d = Float32Array.from({ length: q * g }, () => random.int(6) / 4);
  const gl = Int32Array.from({ length: g }, () => random.int(identities));
  const ql = Int32Array.from({ length: q }, () => random.int(identities + 2)); // some identities absent from the gallery
  return { d, ql, gl };
}

function assertMatches(m: RetrievalMetrics, reference: BruteForceMetrics, what: string): void {
  assert.equal(m.evaluatedCount, reference.evaluated, `${what} evaluated`);
  assert.equal(m.queriesWithoutRelevant, reference.withoutRelevant, `${what} without relevant`);
  close(m.precisionAt1, reference.precisionAt1, `${what} P@1`);
  m.recallAtK.forEach(({ recall }, i) => close(recall, reference.recallAt[i]!, `${what} recall@${m.recallAtK[i]!.k}`));
  close(m.mAP, reference.mAP, `${what} mAP`);
  close(m.mapAtR, reference.mapAtR, `${what} MAP@R`);
  close(m.rPrecision, reference.rPrecision, `${what} R-precision`);
  assert.equal(m.cmc.length, reference.cmc.length, `${what} CMC length`);
  m.cmc.forEach((value, i) => close(value, reference.cmc[i]!, `${what} CMC[${i}]`));
  close(m.knnAccuracy, reference.knnAccuracy, `${what} kNN`);
}

for (const tiePolicy of ['pessimistic', 'gallery-order'] as const) {
  test(`matches brute force on random tied distances (${tiePolicy})`, () => {
    for (let seed = 0; seed < 20; seed++) {
      const { d, ql, gl } = randomCase(seed, 17, 23, 5);
      const opts = { recallAt: [1, 2, 5], knnK: 1 + (seed % 6), tiePolicy };
      assertMatches(retrievalFromDistances(d, ql, gl, opts), bruteForceRetrieval(d, ql, gl, opts), `seed ${seed}`);
    }
  });

  test(`matches brute force with leave-one-out through selfIndex (${tiePolicy})`, () => {
    for (let seed = 100; seed < 110; seed++) {
      const { d, gl } = randomCase(seed, 12, 20, 6);
      const random = new Random(seed);
      // Queries are gallery items 3..14 (some duplicated), in shuffled order.
      const selfIndex = Int32Array.from(random.shuffle(Array.from({ length: 12 }, (_, i) => i + 3)));
      const ql = Int32Array.from(selfIndex, (j) => gl[j]!);
      const opts = { recallAt: [1, 3], knnK: 3, tiePolicy };
      const m = retrievalFromDistances(d, ql, gl, { ...opts, excludeSelf: true, selfIndex });
      assertMatches(m, bruteForceRetrieval(d, ql, gl, { ...opts, selfIndex }), `seed ${seed}`);
    }
  });
}

test('feeding rows in chunks gives the same metrics as the whole matrix', () => {
  const { d, ql, gl } = randomCase(7, 40, 30, 8);
  const whole = retrievalFromDistances(d, ql, gl);
  const evaluator = new RetrievalEvaluator(ql, gl);
  // Out of order and of uneven sizes.
  for (const [start, end] of [[25, 40], [0, 7], [7, 25]] as const) evaluator.addRows(d.subarray(start * 30, end * 30), start);
  assert.deepEqual(evaluator.result(), whole);
});

test('errors name the function, the parameter and what was received', () => {
  const { d, ql, gl } = randomCase(1, 4, 5, 2);
  assert.throws(() => retrievalFromDistances(d.subarray(1), ql, gl), (e: unknown) => e instanceof ShapeError && /retrievalFromDistances: expected length 20 for distances but received length 19/.test(e.message));
  assert.throws(() => retrievalFromDistances(d, ql, gl, { excludeSelf: true }), (e: unknown) => e instanceof ArgumentError && /selfIndex/.test(e.message));
  const nan = d.slice();
  nan[6] = NaN;
  assert.throws(() => retrievalFromDistances(nan, ql, gl), /NaN for query 1, gallery item 1/);
  const evaluator = new RetrievalEvaluator(ql, gl);
  evaluator.addRows(d.subarray(0, 10), 0);
  assert.throws(() => evaluator.addRows(d.subarray(0, 5), 1), /query 1 twice/);
  assert.throws(() => evaluator.result(), /query 2 is missing/);
  assert.throws(() => retrievalFromDistances(d, Array.from(ql) as unknown as Int32Array, gl), /expected an Int32Array for queryLabels/);
});

test('no evaluable query gives NaN metrics rather than a throw', () => {
  const m = retrievalFromDistances(new Float32Array(4), Int32Array.from([5, 6]), Int32Array.from([1, 2]));
  assert.equal(m.evaluatedCount, 0);
  assert.ok(Number.isNaN(m.precisionAt1) && Number.isNaN(m.mAP));
});
