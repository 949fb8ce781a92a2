import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidy, type Tensor } from '../../src/tensor/index.ts';
import {
  BatchHardMiner, CosineSimilarity, SquaredEuclideanDistance, TripletMarginLoss, batchHardSoftMarginLoss, type BaseDistance,
} from '../../src/metric/index.ts';
import {
  cosine, euclidean, embeddingsOf, findSeed, gradientError, labelsOf, mean, pairwise, randomBatch, smallestGap, softplus,
  squaredEuclidean, tripletsOf, upperTriangle, type Matrix, type Measure, type Triplet,
} from './helpers/brute-force.ts';

/** Per anchor with a positive and a negative: the farthest positive and the closest negative. */
function batchHardTriplets(d: Matrix, labels: number[], inverted = false): Triplet[] {
  const far = (v: number) => (inverted ? -v : v);
  const out: Triplet[] = [];
  for (let a = 0; a < labels.length; a++) {
    let positive = -1;
    let negative = -1;
    for (let j = 0; j < labels.length; j++) {
      if (j === a) continue;
      if (labels[j] === labels[a]) {
        if (positive < 0 || far(d[a]![j]!) > far(d[a]![positive]!)) positive = j;
      } else if (negative < 0 || far(d[a]![j]!) < far(d[a]![negative]!)) negative = j;
    }
    if (positive >= 0 && negative >= 0) out.push([a, positive, negative]);
  }
  return out;
}

/** Hermans et al.'s batch-hard soft-margin loss: mean over anchors of log(1 + exp(max d_ap − min d_an)). */
function batchHardSoftReference(values: Matrix, labels: number[], measure: Measure = euclidean, inverted = false): number {
  const d = pairwise(values, measure);
  const sign = inverted ? -1 : 1;
  return mean(batchHardTriplets(d, labels, inverted).map(([a, p, n]) => softplus(sign * (d[a]![p]! - d[a]![n]!))));
}

const cases: [string, Measure, boolean, BaseDistance | undefined][] = [
  ['default (Euclidean)', euclidean, false, undefined],
  ['squared Euclidean', squaredEuclidean, false, new SquaredEuclideanDistance()],
  ['cosine', cosine, true, new CosineSimilarity()],
];

test('BatchHardMiner picks the farthest positive and closest negative, skipping anchors without either', () => {
  for (const [name, measure, inverted, distance] of cases) {
    const miner = new BatchHardMiner(distance ? { distance } : {});
    for (let seed = 1; seed <= 4; seed++) {
      const { values, labels } = randomBatch(seed, 10, 3, 3);
      const mined = tidy(() => tripletsOf(miner.mine(embeddingsOf(values), labelsOf(labels))));
      assert.deepEqual(mined, batchHardTriplets(pairwise(values, measure), labels, inverted), `${name}, seed ${seed}`);
      assert.equal(mined.length, labels.length - 1, 'the singleton label has no positive');
    }
  }
});

test('batch-hard soft-margin loss equals a loop (Euclidean and cosine)', () => {
  for (let seed = 20; seed < 25; seed++) {
    const { values, labels } = randomBatch(seed, 12, 4, 4);
    const euclideanLoss = tidy(() => batchHardSoftMarginLoss().forward(embeddingsOf(values), labelsOf(labels)).loss.item());
    assert.ok(Math.abs(euclideanLoss - batchHardSoftReference(values, labels)) < 1e-9, `seed ${seed}`);
    const cosineLoss = tidy(() =>
      batchHardSoftMarginLoss({ distance: new CosineSimilarity() }).forward(embeddingsOf(values), labelsOf(labels)).loss.item());
    assert.ok(Math.abs(cosineLoss - batchHardSoftReference(values, labels, cosine, true)) < 1e-9, `cosine, seed ${seed}`);
  }
});

test('batch-hard with a hinge margin equals a loop', () => {
  const { values, labels } = randomBatch(30, 12, 2, 3);
  const loss = new TripletMarginLoss({ miner: new BatchHardMiner(), margin: { kind: 'hinge', value: 0.3 } });
  const d = pairwise(values, euclidean);
  const expected = mean(batchHardTriplets(d, labels).map(([a, p, n]) => Math.max(d[a]![p]! - d[a]![n]! + 0.3, 0)));
  const actual = tidy(() => loss.forward(embeddingsOf(values), labelsOf(labels)).loss.item());
  assert.ok(Math.abs(actual - expected) < 1e-9);
});

test('batch-hard soft-margin loss: autograd gradient matches finite differences (Euclidean and cosine)', () => {
  for (const [measure, inverted] of [[euclidean, false], [cosine, true]] as [Measure, boolean][]) {
    const seed = findSeed(200, (s) => smallestGap(upperTriangle(pairwise(randomBatch(s, 8, 3, 3).values, measure))) > 1e-3);
    const { values, labels } = randomBatch(seed, 8, 3, 3);
    const labelTensor = labelsOf(labels);
    const loss = batchHardSoftMarginLoss(inverted ? { distance: new CosineSimilarity() } : {});
    const forward = (e: Tensor) => loss.forward(e, labelTensor).loss;
    const error = gradientError(forward, (v) => batchHardSoftReference(v, labels, measure, inverted), values);
    labelTensor.dispose();
    assert.ok(error < 1e-6, `inverted ${inverted}: relative error ${error}`);
  }
});
