import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArcFaceLoss, WeightedSumLoss, batchHardSoftMarginLoss } from '../../src/metric/index.ts';
import { liveTensors, tensor, tidy } from '../../src/tensor/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { labelsOf, lossAndGradient, randomBatch, relativeError } from './helpers/brute-force.ts';

const classes = 3;
const batch = randomBatch(7, 9, 4, classes - 1);

test('WeightedSumLoss is the weighted sum of its terms, in value and in gradient', () => {
  const triplet = batchHardSoftMarginLoss();
  const arc = new ArcFaceLoss({ classes, dim: 4, scale: 8, margin: 0.3 });
  const sum = new WeightedSumLoss([{ loss: triplet }, { loss: arc, weight: 0.25 }]);
  const labels = labelsOf(batch.labels);
  const a = lossAndGradient((e) => triplet.forward(e, labels).loss, batch.values);
  const b = lossAndGradient((e) => arc.forward(e, labels).loss, batch.values);
  const both = lossAndGradient((e) => sum.forward(e, labels).loss, batch.values);
  assert.ok(a.loss > 0.1 && b.loss > 0.1, 'both terms must contribute');
  assert.ok(Math.abs(both.loss - (a.loss + 0.25 * b.loss)) < 1e-9, `${both.loss} vs ${a.loss} + 0.25 × ${b.loss}`);
  const expected = a.gradient.map((g, i) => g + 0.25 * b.gradient[i]!);
  assert.ok(relativeError(both.gradient, expected) < 1e-9, `gradient relative error ${relativeError(both.gradient, expected)}`);
  // A zero weight leaves only the first term.
  const only = lossAndGradient((e) => new WeightedSumLoss([{ loss: triplet }, { loss: arc, weight: 0 }]).forward(e, labels).loss, batch.values);
  assert.ok(Math.abs(only.loss - a.loss) < 1e-12);
});

test('WeightedSumLoss reports the first term\'s statistics and hands over every term\'s learned centres', () => {
  const triplet = batchHardSoftMarginLoss();
  const arc = new ArcFaceLoss({ classes, dim: 4 });
  const sum = new WeightedSumLoss([{ loss: triplet }, { loss: arc }]);
  assert.deepEqual(sum.learned?.namedParameters().map(([name, t]) => [name, [...t.shape]]), [['1.weight', [classes, 4]]]);
  assert.equal(sum.learned?.parameters()[0], arc.weights.weight);
  assert.equal(new WeightedSumLoss([{ loss: triplet }]).learned, undefined);
  tidy(() => {
    const embeddings = tensor(Float32Array.from(batch.values.flat()), [batch.values.length, 4]);
    const labels = labelsOf(batch.labels);
    assert.deepEqual(sum.forward(embeddings, labels).stats, triplet.forward(embeddings, labels).stats);
  });
});

test('WeightedSumLoss keeps no tensors past its scope and refuses bad terms', () => {
  const sum = new WeightedSumLoss([{ loss: batchHardSoftMarginLoss() }, { loss: new ArcFaceLoss({ classes, dim: 4 }), weight: 2 }]);
  const embeddings = tensor(Float32Array.from(batch.values.flat()), [batch.values.length, 4]);
  const labels = labelsOf(batch.labels);
  tidy(() => sum.forward(embeddings, labels).loss.item()); // warm-up
  const before = liveTensors();
  tidy(() => sum.forward(embeddings, labels).loss.backward());
  assert.equal(liveTensors(), before);
  assert.throws(() => new WeightedSumLoss([]), ArgumentError);
  assert.throws(() => new WeightedSumLoss([{ loss: batchHardSoftMarginLoss(), weight: -1 }]), /weight ≥ 0 for terms\[0\]\.weight/);
  assert.throws(() => new WeightedSumLoss([{ loss: batchHardSoftMarginLoss(), weight: Number.NaN }]), ArgumentError);
});
