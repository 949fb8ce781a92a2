import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidy, type Tensor } from '../../src/tensor/index.ts';
import { AllPairsMiner, AvgNonZeroReducer, ContrastiveLoss, CosineSimilarity, MeanReducer } from '../../src/metric/index.ts';
import {
  cosine, euclidean, embeddingsOf, findSeed, gradientError, labelsOf, mean, pairwise, randomBatch, smallestGap, upperTriangle,
  type Matrix, type Measure,
} from './helpers/brute-force.ts';

type Reduce = (terms: number[]) => number;
const averageNonZero: Reduce = (terms) => {
  const active = terms.filter((t) => t > 0);
  return active.length === 0 ? 0 : active.reduce((s, t) => s + t, 0) / active.length;
};

/** reduce(relu(d − pos)² over ordered positive pairs) + reduce(relu(neg − d)² over ordered negative pairs). */
function contrastiveReference(values: Matrix, labels: number[], o: { pos: number; neg: number; measure?: Measure; reduce?: Reduce; inverted?: boolean }): number {
  const d = pairwise(values, o.measure ?? euclidean);
  const sign = o.inverted ? -1 : 1;
  const positive: number[] = [];
  const negative: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    for (let j = 0; j < labels.length; j++) {
      if (i === j) continue;
      if (labels[i] === labels[j]) positive.push(Math.max(sign * (d[i]![j]! - o.pos), 0) ** 2);
      else negative.push(Math.max(sign * (o.neg - d[i]![j]!), 0) ** 2);
    }
  }
  const reduce = o.reduce ?? averageNonZero;
  return reduce(positive) + reduce(negative);
}

test('AllPairsMiner returns every ordered positive and negative pair', () => {
  const mined = tidy(() => {
    const pairs = new AllPairsMiner().mine(embeddingsOf([[0], [1], [2]]), labelsOf([7, 7, 8]));
    return Object.fromEntries(Object.entries(pairs).map(([k, t]) => [k, Array.from(t.data() as BigInt64Array, Number)]));
  });
  assert.deepEqual(mined, { positiveAnchors: [0, 1], positives: [1, 0], negativeAnchors: [0, 1, 2, 2], negatives: [2, 2, 0, 1] });
});

test('contrastive loss equals a loop (default AvgNonZero, mean reducer, cosine)', () => {
  for (let seed = 90; seed < 94; seed++) {
    const { values, labels } = randomBatch(seed, 10, 3, 3);
    const run = (loss: ContrastiveLoss) => tidy(() => loss.forward(embeddingsOf(values), labelsOf(labels)).loss.item());
    const defaults = run(new ContrastiveLoss({ negMargin: 2 }));
    assert.ok(Math.abs(defaults - contrastiveReference(values, labels, { pos: 0, neg: 2 })) < 1e-9, `seed ${seed}`);
    const meanReduced = run(new ContrastiveLoss({ posMargin: 0.5, negMargin: 2.5, reducer: new MeanReducer() }));
    assert.ok(Math.abs(meanReduced - contrastiveReference(values, labels, { pos: 0.5, neg: 2.5, reduce: mean })) < 1e-9);
    const cosineLoss = run(new ContrastiveLoss({ distance: new CosineSimilarity(), posMargin: 0.8, negMargin: 0.1 }));
    const expected = contrastiveReference(values, labels, { pos: 0.8, neg: 0.1, measure: cosine, inverted: true });
    assert.ok(Math.abs(cosineLoss - expected) < 1e-9, `cosine, seed ${seed}`);
  }
  assert.ok(new ContrastiveLoss().reducer instanceof AvgNonZeroReducer);
});

test('contrastive loss: stats count pairs and average each kind', () => {
  const { values, labels } = randomBatch(95, 8, 2, 3);
  const d = pairwise(values, euclidean);
  const { stats } = tidy(() => new ContrastiveLoss({ negMargin: 1.5 }).forward(embeddingsOf(values), labelsOf(labels)));
  const orderedPairs = upperTriangle(d).length * 2;
  assert.equal(stats.triplets, orderedPairs);
  const samePairs = d.flatMap((row, i) => row.filter((_, j) => j !== i && labels[i] === labels[j]));
  assert.ok(Math.abs(stats.meanPositiveDistance - mean(samePairs)) < 1e-9);
});

test('contrastive loss: autograd gradient matches finite differences', () => {
  const options = { pos: 0.3, neg: 2 };
  const seed = findSeed(500, (s) => {
    const d = upperTriangle(pairwise(randomBatch(s, 7, 3, 3).values, euclidean));
    return smallestGap(d) > 1e-3 && d.every((x) => Math.abs(x - options.pos) > 1e-3 && Math.abs(x - options.neg) > 1e-3);
  });
  const { values, labels } = randomBatch(seed, 7, 3, 3);
  const labelTensor = labelsOf(labels);
  const loss = new ContrastiveLoss({ posMargin: options.pos, negMargin: options.neg });
  const error = gradientError((e: Tensor) => loss.forward(e, labelTensor).loss, (v) => contrastiveReference(v, labels, options), values);
  labelTensor.dispose();
  assert.ok(error < 1e-6, `relative error ${error}`);
});

test('contrastive loss with only negative pairs is finite and differentiable', () => {
  tidy(() => {
    const embeddings = embeddingsOf([[0, 0], [3, 4]]).setRequiresGrad();
    const { loss, stats } = new ContrastiveLoss({ negMargin: 10 }).forward(embeddings, labelsOf([0, 1]));
    assert.ok(Math.abs(loss.item() - 25) < 1e-12);
    assert.ok(Number.isNaN(stats.meanPositiveDistance));
    loss.backward();
    assert.ok(Array.from(embeddings.grad!.data() as Float64Array).every(Number.isFinite));
  });
});
