import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kShotEnrolment } from '../../src/eval/k-shot-enrolment.ts';

// One-dimensional embeddings: identity L sits around 10 × L.
// Seen identities 0 and 1; enrolled held-out identities 2 and 3; identity 9 is never enrolled.
const positions = [0, 0.1, 10, 10.1, 20, 20.2, 20.4, 30, 30.2, 30.4, 90, 90.5];
const labels = Int32Array.from([0, 0, 1, 1, 2, 2, 2, 3, 3, 3, 9, 9]);
const source = { kind: 'embeddings' as const, embeddings: Float32Array.from(positions), dim: 1 };

test('gallery holds seen identities plus k shots; the rest query', () => {
  const result = kShotEnrolment(source, labels, { enrolIdentities: [2, 3], unenrolledIdentities: [9], shots: 1, seed: 0 });
  const galleryLabels = Array.from(result.galleryItems, (i) => labels[i]!).sort();
  assert.deepEqual(galleryLabels, [0, 0, 1, 1, 2, 3]);
  assert.equal(result.queryItems.length, 6);
  assert.deepEqual(Array.from(result.matches.known), Array.from(result.queryItems, (i) => (labels[i] === 9 ? 0 : 1)));
  assert.equal(result.top1Accuracy, 1);
  // Unknown queries (≈ 90) are far farther than any known one (≤ 0.4): perfect separation.
  assert.equal(result.knownVsUnknownAuroc, 1);
  assert.equal(result.openSet, undefined);
});

test('with a threshold it reports open-set metrics', () => {
  const result = kShotEnrolment(source, labels, { enrolIdentities: [2, 3], unenrolledIdentities: [9], shots: 2, seed: 3, threshold: 1 });
  assert.ok(result.openSet);
  assert.equal(result.openSet.knownAccuracy, 1);
  assert.equal(result.openSet.unknownAccuracy, 1);
  assert.equal(result.openSet.balancedAccuracy, 1);
});

test('the enrolled shots are chosen by the seed, deterministically', () => {
  const pick = (seed: number): number[] => Array.from(kShotEnrolment(source, labels, { enrolIdentities: [2, 3], shots: 1, seed }).galleryItems);
  assert.deepEqual(pick(5), pick(5));
  const variety = new Set(Array.from({ length: 10 }, (_, seed) => pick(seed).join(',')));
  assert.ok(variety.size > 1, 'different seeds should enrol different items');
});

test('a tie at the best distance goes to the wrong identity (pessimistic)', () => {
  // All three items coincide: the query (identity 1) is at distance 0 from both gallery items.
  const result = kShotEnrolment({ kind: 'embeddings', embeddings: Float32Array.from([1, 1, 1]), dim: 1 }, Int32Array.from([0, 1, 1]), { enrolIdentities: [1], shots: 1, seed: 0 });
  assert.equal(result.queryItems.length, 1);
  assert.equal(result.matches.bestDistance[0], 0);
  assert.equal(result.matches.predictedLabels[0], 0);
  assert.equal(result.top1Accuracy, 0);
});

test('identity lists must be disjoint', () => {
  assert.throws(() => kShotEnrolment(source, labels, { enrolIdentities: [2], unenrolledIdentities: [2], shots: 1, seed: 0 }), /identity 2 in both/);
});
