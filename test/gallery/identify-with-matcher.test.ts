// Shortlist and re-rank on a hand-built case: the query's embedding is nearest identity A, but its
// pattern is a rotated view of identity B's, so local matching must move B to the top; and the
// fused probability is the hand-computed σ(a + b·d + c·log(1 + n)).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures, type LocalFeatures } from '../../src/features/index.ts';
import { Gallery, identifyWithMatcher } from '../../src/gallery/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { randomPattern, renderPattern } from '../features/textured-image.ts';

const size = 96;
const features = (seed: number, rotationDeg = 0): Promise<LocalFeatures> => extractFeatures({ pixels: renderPattern(randomPattern(seed), size, { rotationDeg }), height: size, width: size });

async function handBuilt() {
  const [a, b, c, query] = await Promise.all([features(1), features(2), features(3), features(2, 20)]);
  const gallery = new Gallery({
    dim: 2, modelFingerprint: 'hand', matcher: 'fused',
    items: [{ id: 'a', identity: 'A', source: 'a.png' }, { id: 'b', identity: 'B', source: 'b.png' }, { id: 'c', identity: 'C', source: 'c.png' }],
    embeddings: Float32Array.from([1, 0, 0, 1, -1, 0]), features: [a, b, c],
  });
  const norm = Math.hypot(0.9, 0.3);
  return { gallery, query, embedding: Float32Array.from([0.9 / norm, 0.3 / norm]) };
}

test('local re-ranking moves the identity whose pattern matches above the embedding\'s nearest', async () => {
  const { gallery, query, embedding } = await handBuilt();
  const byEmbedding = await identifyWithMatcher(gallery, embedding, null, { matcher: 'embedding' });
  assert.deepEqual(byEmbedding[0]!.candidates.map((c) => c.identity), ['A', 'B', 'C']);
  const fused = (await identifyWithMatcher(gallery, embedding, [query], { matcher: 'fused', shortlist: 2 }))[0]!;
  assert.deepEqual(fused.candidates.map((c) => c.identity), ['B', 'A'], 'C is not shortlisted');
  const [b, a] = fused.candidates;
  assert.ok(b!.inliers! >= 15 && b!.inliers! > 3 * a!.inliers!, `inliers B ${b!.inliers}, A ${a!.inliers}`);
  assert.equal(b!.matchedItem?.id, 'b');
  assert.equal(fused.verdict, 'uncalibrated');
  assert.equal(fused.probability, undefined);
  const local = (await identifyWithMatcher(gallery, embedding, [query], { matcher: 'local', shortlist: 1 }))[0]!;
  assert.equal(local.candidates.length, 3, 'local matches every identity whatever the shortlist');
  assert.equal(local.identity, 'B');
  gallery.dispose();
});

test('a calibrated fused gallery carries hand-computable probabilities and decides known / new by its threshold', async () => {
  const { gallery, query, embedding } = await handBuilt();
  const map = { kind: 'fused-logistic' as const, intercept: -2, distance: -1, inliers: 2 };
  const part = { probability: map, threshold: 0.6, target: 'f1', precision: 1, recall: 1, queries: 1, shortlist: 3, calibratedAt: 'now' };
  gallery.calibration = { threshold: 0.5, target: 'f1', precision: 1, recall: 1, queries: 1, calibratedAt: 'now', fused: part };
  const result = (await identifyWithMatcher(gallery, embedding, [query], { matcher: 'fused', shortlist: 3 }))[0]!;
  for (const c of result.candidates) {
    const hand = 1 / (1 + Math.exp(-(map.intercept + map.distance * c.distance + map.inliers * Math.log(1 + c.inliers!))));
    assert.ok(Math.abs(c.probability! - hand) < 1e-12, `${c.identity}: ${c.probability} vs ${hand}`);
    assert.ok(c.probability! >= 0 && c.probability! <= 1);
  }
  assert.equal(result.identity, 'B');
  assert.equal(result.verdict, result.probability! >= 0.6 ? 'known' : 'new');
  assert.equal(result.verdict, 'known');
  gallery.calibration = { ...gallery.calibration, fused: { ...part, threshold: 0.999999 } };
  assert.equal((await identifyWithMatcher(gallery, embedding, [query], { matcher: 'fused' }))[0]!.verdict, 'new');
  // The local matcher has no calibration of its own here: ranked, never decided.
  assert.equal((await identifyWithMatcher(gallery, embedding, [query], { matcher: 'local' }))[0]!.verdict, 'uncalibrated');
  gallery.dispose();
});

test('local and fused need stored features and one feature set per query', async () => {
  const plain = new Gallery({ dim: 2, modelFingerprint: 'x', items: [{ id: 'a', identity: 'A', source: 'a' }], embeddings: Float32Array.from([1, 0]) });
  await assert.rejects(identifyWithMatcher(plain, Float32Array.from([1, 0]), [], { matcher: 'fused' }), (e: unknown) => e instanceof ArgumentError && /stored local features/.test(e.message));
  const { gallery, embedding } = await handBuilt();
  await assert.rejects(identifyWithMatcher(gallery, embedding, [], { matcher: 'fused' }), /local features for each of 1 queries/);
  await assert.rejects(identifyWithMatcher(gallery, embedding, null, { matcher: 'fused', shortlist: 0 }), /shortlist/);
  plain.dispose();
  gallery.dispose();
});
