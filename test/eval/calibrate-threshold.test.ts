import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateThreshold } from '../../src/eval/calibrate-threshold.ts';
import { Random } from '../../src/util/random.ts';

// Sorted by distance, correct (+) or not (-): + + - + - + - -, four correct of eight.
const bestDistance = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
const correct = [1, 1, 0, 1, 0, 1, 0, 0];

test('target precision: the largest recall that keeps precision at or above the target', () => {
  // Precision after each accepted item: 1, 1, 2/3, 3/4, 3/5, 4/6, 4/7, 4/8.
  const at75 = calibrateThreshold({ bestDistance, correct }, { kind: 'precision', precision: 0.75 });
  assert.deepEqual(at75, { kind: 'precision', threshold: 0.4, precision: 0.75, recall: 0.75, f1: 0.75, acceptedCount: 4, reached: true, bestPrecision: 1 });
  const at100 = calibrateThreshold({ bestDistance, correct }, { kind: 'precision', precision: 1 });
  assert.equal(at100.threshold, 0.2);
  assert.equal(at100.recall, 0.5);
  // 0.6 keeps 4/6 ≥ 0.65 and reaches recall 1; 0.7 and 0.8 add only wrong matches.
  assert.equal(calibrateThreshold({ bestDistance, correct }, { kind: 'precision', precision: 0.65 }).threshold, 0.6);
});

test('best F1, ties going to the smaller threshold', () => {
  // F1 after each item: 2/5, 2/3, 4/7, 3/4, 2/3, 4/5, 8/11, 2/3.
  const best = calibrateThreshold({ bestDistance, correct }, { kind: 'f1' });
  assert.equal(best.threshold, 0.6);
  assert.ok(Math.abs(best.f1 - 0.8) < 1e-12);
});

test('items at equal distance are accepted together', () => {
  const tied = calibrateThreshold({ bestDistance: [0.1, 0.2, 0.2, 0.3], correct: [1, 1, 0, 1] }, { kind: 'precision', precision: 0.9 });
  assert.equal(tied.threshold, 0.1); // 0.2 would accept the wrong match too (precision 2/3)
});

test('an unreachable target accepts nothing and says so', () => {
  const none = calibrateThreshold({ bestDistance: [0.1, 0.2], correct: [0, 1] }, { kind: 'precision', precision: 0.9 });
  assert.equal(none.reached, false);
  assert.equal(none.threshold, -Infinity);
  assert.equal(none.acceptedCount, 0);
  assert.equal(none.recall, 0);
  // Precision after each accepted item: 0/1, 1/2; the best any threshold gives is 1/2.
  assert.equal(none.bestPrecision, 0.5);
  const noneCorrect = calibrateThreshold({ bestDistance: [0.1, 0.2], correct: [0, 0] }, { kind: 'f1' });
  assert.equal(noneCorrect.reached, false);
  assert.equal(noneCorrect.bestPrecision, 0);
});

test('non-finite distances are refused: none may become a threshold that JSON cannot store', () => {
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    assert.throws(() => calibrateThreshold({ bestDistance: [0.1, bad], correct: [1, 0] }, { kind: 'f1' }), new RegExp(`expected finite numbers for queries.bestDistance but received ${bad} at index 1`));
  }
});

test('on random calibration data the threshold reaches its target and no larger recall could', () => {
  const random = new Random(11);
  for (let trial = 0; trial < 30; trial++) {
    const n = 20 + random.int(100);
    const correctness = Array.from({ length: n }, () => random.next() < 0.6);
    // Correct matches tend to be closer; distances quantised to make ties.
    const distances = correctness.map((c) => Math.round((c ? random.uniform(0, 1) : random.uniform(0.4, 1.4)) * 20) / 20);
    const target = 0.7 + 0.25 * random.next();
    const chosen = calibrateThreshold({ bestDistance: distances, correct: correctness }, { kind: 'precision', precision: target });
    const evaluate = (t: number): { precision: number; recall: number } => {
      let accepted = 0, right = 0;
      distances.forEach((d, i) => { if (d <= t) { accepted++; if (correctness[i]) right++; } });
      return { precision: right / accepted, recall: right / correctness.filter(Boolean).length };
    };
    let bestRecall = 0;
    for (const t of distances) { const e = evaluate(t); if (e.precision >= target) bestRecall = Math.max(bestRecall, e.recall); }
    if (chosen.reached) {
      const actual = evaluate(chosen.threshold);
      assert.ok(actual.precision >= target, `trial ${trial}: precision ${actual.precision} < ${target}`);
      assert.equal(actual.precision, chosen.precision);
      assert.equal(actual.recall, bestRecall);
    } else {
      assert.equal(bestRecall, 0);
    }
  }
});

test('bad targets are rejected', () => {
  assert.throws(() => calibrateThreshold({ bestDistance: [1], correct: [1] }, { kind: 'precision', precision: 1.5 }), /calibrateThreshold: expected a number in \(0, 1\] for target.precision but received 1.5/);
});
