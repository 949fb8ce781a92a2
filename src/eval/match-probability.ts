// Distances → calibrated probabilities that a query and a candidate are the same individual,
// fitted on genuine and impostor pairs (wildlife-tools' and TF Similarity's practice), so a
// verdict reads "0.97 same" instead of "distance 0.81 under a magic threshold". Two fits:
// logistic (Platt 1999, with his smoothed targets so separable data stays finite) and isotonic
// (pool-adjacent-violators: monotone, no shape assumed). Written here because they are a few
// dozen lines on plain arrays; no well-kept Node library fits both on typed arrays.
import { ArgumentError } from '../util/errors.ts';

export type MatchCalibration =
  /** P(same | d) = σ(intercept + slope · d); slope < 0 when closer means more alike. */
  | { kind: 'logistic'; intercept: number; slope: number }
  /** Step function: P(same | d) = probabilities[i] for distances[i] ≤ d < distances[i+1] (non-increasing). */
  | { kind: 'isotonic'; distances: number[]; probabilities: number[] }
  /**
   * Shot-aware (src/eval/shot-aware-calibration.ts): P(the best candidate is the query's individual)
   * = σ(intercept + slope · d + logShots · ln m + slopeLogShots · d · ln m), m = the candidate
   * identity's enrolled images clamped to [1, maxShots], since a centroid of more images lies closer.
   */
  | ShotAwareCalibration;

export interface ShotAwareCalibration {
  kind: 'shot-logistic';
  intercept: number;
  slope: number;
  logShots: number;
  slopeLogShots: number;
  /** The most enrolled images per identity it was fitted on; more are treated as this many. */
  maxShots: number;
  /**
   * Weight (≥ 0) of the candidate's margin: min(marginCap, distance to the nearest *other*
   * identity) − distance, at least 0. A candidate alone near the query is likelier right than one
   * with a rival just as near (Lowe's ratio test, as a feature). Absent in maps fitted before it.
   */
  margin?: number;
  /** Where the rival's distance stops mattering (chosen by likelihood when fitted). */
  marginCap?: number;
}

export interface CalibrationPairs {
  /** Distance of each pair. */
  distance: ArrayLike<number>;
  /** Whether the pair shows one individual (genuine) or two (impostor). */
  genuine: ArrayLike<boolean | number>;
}

function checkPairs(fn: string, pairs: CalibrationPairs): { n: number; positives: number } {
  const n = pairs.distance.length;
  if (n !== pairs.genuine.length) throw new ArgumentError(`${fn}: expected as many genuine flags as distances (${n}) but received ${pairs.genuine.length}.`);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pairs.distance[i])) throw new ArgumentError(`${fn}: expected finite distances but received ${pairs.distance[i]} at pair ${i}.`);
    if (pairs.genuine[i]) positives++;
  }
  if (positives === 0 || positives === n) {
    throw new ArgumentError(`${fn}: expected both genuine and impostor pairs but received ${positives} genuine of ${n}. Hint: calibrate on queries of known and of unknown individuals.`);
  }
  return { n, positives };
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Platt scaling by Newton's method on the cross-entropy with smoothed targets. */
export function fitLogisticCalibration(pairs: CalibrationPairs): MatchCalibration & { kind: 'logistic' } {
  const { n, positives } = checkPairs('fitLogisticCalibration', pairs);
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  // Centre and scale distances so Newton's steps are well conditioned; undone at the end.
  let centre = 0;
  for (let i = 0; i < n; i++) centre += pairs.distance[i]! / n;
  let spread = 0;
  for (let i = 0; i < n; i++) spread += (pairs.distance[i]! - centre) ** 2 / n;
  const scale = Math.sqrt(spread) || 1;
  let a = Math.log((positives + 1) / (n - positives + 1));
  let b = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let [ga, gb, haa, hab, hbb] = [0, 0, 1e-12, 0, 1e-12];
    for (let i = 0; i < n; i++) {
      const x = (pairs.distance[i]! - centre) / scale;
      const p = sigmoid(a + b * x);
      const residual = p - (pairs.genuine[i] ? hi : lo);
      const w = p * (1 - p);
      ga += residual;
      gb += residual * x;
      haa += w;
      hab += w * x;
      hbb += w * x * x;
    }
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-12) break;
  }
  return { kind: 'logistic', intercept: a - (b * centre) / scale, slope: b / scale };
}

/** Isotonic regression of "genuine" on distance, non-increasing, by pool-adjacent-violators. */
export function fitIsotonicCalibration(pairs: CalibrationPairs): MatchCalibration & { kind: 'isotonic' } {
  const { n } = checkPairs('fitIsotonicCalibration', pairs);
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => pairs.distance[i]! - pairs.distance[j]!);
  // Blocks of (first distance, sum of outcomes, count); equal distances always share a block.
  const blocks: { distance: number; sum: number; count: number }[] = [];
  for (const i of order) {
    const outcome = pairs.genuine[i] ? 1 : 0;
    const last = blocks[blocks.length - 1];
    if (last && last.distance === pairs.distance[i]) {
      last.sum += outcome;
      last.count++;
    } else blocks.push({ distance: pairs.distance[i]!, sum: outcome, count: 1 });
    while (blocks.length > 1) {
      const b = blocks[blocks.length - 1]!;
      const a = blocks[blocks.length - 2]!;
      if (a.sum / a.count >= b.sum / b.count) break;
      a.sum += b.sum;
      a.count += b.count;
      blocks.pop();
    }
  }
  return { kind: 'isotonic', distances: blocks.map((b) => b.distance), probabilities: blocks.map((b) => b.sum / b.count) };
}

/** The shot-aware map's feature ln m (m = enrolled images, clamped to [1, maxShots]). */
export const logShotsFeature = (shots: number, maxShots: number): number => Math.log(Math.min(Math.max(1, shots), maxShots));

/** The shot-aware map's margin feature: how much nearer the candidate is than its nearest rival (capped, ≥ 0). */
export const marginFeature = (distance: number, nearestOther: number, cap: number): number => Math.max(0, Math.min(cap, nearestOther) - distance);

/**
 * For candidates ranked nearest first, each one's nearest rival: the runner-up for the best, the
 * best for every other (Infinity when there is no other identity).
 */
export function nearestOtherDistances(ranked: readonly { distance: number }[]): number[] {
  return ranked.map((_, i) => (i === 0 ? runnerUpDistance(ranked) : ranked[0]!.distance));
}

/** The best candidate's nearest rival: the runner-up's distance (Infinity when there is none). */
export const runnerUpDistance = (ranked: readonly { distance: number }[]): number => ranked[1]?.distance ?? Number.POSITIVE_INFINITY;

/**
 * P(same individual) at `distance` under a fitted calibration; `shots` is the candidate identity's
 * enrolled image count, which only the shot-aware map reads (and requires), and `nearestOther`
 * the distance of the nearest other identity, which a map with a margin weight reads (and requires;
 * Infinity when the gallery holds no other identity).
 */
export function matchProbability(calibration: MatchCalibration, distance: number, shots?: number, nearestOther?: number): number {
  if (Number.isNaN(distance)) return Number.NaN;
  if (calibration.kind === 'logistic') return sigmoid(calibration.intercept + calibration.slope * distance);
  if (calibration.kind === 'shot-logistic') {
    if (shots === undefined || !(shots >= 1)) throw new ArgumentError(`matchProbability: expected the candidate's enrolled image count (≥ 1) for shots but received ${shots}. Hint: a shot-aware calibration needs it.`);
    const m = logShotsFeature(shots, calibration.maxShots);
    let z = calibration.intercept + calibration.slope * distance + calibration.logShots * m + calibration.slopeLogShots * distance * m;
    if (calibration.margin !== undefined) {
      if (nearestOther === undefined || Number.isNaN(nearestOther)) throw new ArgumentError(`matchProbability: expected the nearest other identity's distance for nearestOther but received ${nearestOther}. Hint: a map with a margin weight needs it (Infinity when there is none).`);
      z += calibration.margin * marginFeature(distance, nearestOther, calibration.marginCap!);
    }
    return sigmoid(z);
  }
  const { distances, probabilities } = calibration;
  // Last block starting at or before the distance; below the first, the first block's value.
  let lo = 0;
  let hi = distances.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (distances[mid]! <= distance) lo = mid;
    else hi = mid - 1;
  }
  return probabilities[lo]!;
}
