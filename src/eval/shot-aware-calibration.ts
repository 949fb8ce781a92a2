// P(the best candidate is the query's individual) from its distance and how many images enrolled it.
// A gallery scores an identity by the centroid of its k images, and that centroid lies closer to a
// genuine query as k grows, so one distance means more at k = 1 than at k = 10; a map fitted on
// pairs of single images (or pooled over k) is then over-confident for some galleries and
// under-confident for others. This one is fitted on simulated k-shot identification trials (each
// query's best candidate, right or wrong, with its enrolled count), by logistic regression on
// (d, ln k, d · ln k) with Platt's smoothed targets, kept monotone in d for every k it covers.
// Given each trial's runner-up distance, it also weighs the margin over the nearest rival identity:
// held-out random strokes have look-alikes, so there a near best candidate is right only ~65% of the
// time, while distinct drawn glyphs are always right when near; distance alone cannot tell the two
// galleries apart and the margin can (`npm run bench -- openset`, strokes-only model: glyph-class 5-shot ECE 0.146 → 0.069).
import { ArgumentError } from '../util/errors.ts';
import { fitLogistic } from './fused-calibration.ts';
import { logShotsFeature, marginFeature, matchProbability, type ShotAwareCalibration } from './match-probability.ts';

export interface ShotTrials {
  /** Distance of each query's best candidate. */
  distance: ArrayLike<number>;
  /** Enrolled images of that candidate's identity. */
  shots: ArrayLike<number>;
  /** Whether that candidate is the query's own identity (false for every query of a never-enrolled one). */
  correct: ArrayLike<boolean | number>;
  /** Distance of each query's runner-up identity (Infinity when the gallery had one identity); given, the map also weighs the margin (0 when the runner-up is nearer). */
  nearestOther?: ArrayLike<number>;
}

function checkTrials(fn: string, trials: ShotTrials): { positives: number; maxShots: number } {
  const n = trials.distance.length;
  if (trials.shots.length !== n || trials.correct.length !== n) {
    throw new ArgumentError(`${fn}: expected as many shot counts and outcomes as distances (${n}) but received ${trials.shots.length} and ${trials.correct.length}.`);
  }
  if (trials.nearestOther && trials.nearestOther.length !== n) throw new ArgumentError(`${fn}: expected as many runner-up distances as distances (${n}) but received ${trials.nearestOther.length}.`);
  let positives = 0;
  let maxShots = 1;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(trials.distance[i])) throw new ArgumentError(`${fn}: expected finite distances but received ${trials.distance[i]} at trial ${i}.`);
    const other = trials.nearestOther?.[i];
    // Under a spread ranking the runner-up can be nearer in distance than the best; its margin is then 0.
    if (other !== undefined && !(other >= 0)) throw new ArgumentError(`${fn}: expected a runner-up distance ≥ 0 (or Infinity) but received ${other} at trial ${i}.`);
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

/** The regression's columns d, ln k and d · ln k; `varied` is false for one shot count, which says nothing about k (the map is then a plain logistic in d). */
function columns(trials: ShotTrials, maxShots: number) {
  const n = trials.distance.length;
  const d = Float64Array.from({ length: n }, (_, i) => trials.distance[i]!);
  const logShots = Float64Array.from({ length: n }, (_, i) => logShotsFeature(trials.shots[i]!, maxShots));
  const product = d.map((x, i) => x * logShots[i]!);
  return { n, d, logShots, product, varied: logShots.some((x) => x !== logShots[0]) };
}

/** Mean log-likelihood of the outcomes under a map (higher is better). */
function logLikelihood(map: ShotAwareCalibration, trials: ShotTrials): number {
  let total = 0;
  const n = trials.distance.length;
  for (let i = 0; i < n; i++) {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, matchProbability(map, trials.distance[i]!, trials.shots[i]!, trials.nearestOther?.[i])));
    total += trials.correct[i] ? Math.log(p) : Math.log(1 - p);
  }
  return total / n;
}

/** Deciles of the finite runner-up distances and their maximum: the caps tried, scale-free. */
function marginCaps(nearestOther: ArrayLike<number>): number[] {
  const finite = Array.from(nearestOther).filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return [];
  const caps = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((q) => finite[Math.floor(q * (finite.length - 1))]!);
  return [...new Set([...caps, finite[finite.length - 1]!])].filter((c) => c > 0);
}

/**
 * The map with a margin term at the cap (of those tried) that fits best, when its weight comes out
 * ≥ 0 and its slope stays monotone; undefined otherwise.
 */
function fitWithMargin(trials: ShotTrials, positives: number, maxShots: number): ShotAwareCalibration | undefined {
  const { n, d, logShots, product, varied } = columns(trials, maxShots);
  let best: { map: ShotAwareCalibration; fit: number } | undefined;
  for (const cap of marginCaps(trials.nearestOther!)) {
    const margin = Float64Array.from({ length: n }, (_, i) => marginFeature(d[i]!, trials.nearestOther![i]!, cap));
    const fit = fitLogistic(varied ? [d, logShots, product, margin] : [d, margin], trials.correct, positives);
    const [slope, logWeight, slopeLogShots, marginWeight] = varied ? fit.weights as [number, number, number, number] : [fit.weights[0]!, 0, 0, fit.weights[1]!];
    if (!(marginWeight >= 0 && monotone(slope, slopeLogShots, maxShots))) continue;
    const map: ShotAwareCalibration = { kind: 'shot-logistic', intercept: fit.intercept, slope, logShots: logWeight, slopeLogShots, maxShots, margin: marginWeight, marginCap: cap };
    const score = logLikelihood(map, trials);
    if (!best || score > best.fit) best = { map, fit: score };
  }
  return best?.map;
}

export function fitShotAwareCalibration(trials: ShotTrials): ShotAwareCalibration {
  const fn = 'fitShotAwareCalibration';
  const { positives, maxShots } = checkTrials(fn, trials);
  return (trials.nearestOther && fitWithMargin(trials, positives, maxShots)) || fitWithoutMargin(trials, positives, maxShots);
}

function fitWithoutMargin(trials: ShotTrials, positives: number, maxShots: number): ShotAwareCalibration {
  const { d, logShots, product, varied } = columns(trials, maxShots);
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
