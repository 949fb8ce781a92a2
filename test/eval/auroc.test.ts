import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auroc } from '../../src/eval/auroc.ts';
import { Random } from '../../src/util/random.ts';

test('perfect, reversed and fully tied scores', () => {
  assert.equal(auroc([0.9, 0.8, 0.1, 0.2], [1, 1, 0, 0]), 1);
  assert.equal(auroc([0.1, 0.2, 0.9, 0.8], [1, 1, 0, 0]), 0);
  assert.equal(auroc([0.5, 0.5, 0.5], [1, 0, 0]), 0.5);
});

test('hand-worked with a tie: positives {3, 2}, negatives {2, 1}', () => {
  // Pairs: (3,2) win, (3,1) win, (2,2) tie = 1/2, (2,1) win -> 3.5 / 4.
  assert.equal(auroc([3, 2, 2, 1], [true, true, false, false]), 0.875);
});

test('equals the pairwise count on random tied scores', () => {
  const random = new Random(5);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + random.int(40);
    const scores = Array.from({ length: n }, () => random.int(5));
    const positive = Array.from({ length: n }, () => random.next() < 0.4);
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      if (!positive[i] || positive[j]) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
    const value = auroc(scores, positive);
    if (pairs === 0) assert.ok(Number.isNaN(value));
    else assert.ok(Math.abs(value - wins / pairs) < 1e-12);
  }
});

test('one class only gives NaN; mismatched lengths throw', () => {
  assert.ok(Number.isNaN(auroc([1, 2], [1, 1])));
  assert.throws(() => auroc([1, 2], [1]), /auroc: expected 2 entries for positive/);
});
