import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancedOpenSetAccuracy, newIndividual } from '../../src/eval/balanced-open-set-accuracy.ts';

const N = newIndividual;

test('BAKS, BAUS, AKS, AUS and normalised accuracy on a hand-worked case', () => {
  // Known identity 0: 4 queries, 3 right (one called new). Known identity 1: 1 query, wrong (named 0).
  // Unknown identity 7: 2 queries, 1 called new. Unknown identity 8: 1 query, called new.
  const r = balancedOpenSetAccuracy({
    predicted: [0, 0, 0, N, 0, N, 1, N],
    truth: [0, 0, 0, 0, 1, 7, 7, 8],
    known: [1, 1, 1, 1, 1, 0, 0, 0],
  });
  assert.equal(r.baks, (3 / 4 + 0) / 2);
  assert.equal(r.aks, 3 / 5);
  assert.equal(r.baus, (1 / 2 + 1) / 2);
  assert.equal(r.aus, 2 / 3);
  assert.ok(Math.abs(r.normalisedAccuracy - (0.5 * 3 / 5 + 0.5 * 2 / 3)) < 1e-15);
  assert.deepEqual([r.knownIdentities, r.unknownIdentities], [2, 2]);
  assert.ok(Math.abs(balancedOpenSetAccuracy({ predicted: [0, N], truth: [0, 5], known: [1, 0] }, 0.25).normalisedAccuracy - 1) < 1e-15);
});

test('a side with no queries is NaN, and bad input is refused', () => {
  const r = balancedOpenSetAccuracy({ predicted: [0], truth: [0], known: [1] });
  assert.equal(r.baks, 1);
  assert.ok(Number.isNaN(r.baus) && Number.isNaN(r.aus));
  assert.throws(() => balancedOpenSetAccuracy({ predicted: [0, 1], truth: [0], known: [1, 1] }), /truth and known/);
  assert.throws(() => balancedOpenSetAccuracy({ predicted: [0], truth: [0], known: [1] }, 2), /lambda/);
});
