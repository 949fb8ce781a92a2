import { test } from 'node:test';
import assert from 'node:assert/strict';
import { identityScores } from '../../src/features/index.ts';

const images = [
  { identity: 'a', inliers: 4, tentative: 20 }, { identity: 'a', inliers: 40, tentative: 60 },
  { identity: 'b', inliers: 6, tentative: 30 }, { identity: 'c', inliers: 5, tentative: 10 }, { identity: 'd', inliers: 9, tentative: 12 },
];

test('max-inliers: an identity scores its best image', () => {
  const scores = identityScores(images);
  assert.deepEqual(scores.map((s) => [s.identity, s.score, s.bestImage]), [['a', 40, 1], ['d', 9, 4], ['b', 6, 2], ['c', 5, 3]]);
});

test('cohort: inliers minus the mean best of the strongest other identities, by hand', () => {
  // Bests a 40, d 9, b 6, c 5. Default size 10 takes every other identity.
  const all = identityScores(images, { kind: 'cohort' });
  assert.deepEqual(all.map((s) => s.identity), ['a', 'd', 'b', 'c']);
  assert.deepEqual(all.map((s) => s.score), [40 - 20 / 3, 9 - 51 / 3, 6 - 54 / 3, 5 - 55 / 3]);
  // size 2: a against d, b; d against a, b; b against a, d; c (outside the top 3) against a, d.
  const two = identityScores(images, { kind: 'cohort', size: 2 });
  assert.deepEqual(two.map((s) => [s.identity, s.score]), [['a', 32.5], ['d', -14], ['b', -18.5], ['c', -19.5]]);
  assert.equal(two[0]!.inliers, 40);
  assert.deepEqual(identityScores([{ identity: 'x', inliers: 7, tentative: 9 }], { kind: 'cohort' }).map((s) => s.score), [7]);
  assert.throws(() => identityScores(images, { kind: 'cohort', size: 0 }), /rule\.size/);
  assert.throws(() => identityScores([{ identity: 'a', inliers: -1, tentative: 0 }]), /images\[0\]\.inliers/);
});
