import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures, matchFeatures, matchMany, featureCount } from '../../src/features/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { randomPattern, renderPattern, viewPoint } from './textured-image.ts';

const size = 256;
const grey = (pixels: Uint8Array) => ({ pixels, height: size, width: size });

test('a textured image and the same image rotated by 30°: at least 80% of the matches are inliers, on the true geometry', async () => {
  const pattern = randomPattern(1);
  const view = { rotationDeg: 30 };
  const a = await extractFeatures(grey(renderPattern(pattern, size)));
  const b = await extractFeatures(grey(renderPattern(pattern, size, view)));
  assert.ok(featureCount(a) >= 50 && featureCount(b) >= 50, `keypoints ${featureCount(a)}, ${featureCount(b)}`);
  const match = await matchFeatures(a, b);
  assert.ok(match.tentativeCount >= 30, `tentative ${match.tentativeCount}`);
  assert.ok(match.inlierCount >= 0.8 * match.tentativeCount, `${match.inlierCount} inliers of ${match.tentativeCount}`);
  // The inliers are where the rotation puts them (within 3 px), not just self-consistent.
  let onTruth = 0;
  for (let t = 0; t < match.tentativeCount; t++) {
    if (!match.inlier[t]) continue;
    const qi = match.queryIndex[t]!, ci = match.candidateIndex[t]!;
    const [x, y] = viewPoint(a.keypoints[5 * qi]!, a.keypoints[5 * qi + 1]!, size, view);
    if (Math.hypot(x - b.keypoints[5 * ci]!, y - b.keypoints[5 * ci + 1]!) < 3) onTruth++;
  }
  assert.ok(onTruth >= 0.95 * match.inlierCount, `${onTruth} of ${match.inlierCount} inliers on the true rotation`);
  assert.ok(match.transform !== null);
});

test('a different pattern gets far fewer inliers than the same pattern under a new view', async () => {
  const pattern = randomPattern(2);
  const enrolled = await extractFeatures(grey(renderPattern(pattern, size)));
  const sameNewView = await extractFeatures(grey(renderPattern(pattern, size, { rotationDeg: -20, scale: 0.85, brightness: 25 })));
  const others = await Promise.all([3, 4, 5].map(async (seed) => extractFeatures(grey(renderPattern(randomPattern(seed), size, { rotationDeg: 10 })))));
  const counts = await matchMany(enrolled, [sameNewView, ...others], { concurrency: 2 });
  const same = counts.inliers[0]!;
  const worstOther = Math.max(...counts.inliers.subarray(1));
  assert.ok(same >= 25, `same pattern: ${same} inliers`);
  assert.ok(worstOther * 4 <= same, `same ${same} vs different ${Array.from(counts.inliers.subarray(1))}`);
  // matchMany and matchFeatures agree on the same pair.
  const pair = await matchFeatures(enrolled, sameNewView);
  assert.equal(pair.inlierCount, same);
  assert.equal(pair.tentativeCount, counts.tentative[0]);
});

test('matching refuses malformed features and options with clear errors', async () => {
  const a = await extractFeatures(grey(renderPattern(randomPattern(6), size)));
  const broken = { ...a, descriptors: a.descriptors.subarray(0, 100) };
  await assert.rejects(matchFeatures(a, broken), (e: Error) => e instanceof ArgumentError && /matchFeatures: expected .* for candidate\.descriptors/.test(e.message));
  const nan = { ...a, keypoints: a.keypoints.slice() };
  nan.keypoints[3] = Number.NaN;
  await assert.rejects(matchFeatures(nan, a), /matchFeatures: expected a finite number for query\.keypoints\[3\]/);
  await assert.rejects(matchFeatures(a, a, { ratio: 1.5 }), /options\.ratio/);
  await assert.rejects(matchFeatures(a, a, { model: 'similarity' as never }), /options\.model/);
  await assert.rejects(matchMany(a, [a], { concurrency: 0 }), /options\.concurrency/);
});

test('empty feature sets match to zero without crashing', async () => {
  const flat = await extractFeatures({ pixels: new Uint8Array(64 * 64).fill(90), height: 64, width: 64 });
  assert.equal(featureCount(flat), 0);
  const a = await extractFeatures(grey(renderPattern(randomPattern(7), size)));
  const match = await matchFeatures(flat, a);
  assert.deepEqual([match.tentativeCount, match.inlierCount, match.transform], [0, 0, null]);
  const many = await matchMany(a, [flat, a], { model: 'affine', method: 'magsac' });
  assert.equal(many.inliers[0], 0);
  assert.ok(many.inliers[1]! > 20);
});

test('verifyTop verifies only the candidates with most tentative matches and leaves their inliers unchanged', async () => {
  const pattern = randomPattern(8);
  const query = await extractFeatures(grey(renderPattern(pattern, size)));
  const same = await extractFeatures(grey(renderPattern(pattern, size, { rotationDeg: 15 })));
  const others = await Promise.all([9, 10, 11, 12].map(async (seed) => extractFeatures(grey(renderPattern(randomPattern(seed), size)))));
  const candidates = [others[0]!, same, ...others.slice(1)];
  const all = await matchMany(query, candidates);
  const top = await matchMany(query, candidates, { verifyTop: 1 });
  assert.deepEqual(top.tentative, all.tentative);
  assert.equal(top.inliers[1], all.inliers[1]);
  assert.deepEqual(Array.from(top.inliers).filter((_, i) => i !== 1), [0, 0, 0, 0]);
  await assert.rejects(matchMany(query, candidates, { verifyTop: -1 }), /options\.verifyTop/);
});
