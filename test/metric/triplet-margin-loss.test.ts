import { test } from 'node:test';
import assert from 'node:assert/strict';
import { liveTensors, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import {
  BatchAllMiner, BatchHardMiner, CosineSimilarity, LpDistance, SumReducer, TripletMarginLoss, batchHardSoftMarginLoss,
  semiHardTripletLoss, type TripletMiner,
} from '../../src/metric/index.ts';
import { ArgumentError, ShapeError } from '../../src/util/errors.ts';
import {
  allTriplets, cosine, euclidean, embeddingsOf, findSeed, gradientError, labelsOf, mean, pairwise, randomBatch, smallestGap,
  softplus, upperTriangle, type Matrix, type Measure,
} from './helpers/brute-force.ts';

/** Mean over every valid triplet of the hinge or soft-margin term. */
function allTripletsReference(values: Matrix, labels: number[], margin: number | 'soft', measure: Measure = euclidean, sign = 1): number {
  const d = pairwise(values, measure);
  return mean(allTriplets(labels).map(([a, p, n]) => {
    const violation = sign * (d[a]![p]! - d[a]![n]!);
    return margin === 'soft' ? softplus(violation) : Math.max(violation + margin, 0);
  }));
}

test('TripletMarginLoss defaults: Euclidean, every triplet, hinge 0.2, mean; equals a loop', () => {
  for (let seed = 50; seed < 54; seed++) {
    const { values, labels } = randomBatch(seed, 11, 3, 3);
    const loss = tidy(() => new TripletMarginLoss().forward(embeddingsOf(values), labelsOf(labels)).loss.item());
    assert.ok(Math.abs(loss - allTripletsReference(values, labels, 0.2)) < 1e-9, `seed ${seed}`);
  }
  const defaults = new TripletMarginLoss();
  assert.ok(defaults.distance instanceof LpDistance);
  assert.ok(defaults.miner instanceof BatchAllMiner && defaults.miner.distance === defaults.distance);
  assert.deepEqual(defaults.margin, { kind: 'hinge', value: 0.2 });
});

test('soft margin over all triplets, and cosine similarity, equal loops', () => {
  const { values, labels } = randomBatch(60, 12, 4, 3);
  const soft = tidy(() => new TripletMarginLoss({ margin: { kind: 'soft' } }).forward(embeddingsOf(values), labelsOf(labels)).loss.item());
  assert.ok(Math.abs(soft - allTripletsReference(values, labels, 'soft')) < 1e-9);
  const cosineLoss = tidy(() => new TripletMarginLoss({ distance: new CosineSimilarity(), margin: { kind: 'hinge', value: 0.1 } })
    .forward(embeddingsOf(values), labelsOf(labels)).loss.item());
  assert.ok(Math.abs(cosineLoss - allTripletsReference(values, labels, 0.1, cosine, -1)) < 1e-9);
});

test('soft margin over all triplets: autograd gradient matches finite differences', () => {
  const seed = findSeed(400, (s) => smallestGap(upperTriangle(pairwise(randomBatch(s, 7, 3, 3).values, euclidean))) > 1e-3);
  const { values, labels } = randomBatch(seed, 7, 3, 3);
  const labelTensor = labelsOf(labels);
  const loss = new TripletMarginLoss({ margin: { kind: 'soft' } });
  const error = gradientError((e: Tensor) => loss.forward(e, labelTensor).loss, (v) => allTripletsReference(v, labels, 'soft'), values);
  labelTensor.dispose();
  assert.ok(error < 1e-6, `relative error ${error}`);
});

test('stats are plain numbers computed over the mined triplets', () => {
  const { values, labels } = randomBatch(70, 10, 2, 3);
  const d = pairwise(values, euclidean);
  const triplets = allTriplets(labels);
  const { stats } = tidy(() => new TripletMarginLoss({ margin: { kind: 'hinge', value: 0.5 } }).forward(embeddingsOf(values), labelsOf(labels)));
  assert.equal(stats.triplets, triplets.length);
  assert.ok(Math.abs(stats.meanPositiveDistance - mean(triplets.map(([a, p]) => d[a]![p]!))) < 1e-9);
  assert.ok(Math.abs(stats.meanNegativeDistance - mean(triplets.map(([a, , n]) => d[a]![n]!))) < 1e-9);
  const active = triplets.filter(([a, p, n]) => d[a]![p]! - d[a]![n]! + 0.5 > 0).length / triplets.length;
  assert.ok(Math.abs(stats.activeFraction - active) < 1e-12);
});

test('a batch with no positives gives a zero loss that is still differentiable', () => {
  const lossFns = [new TripletMarginLoss(), batchHardSoftMarginLoss(), semiHardTripletLoss(),
    new TripletMarginLoss({ miner: new BatchHardMiner(), reducer: new SumReducer() })];
  for (const lossFn of lossFns) {
    tidy(() => {
      const embeddings = embeddingsOf([[0, 1], [2, 3], [4, 5]]).setRequiresGrad();
      const { loss, stats } = lossFn.forward(embeddings, labelsOf([0, 1, 2]));
      assert.deepEqual(loss.shape, []);
      assert.equal(loss.item(), 0);
      assert.equal(stats.activeFraction, 0);
      assert.equal(stats.triplets, 0);
      assert.ok(Number.isNaN(stats.meanPositiveDistance));
      loss.backward();
      assert.deepEqual(Array.from(embeddings.grad!.data() as Float64Array), [0, 0, 0, 0, 0, 0]);
    });
  }
});

test('a custom miner is used as given, and forward leaves no tensors behind', () => {
  const calls: number[] = [];
  const inner = new BatchHardMiner();
  const miner: TripletMiner = { mine: (e, l) => (calls.push(e.shape[0]!), inner.mine(e, l)) };
  const loss = new TripletMarginLoss({ miner, margin: { kind: 'soft' } });
  const { values, labels } = randomBatch(80, 8, 3, 2);
  const embeddings = embeddingsOf(values).setRequiresGrad();
  const labelTensor = labelsOf(labels);
  const run = () => {
    const out = loss.forward(embeddings, labelTensor);
    out.loss.backward();
    out.loss.dispose();
    embeddings.clearGrad();
  };
  run();
  const before = liveTensors();
  run();
  assert.equal(liveTensors(), before);
  assert.deepEqual(calls, [8, 8]);
  embeddings.dispose();
  labelTensor.dispose();
});

test('bad inputs are named errors', () => {
  tidy(() => {
    const loss = new TripletMarginLoss();
    const embeddings = embeddingsOf([[0, 1], [2, 3]]);
    assert.throws(() => loss.forward(embeddings, tensor([0, 1], [2], { dtype: 'float32' })),
      (e: unknown) => e instanceof ArgumentError && /TripletMarginLoss\.forward: expected an int64 tensor for labels/.test(e.message));
    assert.throws(() => loss.forward(embeddings, labelsOf([0, 1, 1])),
      (e: unknown) => e instanceof ShapeError && /expected a 1-D tensor of 2 labels/.test(e.message));
    assert.throws(() => loss.forward(tensor([1, 2, 3]), labelsOf([0, 1, 1])),
      (e: unknown) => e instanceof ShapeError && /expected a 2-D \(N,D\) tensor for embeddings/.test(e.message));
    assert.throws(() => new TripletMarginLoss({ margin: { kind: 'hinge', value: Number.NaN } }), ArgumentError);
  });
});

test('defaults come from overridable hooks, and the default miner follows the distance', () => {
  class CosineTripletLoss extends TripletMarginLoss {
    protected override defaultDistance() {
      return new CosineSimilarity();
    }
  }
  const loss = new CosineTripletLoss({ margin: { kind: 'hinge', value: 0.1 } });
  assert.ok(loss.distance instanceof CosineSimilarity);
  assert.ok(loss.miner instanceof BatchAllMiner && loss.miner.distance === loss.distance);
  const { values, labels } = randomBatch(61, 9, 3, 3);
  const actual = tidy(() => loss.forward(embeddingsOf(values), labelsOf(labels)).loss.item());
  assert.ok(Math.abs(actual - allTripletsReference(values, labels, 0.1, cosine, -1)) < 1e-9);
});
