// suggestLr on hand-built LR-finder curves: the expected indices, worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestLr } from '../../src/train/suggest-lr.ts';

const decades = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => 10 ** (from + i));

test('a clean valley: valley 2/3 down the descent, steep at the largest drop, minimum = lr at min loss / 10', () => {
  const lrs = decades(-6, 8); // 1e-6 … 10
  const losses = [2.0, 1.9, 1.0, 0.8, 0.5, 0.4, 1.0, 3.0];
  const s = suggestLr(lrs, losses);
  // Descent 0..5 (2.0 → 0.4): 2/3 of the way is index round(10/3) = 3.
  assert.equal(s.valley, lrs[3]);
  // Drops per decade: 0.1, 0.9, 0.2, 0.3, 0.1: the steepest segment ends at index 2.
  assert.equal(s.steep, lrs[2]);
  // Minimum loss 0.4 at index 5 (lr 0.1).
  assert.equal(s.minimum, lrs[5]! / 10);
});

test('the valley is the longest decreasing run, skipping the noisy start and the explosion', () => {
  const lrs = decades(-7, 11);
  const losses = [2.0, 2.1, 1.9, 2.2, 1.8, 1.5, 1.2, 1.0, 0.9, 2.5, 5.0];
  const s = suggestLr(lrs, losses);
  // Longest strictly decreasing run: 2.0, 1.9, 1.8, 1.5, 1.2, 1.0, 0.9 (indices 0 … 8): round(16/3) = 5.
  assert.equal(s.valley, lrs[5]);
  // Largest drop per decade: 2.2 → 1.8 (0.4) ends at index 4.
  assert.equal(s.steep, lrs[4]);
  assert.equal(s.minimum, lrs[8]! / 10);
  // A second, shorter dip after a bump does not win.
  const twoDips = [3, 2, 1, 0.5, 0.4, 2, 1.9, 1.8, 4];
  assert.equal(suggestLr(decades(-8, 9), twoDips).valley, decades(-8, 9)[3]); // run 0..4, round(8/3) = 3
});

test('steep measures the slope against log lr, not against the step index', () => {
  // The middle step is tiny in lr (1e-3 → 1.1e-3) but its drop per decade is the largest.
  const lrs = [1e-4, 1e-3, 1.1e-3, 1e-2];
  const losses = [1, 0.5, 0.45, 0.2];
  assert.equal(suggestLr(lrs, losses).steep, 1.1e-3);
  // The same drops on an even grid pick the first, biggest one.
  assert.equal(suggestLr(decades(-4, 4), losses).steep, 1e-3);
});

test('short or mismatched inputs: fewer than 3 points fall back to the first lr (or 1e-3), lengths are cut to the shorter', () => {
  assert.deepEqual(suggestLr([5e-4, 1e-3], [1, 0.5]), { valley: 5e-4, steep: 5e-4, minimum: 5e-4 });
  assert.deepEqual(suggestLr([], []), { valley: 1e-3, steep: 1e-3, minimum: 1e-3 });
  // The extra lrs beyond the losses are ignored: the minimum is within the first four.
  const s = suggestLr(decades(-4, 6), [1, 0.8, 0.3, 0.6]);
  assert.equal(s.minimum, 1e-2 / 10);
  assert.ok([s.valley, s.steep].every((lr) => lr <= 1e-1), `${JSON.stringify(s)}`);
});
