import { test } from 'node:test';
import assert from 'node:assert/strict';
import { balancedThreshold } from '../../src/eval/balanced-threshold.ts';

test('the balanced threshold maximises the mean of known and unknown accuracy (hand-worked), unlike F1 with many knowns', () => {
  // Sorted: 0.1 K✓, 0.2 K✓, 0.3 U, 0.4 K✓, 0.5 K✗, 0.6 U, 0.7 U.
  const q = { bestDistance: [0.4, 0.1, 0.6, 0.3, 0.2, 0.7, 0.5], correct: [1, 1, 0, 0, 1, 0, 0], known: [1, 1, 0, 0, 1, 0, 1] };
  const r = balancedThreshold(q);
  // After 0.2: known 2/4, unknown 3/3 → 0.75. After 0.4: known 3/4, unknown 2/3 → 0.708. So 0.25.
  assert.ok(Math.abs(r.threshold - 0.25) < 1e-12, String(r.threshold));
  assert.equal(r.balancedAccuracy, 0.75);
  assert.deepEqual([r.knownAccuracy, r.unknownAccuracy], [0.5, 1]);
  // Ties: accepting 0.1 alone or 0.1 and 0.2 (an unknown, then a known) both give 0.75; the wider gap (0.2 → 0.9) wins.
  const tie = balancedThreshold({ bestDistance: [0.1, 0.15, 0.2, 0.9], correct: [1, 0, 1, 0], known: [1, 0, 1, 0] });
  assert.equal(tie.balancedAccuracy, 0.75);
  assert.ok(Math.abs(tie.threshold - 0.55) < 1e-12, String(tie.threshold));
  assert.throws(() => balancedThreshold({ bestDistance: [1], correct: [1], known: [1] }), /both known and unknown/);
  assert.throws(() => balancedThreshold({ bestDistance: [Number.NaN, 1], correct: [1, 0], known: [1, 0] }), /finite/);
});
