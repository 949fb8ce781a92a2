import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArcFaceLoss } from '../../src/metric/index.ts';
import { copyInPlace, noGrad, tensor, tidy } from '../../src/tensor/index.ts';
import { embeddingsOf, finiteDifferences, labelsOf, lossAndGradient, randomBatch, relativeError, type Matrix } from './helpers/brute-force.ts';

const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

/** ArcFace by hand: cosines to every centre, best sub-center per class, margin on the true angle, softmax cross-entropy. */
function arcFaceReference(values: Matrix, labels: number[], centres: Matrix, o: { classes: number; k: number; m: number; s: number }): number {
  let total = 0;
  values.forEach((row, i) => {
    const x = unit(row);
    const cosines = Array.from({ length: o.classes }, (_, c) => Math.max(...Array.from({ length: o.k }, (_, j) => dot(x, unit(centres[c * o.k + j]!)))));
    const y = labels[i]!;
    const t = Math.min(1 - 1e-7, Math.max(-1 + 1e-7, cosines[y]!));
    const theta = Math.acos(t);
    const target = t > Math.cos(Math.PI - o.m) ? Math.cos(theta + o.m) : t - Math.sin(Math.PI - o.m) * o.m;
    const logits = cosines.map((c, j) => o.s * (j === y ? target : c));
    const top = Math.max(...logits);
    const logSum = top + Math.log(logits.reduce((sum, l) => sum + Math.exp(l - top), 0));
    total += logSum - logits[y]!;
  });
  return total / values.length;
}

function lossWithCentres(centres: Matrix, options: { classes: number; subCenters: number; margin: number; scale: number }) {
  const loss = new ArcFaceLoss({ ...options, dim: centres[0]!.length });
  noGrad(() => copyInPlace(loss.weights.weight, tensor(Float32Array.from(centres.flat()), [centres.length, centres[0]!.length])));
  return loss;
}

for (const subCenters of [1, 3]) {
  test(`ArcFace (subCenters ${subCenters}) matches a hand loop, and its gradient matches finite differences`, () => {
    const classes = 4;
    const { values, labels } = randomBatch(11 + subCenters, 8, 5, classes - 1);
    const centres = randomBatch(40 + subCenters, classes * subCenters, 5, 1).values.map((r) => r.map((v) => Math.fround(v)));
    const o = { classes, k: subCenters, m: 0.5, s: 8 };
    const loss = lossWithCentres(centres, { classes, subCenters, margin: o.m, scale: o.s });
    const { loss: value, gradient } = lossAndGradient((e) => loss.forward(e, labelsOf(labels)).loss, values);
    const reference = arcFaceReference(values, labels, centres, o);
    assert.ok(Math.abs(value - reference) < 1e-4 * Math.max(1, Math.abs(reference)), `loss ${value} vs reference ${reference}`);
    const numeric = finiteDifferences((v) => arcFaceReference(v, labels, centres, o), values, 1e-5);
    assert.ok(Math.hypot(...gradient) > 1e-4, 'the case must exercise the loss');
    assert.ok(relativeError(gradient, numeric) < 1e-3, `gradient relative error ${relativeError(gradient, numeric)}`);
  });
}

test('ArcFace trains its centres: their gradient is non-zero and parameters() hands them over', () => {
  const loss = new ArcFaceLoss({ classes: 3, dim: 4, scale: 16, margin: 0.3 });
  assert.equal(loss.parameters().length, 1);
  assert.deepEqual(loss.parameters()[0]!.shape, [3, 4]);
  tidy(() => {
    const { values, labels } = randomBatch(3, 6, 4, 2);
    const out = loss.forward(tensor(Float32Array.from(values.flat()), [6, 4]), labelsOf(labels));
    out.loss.backward();
    const grad = Array.from(loss.weights.weight.grad!.data() as Float32Array);
    assert.ok(Math.hypot(...grad) > 1e-6);
    assert.ok(out.stats.activeFraction >= 0 && out.stats.activeFraction <= 1);
    assert.equal(out.stats.triplets, 6);
    assert.ok(out.stats.meanPositiveDistance >= -1 && out.stats.meanPositiveDistance <= 1);
  });
});

test('ArcFace refuses bad options and labels outside its classes, naming them', () => {
  assert.throws(() => new ArcFaceLoss({ classes: 0, dim: 4 }), /classes/);
  assert.throws(() => new ArcFaceLoss({ classes: 2, dim: 4, margin: 2 }), /margin/);
  assert.throws(() => new ArcFaceLoss({ classes: 2, dim: 4, subCenters: 0 }), /subCenters/);
  assert.throws(() => new ArcFaceLoss({ classes: 2, dim: 4, scale: Number.NaN }), /scale/);
  const loss = new ArcFaceLoss({ classes: 2, dim: 2 });
  assert.throws(() => tidy(() => loss.forward(embeddingsOf([[1, 0], [0, 1]]), labelsOf([0, 2]))), /labels in \[0, 2\)/);
});
