import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLogisticCalibration, matchProbability, nearestOtherDistances, type ShotAwareCalibration } from '../../src/eval/match-probability.ts';
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

test('margin term: hand-computed probabilities, the rival capped, and nearestOtherDistances', () => {
  const map: ShotAwareCalibration = { kind: 'shot-logistic', intercept: 1, slope: -2, logShots: 0, slopeLogShots: 0, maxShots: 5, margin: 4, marginCap: 0.8 };
  // margin = min(0.8, 0.7) − 0.5 = 0.2: z = 1 − 1 + 0.8
  assert.ok(Math.abs(matchProbability(map, 0.5, 3, 0.7) - sigmoid(0.8)) < 1e-12);
  // The rival past the cap (and no rival at all) count as the cap: margin 0.3.
  assert.ok(Math.abs(matchProbability(map, 0.5, 3, 1.9) - sigmoid(1.2)) < 1e-12);
  assert.equal(matchProbability(map, 0.5, 3, Number.POSITIVE_INFINITY), matchProbability(map, 0.5, 3, 1.9));
  // A candidate behind its rival has margin 0.
  assert.equal(matchProbability(map, 0.5, 3, 0.4), sigmoid(0));
  assert.throws(() => matchProbability(map, 0.5, 3), /nearest other identity's distance for nearestOther but received undefined/);
  assert.deepEqual(nearestOtherDistances([{ distance: 0.2 }, { distance: 0.5 }, { distance: 0.9 }]), [0.5, 0.2, 0.2]);
  assert.deepEqual(nearestOtherDistances([{ distance: 0.2 }]), [Number.POSITIVE_INFINITY]);
  // Loading refuses a margin that would make a nearer rival raise the probability.
  assert.throws(() => checkMatchCalibration({ ...map, margin: -1 }, 'g.json'), /g\.json: expected a finite margin ≥ 0 with a finite marginCap > 0/);
  assert.throws(() => checkMatchCalibration({ ...map, marginCap: undefined }, 'g.json'), /marginCap/);
  assert.deepEqual(checkMatchCalibration(map, 'g.json'), map);
});

/** Trials where a near rival makes the best candidate a coin flip: outcomes follow `withMargin`. */
function rivalTrials(seed: number, n: number, marginWeight: number) {
  const made: ShotAwareCalibration = { kind: 'shot-logistic', intercept: 1, slope: -4, logShots: 0.3, slopeLogShots: -0.5, maxShots: 10, margin: marginWeight, marginCap: 0.6 };
  const random = new Random(seed);
  const t = { distance: [] as number[], shots: [] as number[], correct: [] as boolean[], nearestOther: [] as number[] };
  for (let i = 0; i < n; i++) {
    const k = [1, 2, 5, 10][Math.floor(random.next() * 4)]!;
    const d = 0.1 + random.next() * 0.6;
    const rival = i % 10 === 0 ? Number.POSITIVE_INFINITY : d + random.next() * 0.8;
    t.distance.push(d);
    t.shots.push(k);
    t.nearestOther.push(rival);
    t.correct.push(random.next() < matchProbability(made, d, k, rival));
  }
  return t;
}

test('fitShotAwareCalibration with runner-up distances: weighs the margin when it tells, and drops it when it would point the wrong way', () => {
  const fit = fitShotAwareCalibration(rivalTrials(5, 20_000, 6));
  assert.ok(fit.margin !== undefined && fit.marginCap !== undefined, JSON.stringify(fit));
  // The true cap (0.6) is not on the grid of runner-up deciles (it picks 0.633-0.641), so the weight is near, not at, 6 (seeds 5-14: 4.85-5.45).
  assert.ok(fit.margin > 3.5 && fit.margin < 7.5, JSON.stringify(fit));
  // On fresh trials it is calibrated where the margin-blind fit is not, among candidates with a close rival.
  const fresh = rivalTrials(6, 20_000, 6);
  const blind = fitShotAwareCalibration({ distance: fresh.distance, shots: fresh.shots, correct: fresh.correct });
  assert.equal(blind.margin, undefined);
  const close = fresh.distance.flatMap((d, i) => (fresh.nearestOther[i]! - d < 0.1 ? [i] : []));
  const ece = (p: (i: number) => number) => reliability(close.map(p), close.map((i) => fresh.correct[i]!)).expectedCalibrationError;
  const withMargin = ece((i) => matchProbability(fit, fresh.distance[i]!, fresh.shots[i]!, fresh.nearestOther[i]!));
  const without = ece((i) => matchProbability(blind, fresh.distance[i]!, fresh.shots[i]!));
  // Seeds 5-14 (fresh trials 105-114): 0.017-0.033 with the margin, 0.118-0.144 without.
  assert.ok(withMargin < 0.05 && without > 2 * withMargin, `ECE with margin ${withMargin}, without ${without}`);
  // Outcomes that get likelier as a rival comes nearer: no weight ≥ 0 fits, so the term is left out.
  const perverse = fitShotAwareCalibration(rivalTrials(7, 8000, -6));
  assert.equal(perverse.margin, undefined, JSON.stringify(perverse));
  assert.throws(() => fitShotAwareCalibration({ distance: [0.3, 0.4], shots: [1, 1], correct: [true, false], nearestOther: [Number.NaN, 0.5] }), /runner-up distance ≥ 0 \(or Infinity\) but received NaN at trial 0/);
  assert.throws(() => fitShotAwareCalibration({ distance: [0.3, 0.4], shots: [1, 1], correct: [true, false], nearestOther: [0.5, -0.1] }), /received -0\.1 at trial 1/);
  // A spread ranking can put a nearer runner-up second: its margin feature is 0, the same map as a rival at the best's distance.
  const nearer = rivalTrials(8, 4000, 6);
  const map = fitShotAwareCalibration({ ...nearer, nearestOther: nearer.nearestOther.map((other, i) => (i % 10 === 0 ? nearer.distance[i]! * 0.9 : other)) });
  assert.ok(map.margin !== undefined && map.margin > 0, JSON.stringify(map));
  assert.equal(matchProbability(map, 0.4, 5, 0.3), matchProbability(map, 0.4, 5, 0.4));
  assert.ok(matchProbability(map, 0.4, 5, 0.5) > matchProbability(map, 0.4, 5, 0.4));
});
