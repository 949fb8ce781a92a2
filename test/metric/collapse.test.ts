import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidy } from '../../src/tensor/index.ts';
import {
  CosineSimilarity, TripletMarginLoss, batchHardSoftMarginLoss, checkCollapse, semiHardTripletLoss, type MetricLoss,
} from '../../src/metric/index.ts';
import { Random } from '../../src/util/random.ts';
import { embeddingsOf, labelsOf, randomBatch, type Matrix } from './helpers/brute-force.ts';

const statsOf = (loss: MetricLoss, values: Matrix, labels: number[]) =>
  tidy(() => loss.forward(embeddingsOf(values), labelsOf(labels)).stats);

const losses: [string, () => MetricLoss][] = [
  ['all triplets', () => new TripletMarginLoss()],
  ['semi-hard', () => semiHardTripletLoss()],
  ['batch-hard soft', () => batchHardSoftMarginLoss()],
  ['cosine', () => new TripletMarginLoss({ distance: new CosineSimilarity() })],
];

/** 4 identities × 4 images, each a small jitter around a far-apart centre. */
function separatedClusters(seed: number): { values: Matrix; labels: number[] } {
  const random = new Random(seed);
  const labels = Array.from({ length: 16 }, (_, i) => i % 4);
  const values = labels.map((l) => [0, 1, 2].map((k) => (k === l % 3 ? (l < 3 ? 10 : -10) : 0) + random.normal(0, 0.1)));
  return { values, labels };
}

test('fires on constant embeddings, with a message that explains and advises', () => {
  const labels = Array.from({ length: 12 }, (_, i) => i % 3);
  const values = labels.map(() => [0.3, -1.2, 0.7]);
  for (const [name, make] of losses) {
    const warning = checkCollapse(statsOf(make(), values, labels));
    assert.ok(warning !== null, name);
    assert.equal(warning.kind, name === 'cosine' ? 'no-separation' : 'single-point', name);
    for (const advice of [/lower learning rate/, /soft margin/, /P×K/, /labels/]) assert.match(warning.message, advice);
  }
});

test('stays quiet on well-separated clusters and on a random spread', () => {
  for (const [name, make] of losses) {
    const { values, labels } = separatedClusters(3);
    assert.equal(checkCollapse(statsOf(make(), values, labels)), null, `clusters, ${name}`);
    const random = randomBatch(4, 16, 8, 4);
    assert.equal(checkCollapse(statsOf(make(), random.values, random.labels)), null, `random, ${name}`);
  }
});

test('fires when the loss sits at its margin with everything active and no separation', () => {
  const stats = { activeFraction: 1, meanPositiveDistance: 0.731, meanNegativeDistance: 0.732, triplets: 500 };
  assert.equal(checkCollapse(stats)?.kind, 'no-separation');
  assert.equal(checkCollapse({ ...stats, activeFraction: 0.6 }), null);
  assert.equal(checkCollapse({ ...stats, meanNegativeDistance: 1.2 }), null);
});

test('says nothing about a batch without tuples', () => {
  assert.equal(checkCollapse({ activeFraction: 0, meanPositiveDistance: Number.NaN, meanNegativeDistance: Number.NaN, triplets: 0 }), null);
});
