import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLogisticCalibration, matchProbability, type ShotAwareCalibration } from '../../src/eval/match-probability.ts';
import { checkMatchCalibration } from '../../src/eval/open-set-calibration.ts';
import { fitShotAwareCalibration } from '../../src/eval/shot-aware-calibration.ts';
import { reliability } from '../../src/eval/reliability.ts';
import { Random } from '../../src/util/random.ts';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const truth: ShotAwareCalibration = { kind: 'shot-logistic', intercept: 3, slope: -6, logShots: 0.5, slopeLogShots: -1.5, maxShots: 10 };

/** Trials whose outcomes follow `truth` exactly: the fit should find it again. */
function simulatedTrials(seed: number, n: number) {
  const random = new Random(seed);
  const distance: number[] = [];
  const shots: number[] = [];
  const correct: boolean[] = [];
  for (let i = 0; i < n; i++) {
    const k = [1, 2, 3, 5, 10][Math.floor(random.next() * 5)]!;
    const d = 0.1 + random.next() * 0.9;
    distance.push(d);
    shots.push(k);
    correct.push(random.next() < matchProbability(truth, d, k));
  }
  return { distance, shots, correct };
}

test('shot-aware map: hand-computed probabilities, with enrolled counts clamped to [1, maxShots]', () => {
  const map: ShotAwareCalibration = { kind: 'shot-logistic', intercept: 1, slope: -2, logShots: 0.5, slopeLogShots: -1, maxShots: 5 };
  assert.equal(matchProbability(map, 0.5, 1), 0.5); // z = 1 − 1 + 0 + 0
  const z = 1 - 0.5 + 0.5 * Math.log(5) - 0.25 * Math.log(5);
  assert.ok(Math.abs(matchProbability(map, 0.25, 5) - sigmoid(z)) < 1e-12);
  assert.equal(matchProbability(map, 0.25, 500), matchProbability(map, 0.25, 5));
  assert.throws(() => matchProbability(map, 0.25), /enrolled image count .* for shots but received undefined/);
  assert.throws(() => matchProbability(map, 0.25, 0), /for shots but received 0/);
});

test('fitShotAwareCalibration recovers the map that made the outcomes, and its probabilities are calibrated on fresh trials', () => {
  const fit = fitShotAwareCalibration(simulatedTrials(1, 20_000));
  assert.equal(fit.maxShots, 10);
  // With 20,000 Bernoulli outcomes each weight's standard error is ≈ 0.1-0.3 (measured spread over seeds 1-5: under 0.25).
  assert.ok(Math.abs(fit.intercept - truth.intercept) < 0.6, `intercept ${fit.intercept}`);
  assert.ok(Math.abs(fit.slope - truth.slope) < 1, `slope ${fit.slope}`);
  assert.ok(Math.abs(fit.slopeLogShots - truth.slopeLogShots) < 0.8, `slopeLogShots ${fit.slopeLogShots}`);
  // Per enrolled count, since a map blind to k can be calibrated on the pool and wrong at each k.
  const fresh = simulatedTrials(2, 20_000);
  const blind = fitLogisticCalibration({ distance: fresh.distance, genuine: fresh.correct });
  const eceAt = (k: number, p: (d: number) => number) => {
    const rows = fresh.shots.flatMap((s, i) => (s === k ? [i] : []));
    return reliability(rows.map((i) => p(fresh.distance[i]!)), rows.map((i) => fresh.correct[i]!)).expectedCalibrationError;
  };
  // Seeded and thread-free, so deterministic; sampling noise alone gives ≈ 0.01 on 4,000 trials, the blind map 0.039-0.058 (seeds 1-5).
  for (const k of [1, 10]) assert.ok(eceAt(k, (d) => matchProbability(fit, d, k)) < 0.025, `ECE at ${k} shots`);
  assert.ok((eceAt(1, (d) => matchProbability(blind, d)) + eceAt(10, (d) => matchProbability(blind, d))) / 2 > 0.035);
});

test('one shot count gives a plain logistic in distance (the same fit as fitLogisticCalibration)', () => {
  const t = simulatedTrials(3, 3000);
  const ones = { distance: t.distance, shots: t.shots.map(() => 5), correct: t.correct };
  const fit = fitShotAwareCalibration(ones);
  const plain = fitLogisticCalibration({ distance: t.distance, genuine: t.correct });
  assert.equal(fit.logShots, 0);
  assert.equal(fit.slopeLogShots, 0);
  assert.ok(Math.abs(fit.intercept - plain.intercept) < 1e-6 && Math.abs(fit.slope - plain.slope) < 1e-6, JSON.stringify({ fit, plain }));
});

test('the fit stays monotone in distance at every enrolled count: a slope that would turn positive is dropped', () => {
  // Outcomes that get more likely with distance at k = 10 and less likely at k = 1.
  const random = new Random(4);
  const trials = { distance: [] as number[], shots: [] as number[], correct: [] as boolean[] };
  for (let i = 0; i < 4000; i++) {
    const k = i % 2 ? 1 : 10;
    const d = random.next();
    trials.distance.push(d);
    trials.shots.push(k);
    trials.correct.push(random.next() < (k === 1 ? 1 - d : d));
  }
  const fit = fitShotAwareCalibration(trials);
  assert.ok(fit.slope <= 0 && fit.slope + fit.slopeLogShots * Math.log(fit.maxShots) <= 0, JSON.stringify(fit));
  assert.deepEqual(checkMatchCalibration(fit, 'test'), fit);
});

test('fitShotAwareCalibration and checkMatchCalibration refuse bad input', () => {
  assert.throws(() => fitShotAwareCalibration({ distance: [0.1, 0.2], shots: [1], correct: [true, false] }), /as many shot counts and outcomes as distances \(2\) but received 1 and 2/);
  assert.throws(() => fitShotAwareCalibration({ distance: [0.1, Number.NaN], shots: [1, 1], correct: [true, false] }), /finite distances but received NaN at trial 1/);
  assert.throws(() => fitShotAwareCalibration({ distance: [0.1, 0.2], shots: [1, 2.5], correct: [true, false] }), /positive integer for shots but received 2.5 at trial 1/);
  assert.throws(() => fitShotAwareCalibration({ distance: [0.1, 0.2], shots: [1, 2], correct: [true, true] }), /both right and wrong best candidates but received 2 right of 2/);
  assert.throws(() => checkMatchCalibration({ ...truth, slopeLogShots: 4 }, 'loadGallery'), /slope ≤ 0 at every enrolled count up to maxShots/);
  assert.throws(() => checkMatchCalibration({ ...truth, maxShots: 0 }, 'loadGallery'), /positive integer maxShots/);
  assert.throws(() => checkMatchCalibration({ ...truth, intercept: null }, 'loadGallery'), /finite intercept, slope, logShots and slopeLogShots/);
});
