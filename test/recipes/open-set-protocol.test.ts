import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOpenSetProtocol } from '../../src/recipes/open-set-protocol.ts';
import { summariseOpenSet } from '../../src/recipes/open-set-summary.ts';

/** Identity i's images lie near basis vector e_i, spread along the last axis (its own, so no image is zero): exactly separable, distances known. */
function basisSet(identities: number, per: number) {
  const dim = 7;
  const rows: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < identities; i++) {
    for (let j = 0; j < per; j++) {
      const v: number[] = Array.from({ length: dim }, (_, d) => (d === i ? 1 : 0));
      v[6] = 0.01 * j; // a small spread within the identity
      const n = Math.hypot(...v);
      rows.push(...v.map((x) => x / n));
      names.push(`id${i}`);
    }
  }
  return { embeddings: Float32Array.from(rows), dim, identities: names };
}

test('the protocol enrols k images of half the identities, queries the rest, and keeps background identities out of the queries', () => {
  const set = basisSet(4, 4);
  const background = { embeddings: Float32Array.from([0, 0, 0, 0, 1, 0, 0]), dim: 7, identities: ['bg'] };
  const run = runOpenSetProtocol(set, { shots: 1, seed: 3, background });
  try {
    assert.equal(run.gallery.size, 1 + 2 * 1);
    assert.ok(run.gallery.identities().has('bg'));
    const known = run.queries.filter((q) => q.known);
    const unknown = run.queries.filter((q) => !q.known);
    assert.equal(known.length, 2 * 3);
    assert.equal(unknown.length, 2 * 4);
    assert.ok(known.every((q) => q.result.identity === q.truth));
    // Unknown queries sit at distance ≈ √2 from every enrolled identity; known ones within 0.05.
    const s = summariseOpenSet(run, { threshold: 0.5 });
    assert.deepEqual([s.top1, s.unknownAuroc, s.baks, s.baus], [1, 1, 1, 1]);
    const strict = summariseOpenSet(run, { threshold: 0.015 });
    // With threshold 0.015 only the queries within 0.015 of their single enrolled image are accepted.
    const accepted = known.filter((q) => q.result.distance <= 0.015).length;
    assert.ok(accepted < known.length && strict.baks < 1 && strict.baus === 1);
    assert.ok(Number.isNaN(s.ece), 'no probability map, no ECE');
    const genuine = run.pairs.genuine.filter(Boolean).length;
    assert.equal(genuine, known.length, 'one genuine pair per known query');
  } finally {
    run.gallery.dispose();
  }
});

test('with a probability threshold, AUROC and BAKS/BAUS read the best candidate\'s probability, matching a loop over the queries', () => {
  const set = basisSet(4, 4);
  const run = runOpenSetProtocol(set, { shots: 1, seed: 3 });
  try {
    // A map that makes known queries (distance ≤ 0.05) about 0.98 and unknown ones (≈ √2) about 0.0005.
    const probability = { kind: 'logistic' as const, intercept: 4, slope: -8 };
    const p = run.queries.map((q) => 1 / (1 + Math.exp(-(4 - 8 * q.result.distance))));
    const cut = (Math.min(...p.filter((_, i) => run.queries[i]!.known)) + Math.max(...p.filter((_, i) => !run.queries[i]!.known))) / 2;
    const s = summariseOpenSet(run, { threshold: 0, probability, probabilityThreshold: cut });
    // The distance threshold 0 would accept nothing; the probability threshold decides instead.
    assert.deepEqual([s.unknownAuroc, s.baks, s.baus], [1, 1, 1]);
    const atDistance = summariseOpenSet(run, { threshold: 0, probability });
    assert.deepEqual([atDistance.baks, atDistance.baus], [0, 1]);
    // A cutoff above every known query's probability accepts none of them.
    const strict = summariseOpenSet(run, { threshold: 0.5, probability, probabilityThreshold: Math.max(...p) + 1e-9 });
    assert.deepEqual([strict.baks, strict.baus], [0, 1]);
  } finally {
    run.gallery.dispose();
  }
});

test('a different seed enrols a different half and different images', () => {
  const set = basisSet(6, 3);
  const chosen = (seed: number) => {
    const run = runOpenSetProtocol(set, { shots: 1, seed });
    const ids = [...run.gallery.identities().keys()].sort().join(',');
    run.gallery.dispose();
    return ids;
  };
  const seen = new Set([1, 2, 3, 4, 5].map(chosen));
  assert.ok(seen.size > 1);
});
