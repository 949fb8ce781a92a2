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

test('cohort: (best − median) / (MAD + floor) over the identities, by hand', () => {
  // Bests 40, 6, 5, 9: median 7.5; deviations 32.5, 1.5, 2.5, 1.5 → MAD 2; floor 1 → divide by 3.
  const scores = identityScores(images, { kind: 'cohort' });
  assert.deepEqual(scores.map((s) => s.identity), ['a', 'd', 'b', 'c']);
  assert.equal(scores[0]!.score, (40 - 7.5) / 3);
  assert.equal(scores[3]!.score, (5 - 7.5) / 3);
  assert.equal(scores[0]!.inliers, 40);
  assert.throws(() => identityScores([{ identity: 'a', inliers: -1, tentative: 0 }]), /images\[0\]\.inliers/);
});
