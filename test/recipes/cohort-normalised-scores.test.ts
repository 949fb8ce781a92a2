import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gallery } from '../../src/gallery/index.ts';
import { cohortNormalisedRankings } from '../../src/recipes/cohort-normalised-scores.ts';

test('s-norm rankings over a gallery\'s prototypes match a hand computation', () => {
  // Three one-image identities on the unit circle at 0°, 90° and 180°; the query at 30°.
  const g = new Gallery({ dim: 2, modelFingerprint: 'm', items: ['a', 'b', 'c'].map((id) => ({ id, identity: id, source: id })), embeddings: Float32Array.from([1, 0, 0, 1, -1, 0]) });
  const q = Float32Array.from([Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)]);
  const [r] = cohortNormalisedRankings(g, q, 1);
  // Similarities: a cos30 = 0.866, b cos60 = 0.5, c −0.866. With K = 1 each std is the floor (1e-6),
  // so scores are dominated by (s − best other): a's query cohort is b (0.5), its own cohort is b (0).
  const s = { a: Math.cos(Math.PI / 6), b: 0.5, c: -Math.cos(Math.PI / 6) };
  const expectedA = 0.5 * ((s.a - s.b) / 1e-6 + (s.a - 0) / 1e-6);
  assert.equal(r!.identities[0], 'a');
  assert.ok(Math.abs(r!.scores[0]! - expectedA) / expectedA < 1e-6);
  assert.deepEqual(r!.identities, ['a', 'b', 'c']);
  g.dispose();
});
