// The local and fused matchers' calibration, written once for `reid calibrate --matcher`, for the
// identities held out of training, and for the photo protocol: from each query's re-ranked
// candidates (every shortlisted identity, with its distance and inliers), fit P(same) on every
// candidate pair, re-rank each query by it, and choose the probability threshold for the target.
import { calibrateThreshold, fitFusedCalibration, fusedProbability, type CalibratedThreshold, type FusedScoreMap, type MatcherCalibration, type ThresholdTarget } from '../eval/index.ts';
import type { Matcher } from '../gallery/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { falseMatchThreshold } from './fit-open-set-calibration.ts';

export interface MatcherQuery {
  truth: string;
  /** Whether the query's identity is enrolled. */
  known: boolean;
  candidates: readonly { identity: string; distance: number; inliers?: number }[];
}

export type MatcherTarget = ThresholdTarget | { kind: 'false-match-rate'; rate: number };

export interface FittedMatcherCalibration {
  calibration: MatcherCalibration;
  /** The threshold search on the calibration queries (precision and F1 targets); for a false-match rate, its figures there. */
  fit: CalibratedThreshold;
}

export const describeMatcherTarget = (t: MatcherTarget): string => (t.kind === 'f1' ? 'f1' : t.kind === 'precision' ? `precision=${t.precision}` : `false-match-rate=${t.rate}`);

/** Each query's best candidate under `map`: its probability and whether it is right. */
export function bestUnder(map: FusedScoreMap, queries: readonly MatcherQuery[]): { probability: number; correct: boolean; identity: string | null }[] {
  return queries.map((q) => {
    let best: { probability: number; identity: string | null; inliers: number } = { probability: 0, identity: null, inliers: -1 };
    for (const c of q.candidates) {
      const p = fusedProbability(map, c.distance, c.inliers ?? 0);
      if (p > best.probability || (p === best.probability && (c.inliers ?? 0) > best.inliers)) best = { probability: p, identity: c.identity, inliers: c.inliers ?? 0 };
    }
    return { probability: best.probability, identity: best.identity, correct: q.known && best.identity === q.truth };
  });
}

export function fitMatcherCalibration(queries: readonly MatcherQuery[], options: { matcher: Exclude<Matcher, 'embedding'>; target: MatcherTarget; shortlist: number; fittedOn: string }): FittedMatcherCalibration | { unreachable: CalibratedThreshold } {
  const pairs = { distance: [] as number[], inliers: [] as number[], genuine: [] as boolean[] };
  for (const q of queries) for (const c of q.candidates) {
    // An unranked candidate (local-only, infinitely far) still counts by its inliers.
    pairs.distance.push(Number.isFinite(c.distance) ? c.distance : 4);
    pairs.inliers.push(c.inliers ?? 0);
    pairs.genuine.push(c.identity === q.truth);
  }
  if (!pairs.genuine.includes(true) || !pairs.genuine.includes(false)) {
    throw new ArgumentError(`fitMatcherCalibration: expected candidates of the right and of wrong identities among ${queries.length} queries but received ${pairs.genuine.filter(Boolean).length} right of ${pairs.genuine.length}. Hint: calibrate on queries of known and of unknown individuals.`);
  }
  const map = fitFusedCalibration(pairs, { features: options.matcher === 'fused' ? 'both' : 'inliers' });
  const best = bestUnder(map, queries);
  // Accept when −p ≤ −threshold, i.e. p ≥ threshold: the distance-shaped threshold search applies as is.
  const scores = { bestDistance: best.map((b) => -b.probability), correct: best.map((b) => b.correct) };
  let fit: CalibratedThreshold;
  if (options.target.kind === 'false-match-rate') {
    const negative = falseMatchThreshold(best.filter((_, i) => !queries[i]!.known).map((b) => -b.probability), options.target.rate);
    const accepted = best.filter((b) => b.probability >= -negative);
    const correct = accepted.filter((b) => b.correct).length;
    const reachable = best.filter((b) => b.correct).length;
    const precision = accepted.length ? correct / accepted.length : Number.NaN;
    const recall = reachable ? correct / reachable : 0;
    fit = { kind: 'f1', threshold: negative, precision, recall, f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0, acceptedCount: accepted.length, reached: reachable > 0, bestPrecision: precision };
  } else fit = calibrateThreshold(scores, options.target);
  if (!fit.reached) return { unreachable: fit };
  const threshold = Math.min(1, Math.max(0, -fit.threshold));
  return {
    fit,
    calibration: {
      probability: map, threshold, target: describeMatcherTarget(options.target),
      precision: Number.isFinite(fit.precision) ? fit.precision : 0, recall: fit.recall, queries: queries.length,
      shortlist: options.shortlist, calibratedAt: new Date().toISOString(), fittedOn: options.fittedOn,
    },
  };
}
