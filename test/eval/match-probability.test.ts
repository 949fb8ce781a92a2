import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitIsotonicCalibration, fitLogisticCalibration, matchProbability } from '../../src/eval/match-probability.ts';
import { reliability } from '../../src/eval/reliability.ts';
import { Random } from '../../src/util/random.ts';

function overlappingPairs(seed: number, n: number) {
  const random = new Random(seed);
  const distance: number[] = [];
  const genuine: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const same = random.next() < 0.4;
    distance.push(same ? random.normal(0.5, 0.15) : random.normal(1.0, 0.2));
    genuine.push(same);
  }
  return { distance, genuine };
}

/** Platt's objective: cross-entropy against the smoothed targets. */
function plattLoss(pairs: { distance: number[]; genuine: boolean[] }, a: number, b: number): number {
  const positives = pairs.genuine.filter(Boolean).length;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (pairs.genuine.length - positives + 2);
  return pairs.distance.reduce((s, d, i) => {
    const p = 1 / (1 + Math.exp(-(a + b * d)));
    const t = pairs.genuine[i] ? hi : lo;
    return s - t * Math.log(p) - (1 - t) * Math.log(1 - p);
  }, 0);
}

test('logistic calibration reaches the minimum of Platt\'s objective (no nearby point is lower) and falls with distance', () => {
  const pairs = overlappingPairs(1, 400);
  const fit = fitLogisticCalibration(pairs);
  assert.ok(fit.slope < 0);
  const best = plattLoss(pairs, fit.intercept, fit.slope);
  for (const [da, db] of [[1e-3, 0], [-1e-3, 0], [0, 1e-3], [0, -1e-3], [1e-3, -1e-3]]) {
    assert.ok(plattLoss(pairs, fit.intercept + da!, fit.slope + db!) > best - 1e-9, `(${da}, ${db}) lowers the loss`);
  }
  // Genuine pairs sit at 0.5 ± 0.15 and impostors at 1.0 ± 0.2: near-certain at 0.5, unlikely at 1.2.
  assert.ok(Math.abs(matchProbability(fit, 0.5) - 1) < 0.1 && matchProbability(fit, 1.2) < 0.1);
});

test('logistic calibration stays finite on perfectly separable pairs (smoothed targets)', () => {
  const fit = fitLogisticCalibration({ distance: [0.1, 0.2, 0.9, 1.0], genuine: [1, 1, 0, 0] });
  assert.ok(Number.isFinite(fit.intercept) && Number.isFinite(fit.slope));
  const p = matchProbability(fit, 0.1);
  assert.ok(p > 0.5 && p < 1);
});

test('isotonic calibration pools adjacent violators (hand-worked) and is non-increasing', () => {
  // Sorted outcomes by distance: 1, 0, 1, 1, 0 → blocks [1], [0, 1, 1 → 2/3], [0].
  const fit = fitIsotonicCalibration({ distance: [0.1, 0.2, 0.3, 0.4, 0.5], genuine: [1, 0, 1, 1, 0] });
  assert.deepEqual(fit.distances, [0.1, 0.2, 0.5]);
  assert.deepEqual(fit.probabilities.map((p) => Math.round(p * 1e6) / 1e6), [1, 0.666667, 0]);
  assert.equal(matchProbability(fit, 0.05), 1);
  assert.equal(matchProbability(fit, 0.35), 2 / 3);
  assert.equal(matchProbability(fit, 9), 0);
  const big = fitIsotonicCalibration(overlappingPairs(2, 500));
  for (let i = 1; i < big.probabilities.length; i++) assert.ok(big.probabilities[i]! <= big.probabilities[i - 1]!);
});

test('calibrations refuse one-sided or non-finite pairs, naming what was expected', () => {
  assert.throws(() => fitLogisticCalibration({ distance: [1, 2], genuine: [1, 1] }), /both genuine and impostor/);
  assert.throws(() => fitIsotonicCalibration({ distance: [1, Number.NaN], genuine: [1, 0] }), /finite distances/);
});

test('reliability: hand-computed bins, ECE and Brier; a calibrated fit on fresh pairs has a small ECE', () => {
  const r = reliability([0.05, 0.15, 0.95, 0.85], [0, 0, 1, 0], 2);
  // Bin [0, .5): confidence 0.1, frequency 0; bin [.5, 1]: confidence 0.9, frequency 0.5.
  assert.ok(Math.abs(r.expectedCalibrationError - (0.5 * 0.1 + 0.5 * 0.4)) < 1e-12);
  assert.ok(Math.abs(r.brier - (0.05 ** 2 + 0.15 ** 2 + 0.05 ** 2 + 0.85 ** 2) / 4) < 1e-12);
  assert.equal(r.bins[1]!.count, 2);
  const fit = fitLogisticCalibration(overlappingPairs(3, 2000));
  const fresh = overlappingPairs(4, 2000);
  const ece = reliability(fresh.distance.map((d) => matchProbability(fit, d)), fresh.genuine).expectedCalibrationError;
  assert.ok(ece < 0.05, `ECE ${ece}`);
});
