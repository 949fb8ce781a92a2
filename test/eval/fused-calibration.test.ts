import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFusedScoreMap, checkMatcherCalibration, fitFusedCalibration, fitLogistic, fitLogisticCalibration, fusedProbability, inlierFeature } from '../../src/eval/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Cross-entropy with Platt's smoothed targets, the objective the fit minimises. */
function loss(pairs: { distance: number[]; inliers: number[]; genuine: boolean[] }, a: number, b: number, c: number): number {
  const pos = pairs.genuine.filter(Boolean).length, n = pairs.genuine.length;
  const hi = (pos + 1) / (pos + 2), lo = 1 / (n - pos + 2);
  let s = 0;
  pairs.genuine.forEach((g, i) => {
    const p = sigmoid(a + b * pairs.distance[i]! + c * inlierFeature(pairs.inliers[i]!));
    const t = g ? hi : lo;
    s -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
  });
  return s;
}

function handMadePairs(seed: number, n = 200) {
  const r = new Random(seed);
  const pairs = { distance: [] as number[], inliers: [] as number[], genuine: [] as boolean[] };
  for (let i = 0; i < n; i++) {
    const genuine = i % 3 === 0;
    pairs.genuine.push(genuine);
    pairs.distance.push(genuine ? 0.6 + 0.25 * r.normal() : 1.1 + 0.25 * r.normal());
    pairs.inliers.push(Math.max(0, Math.round(genuine ? 25 + 12 * r.normal() : 6 + 4 * r.normal())));
  }
  return pairs;
}

test('the fused fit is the minimum of its objective: no nearby weights do better (brute force)', () => {
  const pairs = handMadePairs(1);
  const map = fitFusedCalibration(pairs);
  assert.ok(map.distance < 0 && map.inliers > 0, JSON.stringify(map));
  const best = loss(pairs, map.intercept, map.distance, map.inliers);
  for (const da of [-0.05, 0, 0.05]) for (const db of [-0.05, 0, 0.05]) for (const dc of [-0.05, 0, 0.05]) {
    if (da === 0 && db === 0 && dc === 0) continue;
    assert.ok(loss(pairs, map.intercept + da, map.distance + db, map.inliers + dc) >= best - 1e-9, `step ${da},${db},${dc}`);
  }
});

test('separable pairs (every genuine pair has more inliers than every impostor) still give the finite minimum', () => {
  // Shaped as the local matcher's pairs on synthetic zebras were (a few genuine pairs among many
  // impostors, most of them without a single inlier): there the undamped Newton fit ran to weights of 1e12.
  const r = new Random(4);
  const pairs = { distance: [] as number[], inliers: [] as number[], genuine: [] as boolean[] };
  for (let i = 0; i < 4400; i++) {
    const genuine = r.next() < 0.05;
    pairs.genuine.push(genuine);
    pairs.distance.push(genuine ? 0.5 + 0.2 * r.normal() : 0.9 + 0.2 * r.normal());
    pairs.inliers.push(genuine ? 8 + r.int(50) : r.next() < 0.8 ? 0 : r.int(5));
  }
  for (const features of ['inliers', 'both'] as const) {
    const map = fitFusedCalibration(pairs, { features });
    assert.ok(Number.isFinite(map.intercept) && map.inliers > 0 && map.inliers < 100 && Math.abs(map.distance) < 100, `${features}: ${JSON.stringify(map)}`);
    const best = loss(pairs, map.intercept, map.distance, map.inliers);
    assert.ok(Number.isFinite(best));
    for (const da of [-0.1, 0, 0.1]) for (const dc of [-0.1, 0, 0.1]) {
      if (da === 0 && dc === 0) continue;
      assert.ok(loss(pairs, map.intercept + da, map.distance, map.inliers + dc) >= best - 1e-9, `${features}: step ${da},${dc}`);
    }
    // Between the classes (4-7 inliers, never seen) the map is uncertain, not a step.
    const p = fusedProbability(map, 0.9, 5);
    assert.ok(p > 0.001 && p < 0.999, `${features}: p(5 inliers) = ${p}`);
  }
});

test('with distance alone the fused fit equals the one-feature Platt fit', () => {
  const pairs = handMadePairs(2);
  const fused = fitFusedCalibration(pairs, { features: 'distance' });
  const platt = fitLogisticCalibration(pairs);
  assert.equal(fused.inliers, 0);
  assert.ok(Math.abs(fused.intercept - platt.intercept) < 1e-6 && Math.abs(fused.distance - platt.slope) < 1e-6, `${JSON.stringify(fused)} vs ${JSON.stringify(platt)}`);
});

test('a hand-computed two-point logistic fit: weights solve the normal equations', () => {
  // Features x = [0, 1], targets smoothed to lo = 1/3, hi = 2/3 (one genuine, one impostor): the
  // exact fit reaches both targets, so σ(a) = 1/3 and σ(a + b) = 2/3: a = −ln 2, b = 2 ln 2.
  const fit = fitLogistic([Float64Array.from([0, 1])], [false, true], 1);
  assert.ok(Math.abs(fit.intercept + Math.LN2) < 1e-9, String(fit.intercept));
  assert.ok(Math.abs(fit.weights[0]! - 2 * Math.LN2) < 1e-9, String(fit.weights[0]));
});

test('probabilities lie in [0, 1] and are monotone: falling with distance, rising with inliers', () => {
  const map = fitFusedCalibration(handMadePairs(3));
  let previous = Infinity;
  for (let d = 0; d <= 3; d += 0.1) {
    const p = fusedProbability(map, d, 10);
    assert.ok(p >= 0 && p <= 1 && p <= previous + 1e-15);
    previous = p;
  }
  previous = -Infinity;
  for (let n = 0; n <= 500; n += 5) {
    const p = fusedProbability(map, 0.9, n);
    assert.ok(p >= 0 && p <= 1 && p >= previous - 1e-15);
    previous = p;
  }
  assert.equal(fusedProbability({ kind: 'fused-logistic', intercept: 0, distance: 0, inliers: 1 }, Infinity, 3), sigmoid(Math.log1p(3)));
});

test('a score that disagrees (genuine pairs have fewer inliers) is dropped, so the map stays monotone', () => {
  const pairs = handMadePairs(4);
  pairs.inliers = pairs.genuine.map((g, i) => (g ? 2 : 30) + (i % 5));
  const map = fitFusedCalibration(pairs);
  assert.equal(map.inliers, 0);
  assert.ok(map.distance < 0);
  const local = fitFusedCalibration(pairs, { features: 'inliers' });
  assert.deepEqual([local.distance, local.inliers], [0, 0], 'nothing monotone left: the base rate');
});

test('fits and checks refuse what they cannot use', () => {
  assert.throws(() => fitFusedCalibration({ distance: [0.1, 0.2], inliers: [3, 4], genuine: [true, true] }), (e: unknown) => e instanceof ArgumentError && /both genuine and impostor/.test(e.message));
  assert.throws(() => fitFusedCalibration({ distance: [0.1, NaN], inliers: [3, 4], genuine: [true, false] }), /finite distances/);
  assert.throws(() => fitFusedCalibration({ distance: [0.1, 0.2], inliers: [3, -1], genuine: [true, false] }), /non-negative inlier/);
  assert.throws(() => checkFusedScoreMap({ kind: 'fused-logistic', intercept: 0, distance: 1, inliers: 1 }, 'here'), /distance ≤ 0/);
  const part = { probability: { kind: 'fused-logistic', intercept: 1, distance: -2, inliers: 1 }, threshold: 1.5, target: 'f1', precision: 1, recall: 1, queries: 3, shortlist: 20, calibratedAt: 'now' };
  assert.throws(() => checkMatcherCalibration(part, 'here', 'calibration.fused'), /calibration\.fused\.threshold/);
});
