// The fused matcher's default shortlist: the nearest identities that fit an image budget, never fewer than 20.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetedShortlist, defaultShortlist } from '../../src/gallery/index.ts';

test('a small gallery is shortlisted whole; a large one stops at the image budget', () => {
  assert.equal(budgetedShortlist(Array(100).fill(2), 300), 100); // 200 images fit
  assert.equal(budgetedShortlist(Array(500).fill(2), 300), 150); // 150 × 2 = 300
  assert.equal(budgetedShortlist([250, 60, 1], 300), 3); // fewer than 20 identities: all of them
});

test('never fewer than defaultShortlist identities, even when they alone exceed the budget', () => {
  assert.equal(budgetedShortlist(Array(50).fill(100), 300), defaultShortlist);
  assert.equal(budgetedShortlist([], 300), 0);
  // Brute force over random image counts: the width is the longest prefix within budget, floored at 20.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40 + 1;
  for (let trial = 0; trial < 50; trial++) {
    const counts = Array.from({ length: next() * 3 }, next);
    let expected = 0;
    for (let w = 0; w <= counts.length; w++) if (counts.slice(0, w).reduce((a, b) => a + b, 0) <= 300) expected = w;
    assert.equal(budgetedShortlist(counts, 300), Math.max(expected, Math.min(defaultShortlist, counts.length)));
  }
});
