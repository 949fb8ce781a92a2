import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openSetMetrics } from '../../src/eval/open-set-metrics.ts';

test('hand-worked: each kind of outcome once', () => {
  const m = openSetMetrics(
    {
      //              right   wrong id  too far   rejected  accepted
      bestDistance: [0.2, 0.3, 0.9, 0.8, 0.4],
      predictedLabels: [1, 2, 3, 1, 1],
      trueLabels: [1, 1, 3, 7, 8],
      known: [1, 1, 1, 0, 0],
    },
    0.5,
  );
  assert.equal(m.knownCount, 3);
  assert.equal(m.unknownCount, 2);
  assert.equal(m.knownAccuracy, 1 / 3);
  assert.equal(m.unknownAccuracy, 1 / 2);
  assert.equal(m.balancedAccuracy, (1 / 3 + 1 / 2) / 2);
  assert.equal(m.misidentifiedCount, 1);
  assert.equal(m.falseNewCount, 1);
  assert.equal(m.falseAcceptCount, 1);
  // Known distances {.2, .3, .9} vs unknown {.8, .4}: known is closer in 2 + 2 + 0 of 6 pairs.
  assert.equal(m.knownVsUnknownAuroc, 4 / 6);
});

test('the threshold is inclusive and ties in distance count 1/2 in AUROC', () => {
  const m = openSetMetrics({ bestDistance: [0.5, 0.5], predictedLabels: [1, 1], trueLabels: [1, 2], known: [true, false] }, 0.5);
  assert.equal(m.knownAccuracy, 1);
  assert.equal(m.unknownAccuracy, 0);
  assert.equal(m.knownVsUnknownAuroc, 0.5);
});

test('one side empty: balanced accuracy is the other side, AUROC NaN', () => {
  const m = openSetMetrics({ bestDistance: [0.1, 0.9], predictedLabels: [1, 2], trueLabels: [1, 2], known: [1, 1] }, 0.5);
  assert.ok(Number.isNaN(m.unknownAccuracy));
  assert.equal(m.balancedAccuracy, 0.5);
  assert.ok(Number.isNaN(m.knownVsUnknownAuroc));
});

test('mismatched lengths name the field', () => {
  assert.throws(() => openSetMetrics({ bestDistance: [1, 2], predictedLabels: [1], trueLabels: [1, 2], known: [1, 1] }, 1), /openSetMetrics: expected 2 entries for queries.predictedLabels/);
});
