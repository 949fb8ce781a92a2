import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Gallery, identitySpreads, pooledWithinVariance } from '../../src/gallery/index.ts';

const item = (identity: string, i: number) => ({ id: `${identity}#${i}`, identity, source: `${identity}/${i}` });

test('identitySpreads: hand-worked variances, shrinkage toward the pooled one, and the prior for 1-image galleries', () => {
  // 2-d: identity a at (1,0),(0,1): mean (.5,.5), squared deviations .5+.5 = 1, df 1. b: one image.
  const items = [item('a', 0), item('a', 1), item('b', 2)];
  const embeddings = Float32Array.from([1, 0, 0, 1, 1, 0]);
  const none = identitySpreads(items, embeddings, 2, { shrinkage: 0 });
  assert.ok(Math.abs(none.get('a')! - 1 * 1.5) < 1e-9); // v = 1, times (1 + 1/2)
  assert.ok(Math.abs(none.get('b')! - 1 * 2) < 1e-9); // b has no scatter of its own: the pooled v = 1, times (1 + 1/1)
  const shrunk = identitySpreads(items, embeddings, 2, { shrinkage: 4 });
  assert.ok(Math.abs(shrunk.get('a')! - ((1 + 4 * 1) / (1 + 4)) * 1.5) < 1e-9);
  const single = identitySpreads([item('a', 0), item('b', 1)], Float32Array.from([1, 0, 0, 1]), 2, { priorVariance: 0.25 });
  assert.ok(Math.abs(single.get('a')! - 0.25 * 2) < 1e-9);
});

test('spread scoring: a wide identity of many images no longer swallows queries nearer a tight one in its units', () => {
  const { gallery, query } = wideAndTight();
  const centroid = gallery.rankIdentities(query, { scoring: { kind: 'centroid' } })[0]!;
  const spread = gallery.rankIdentities(query, { scoring: { kind: 'spread' } })[0]!;
  assert.equal(centroid[0]!.identity, 'tight');
  // In units of their spreads the wide identity is the likelier one: 0.3 rad is well inside its scatter, 0.2 rad far outside tight's.
  assert.equal(spread[0]!.identity, 'wide');
  const wide = spread.find((c) => c.identity === 'wide')!;
  assert.ok(wide.distance < spread.find((c) => c.identity === 'tight')!.distance);
  gallery.dispose();
});

test('pooledWithinVariance: hand-worked, and undefined when no identity has two images', () => {
  // a: (1,0),(0,1): squared deviations 1, df 1. c: (1,0),(1,0),(0,0): mean (2/3,0), deviations 1/9+1/9+4/9 = 2/3, df 2.
  const embeddings = Float32Array.from([1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 0, 0]);
  assert.ok(Math.abs(pooledWithinVariance(['a', 'a', 'b', 'c', 'c', 'c'], embeddings, 2)! - (1 + 2 / 3) / 3) < 1e-7);
  assert.equal(pooledWithinVariance(['a', 'b'], Float32Array.from([1, 0, 0, 1]), 2), undefined);
});

test('spreadRanked scoring ranks as spread but reports centroid distances, and a calibration with a spread ranking makes it the gallery default', () => {
  const { gallery, query } = wideAndTight();
  const centroid = gallery.rankIdentities(query, { scoring: { kind: 'centroid' } })[0]!;
  const ranked = gallery.rankIdentities(query, { scoring: { kind: 'spreadRanked' } })[0]!;
  assert.deepEqual(ranked.map((c) => c.identity), ['wide', 'tight']);
  // Each candidate's distance is its centroid distance (0.3 and 0.2 rad chords), now out of distance order.
  for (const c of ranked) assert.equal(c.distance, centroid.find((x) => x.identity === c.identity)!.distance);
  assert.ok(Math.abs(ranked[0]!.distance - 2 * Math.sin(0.15)) < 0.02 && ranked[0]!.distance > ranked[1]!.distance);
  // Uncalibrated: centroid. With a ranking: spread-ranked, and the threshold reads the best's centroid distance.
  assert.equal(gallery.identify(query)[0]!.identity, 'tight');
  const base = { target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: 'now' };
  const ranking = { kind: 'spread' as const, shrinkage: 4, priorVariance: 0.01 };
  gallery.calibration = { ...base, threshold: 0.25, ranking };
  const best = gallery.identify(query)[0]!;
  assert.equal(best.identity, 'wide');
  assert.equal(best.distance, gallery.rankIdentities(query, { scoring: { ...ranking, kind: 'spreadRanked' } })[0]![0]!.distance);
  // tight lies within 0.25, but the verdict reads the best-ranked identity's distance (≈ 0.30).
  assert.equal(best.verdict, 'new');
  gallery.calibration = { ...base, threshold: 0.35, ranking };
  assert.equal(gallery.identify(query)[0]!.verdict, 'known');
  gallery.dispose();
});

/** "wide": 40 images spread around the x axis; "tight": 12 close around a direction 0.5 rad away; the query 0.3 rad from wide's centroid, 0.2 from tight's. */
function wideAndTight(): { gallery: Gallery; query: Float32Array } {
  const dim = 3;
  const vectors: number[] = [];
  const items = [];
  for (let i = 0; i < 40; i++) {
    const a = ((i % 8) - 3.5) * 0.12;
    const b = (Math.floor(i / 8) - 2) * 0.12;
    vectors.push(Math.cos(a) * Math.cos(b), Math.sin(a) * Math.cos(b), Math.sin(b));
    items.push(item('wide', i));
  }
  for (let i = 0; i < 12; i++) {
    const a = 0.5 + (i - 5.5) * 0.002;
    vectors.push(Math.cos(a), Math.sin(a), 0);
    items.push(item('tight', 40 + i));
  }
  const gallery = new Gallery({ dim, modelFingerprint: 'test', items, embeddings: Float32Array.from(vectors) });
  return { gallery, query: Float32Array.from([Math.cos(0.3), Math.sin(0.3), 0]) };
}
