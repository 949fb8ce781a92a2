// P(the best candidate is the query's individual) from its distance and how many images enrolled it.
// A gallery scores an identity by the centroid of its k images, and that centroid lies closer to a
// genuine query as k grows, so one distance means more at k = 1 than at k = 10; a map fitted on
// pairs of single images (or pooled over k) is then over-confident for some galleries and
// under-confident for others. This one is fitted on simulated k-shot identification trials (each
// query's best candidate, right or wrong, with its enrolled count), by logistic regression on
// (d, ln k, d · ln k) with Platt's smoothed targets, kept monotone in d for every k it covers.
import { ArgumentError } from '../util/errors.ts';
import { fitLogistic } from './fused-calibration.ts';
import { logShotsFeature, type ShotAwareCalibration } from './match-probability.ts';

export interface ShotTrials {
  /** Distance of each query's best candidate. */
  distance: ArrayLike<number>;
  /** Enrolled images of that candidate's identity. */
  shots: ArrayLike<number>;
  /** Whether that candidate is the query's own identity (false for every query of a never-enrolled one). */
  correct: ArrayLike<boolean | number>;
}

function checkTrials(fn: string, trials: ShotTrials): { positives: number; maxShots: number } {
  const n = trials.distance.length;
  if (trials.shots.length !== n || trials.correct.length !== n) {
    throw new ArgumentError(`${fn}: expected as many shot counts and outcomes as distances (${n}) but received ${trials.shots.length} and ${trials.correct.length}.`);
  }
  let positives = 0;
  let maxShots = 1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(trials.distance[i])) throw new ArgumentError(`${fn}: expected finite distances but received ${trials.distance[i]} at trial ${i}.`);
    const k = trials.shots[i]!;
    if (!(Number.isInteger(k) && k >= 1)) throw new ArgumentError(`${fn}: expected a positive integer for shots but received ${k} at trial ${i}.`);
    maxShots = Math.max(maxShots, k);
    if (trials.correct[i]) positives++;
  }
  if (positives === 0 || positives === n) {
    throw new ArgumentError(`${fn}: expected both right and wrong best candidates but received ${positives} right of ${n}. Hint: simulate trials with queries of enrolled and of never-enrolled identities.`);
  }
  return { positives, maxShots };
}

/** Whether P falls with distance at every enrolled count in [1, maxShots] (the slope is linear in ln k, so both ends decide). */
const monotone = (slope: number, slopeLogShots: number, maxShots: number) => slope <= 0 && slope + slopeLogShots * Math.log(maxShots) <= 0;

export function fitShotAwareCalibration(trials: ShotTrials): ShotAwareCalibration {
  const fn = 'fitShotAwareCalibration';
  const { positives, maxShots } = checkTrials(fn, trials);
  const n = trials.distance.length;
  const d = Float64Array.from({ length: n }, (_, i) => trials.distance[i]!);
  const logShots = Float64Array.from({ length: n }, (_, i) => logShotsFeature(trials.shots[i]!, maxShots));
  const product = d.map((x, i) => x * logShots[i]!);
  // One shot count says nothing about k: the map is then a plain logistic in d.
  const varied = logShots.some((x) => x !== logShots[0]);
  if (varied) {
    const full = fitLogistic([d, logShots, product], trials.correct, positives);
    const [slope, logWeight, slopeLogShots] = full.weights as [number, number, number];
    if (monotone(slope, slopeLogShots, maxShots)) return { kind: 'shot-logistic', intercept: full.intercept, slope, logShots: logWeight, slopeLogShots, maxShots };
  }
  // A slope that would turn positive for some k is dropped to a shift in ln k alone.
  const fit = fitLogistic(varied ? [d, logShots] : [d], trials.correct, positives);
  const slope = Math.min(0, fit.weights[0]!);
  return { kind: 'shot-logistic', intercept: fit.intercept, slope, logShots: varied ? fit.weights[1]! : 0, slopeLogShots: 0, maxShots };
}
