// Calibration that happens by itself: on identities held out of training, simulate k-shot
// identification trials (the open-set protocol at k = 1, 2, 3, 5 and 10, a few seeds), fit
// P(the best candidate is the query's individual) from its distance and enrolled count on every
// trial (src/eval/shot-aware-calibration.ts), and set the "new individual" threshold where a target
// share of never-enrolled queries would be accepted (the false-match rate). The model bundle ships
// the result and galleries built with it inherit it.
import { balancedThreshold, fitShotAwareCalibration, matchProbability, runnerUpDistance, type IdentityRanking, type OpenSetCalibration } from '../eval/index.ts';
import { pooledWithinVariance, rankingScoring, type IdentityScoring } from '../gallery/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { runOpenSetProtocol, type EmbeddedSet, type OpenSetRun } from './open-set-protocol.ts';
import { summariseOpenSet, type OpenSetSummary } from './open-set-summary.ts';

export interface FitOpenSetCalibrationOptions {
  /** Share of unknown queries the threshold may accept (default 0.05). */
  falseMatchRate?: number;
  /** Shot counts whose figures are reported (default 1 and 5). */
  shots?: readonly number[];
  /** Shot counts of the trials the probability and threshold are fitted on (default 1, 2, 3, 5, 10; those that leave an identity no query are skipped). */
  trialShots?: readonly number[];
  seeds?: readonly number[];
  /** Said in the calibration record, e.g. "40 identities held out of training". */
  fittedOn: string;
  /**
   * How the threshold is chosen (default 'false-match-rate'): 'balanced' maximises balanced
   * accuracy (known named right, unknown called new, weighted equally), which transfers to
   * identities whose genuine pairs vary more than the held-out ones (see issue 10's notes).
   */
  thresholdRule?: 'false-match-rate' | 'balanced';
  /** Identity scoring of the protocol (default: centroid); the calibration holds for that scoring only. */
  scoring?: IdentityScoring;
  /**
   * 'spread': the calibration carries a spread ranking (OpenSetCalibration.ranking), fitted under
   * it, its prior variance the set's pooled within-identity variance. Not with `scoring`.
   */
  ranking?: 'spread';
}

/**
 * Shrinkage of a spread ranking, in images. Small galleries of 5-shot identities rank by noisy
 * variances at the gallery's default of 4; on the shipped glyph model (bench openset, 3 seeds),
 * glyph identities 5-shot top-1 at 4 / 8 / 16: 0.885 / 0.894 / 0.898 (centroid 0.891), held-out digits 0.921 / 0.919 / 0.915.
 */
export const spreadRankingShrinkage = 16;

export interface FittedOpenSetCalibration {
  calibration: OpenSetCalibration;
  /** The protocol's figures at the fitted threshold and probabilities, per shot count (mean over seeds). */
  summaries: { shots: number; summary: OpenSetSummary }[];
}

/** The largest threshold that accepts at most `rate` of `distances` (accept when distance ≤ threshold). */
export function falseMatchThreshold(distances: readonly number[], rate: number): number {
  const sorted = [...distances].sort((a, b) => a - b);
  const allowed = Math.floor(rate * sorted.length);
  if (allowed >= sorted.length) return sorted[sorted.length - 1]!;
  const next = sorted[allowed]!;
  // Halfway to the first distance that must be rejected (or just below it when nothing may be accepted).
  return allowed === 0 ? next - Math.max(1e-6, Math.abs(next) * 1e-6) : (sorted[allowed - 1]! + next) / 2;
}

function meanSummary(summaries: OpenSetSummary[]): OpenSetSummary {
  const keys = Object.keys(summaries[0]!) as (keyof OpenSetSummary)[];
  return Object.fromEntries(keys.map((k) => [k, summaries.reduce((s, x) => s + x[k], 0) / summaries.length])) as unknown as OpenSetSummary;
}

function countsOf(identities: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const identity of identities) counts.set(identity, (counts.get(identity) ?? 0) + 1);
  return counts;
}

export function fitOpenSetCalibration(set: EmbeddedSet, options: FitOpenSetCalibrationOptions): FittedOpenSetCalibration {
  const rate = options.falseMatchRate ?? 0.05;
  if (!(rate > 0 && rate < 1)) throw new ArgumentError(`fitOpenSetCalibration: expected a false-match rate in (0, 1) but received ${rate}.`);
  const shots = options.shots ?? [1, 5];
  const largest = Math.max(...countsOf(set.identities).values());
  const trialShots = [...new Set([...(options.trialShots ?? [1, 2, 3, 5, 10]).filter((k) => k < largest), ...shots])].sort((a, b) => a - b);
  const seeds = options.seeds ?? [1, 2, 3];
  if (new Set(set.identities).size < 4) throw new ArgumentError(`fitOpenSetCalibration: expected at least 4 held-out identities (half enrolled, half unknown) but received ${new Set(set.identities).size}.`);
  if (options.ranking && options.scoring) throw new ArgumentError('fitOpenSetCalibration: expected ranking or scoring, not both.');
  let ranking: IdentityRanking | undefined;
  if (options.ranking === 'spread') {
    const priorVariance = pooledWithinVariance(set.identities, set.embeddings, set.dim);
    if (!(priorVariance !== undefined && priorVariance > 0)) throw new ArgumentError('fitOpenSetCalibration: expected held-out identities with two or more distinct images each for a spread ranking.');
    ranking = { kind: 'spread', shrinkage: spreadRankingShrinkage, priorVariance };
  }
  const scoring: IdentityScoring | undefined = ranking ? rankingScoring(ranking) : options.scoring;
  const runs: { shots: number; run: OpenSetRun }[] = [];
  try {
    for (const k of trialShots) for (const seed of seeds) runs.push({ shots: k, run: runOpenSetProtocol(set, { shots: k, seed, ...(scoring ? { scoring } : {}) }) });
    // Each query's best candidate, scored as the gallery scores it, with that identity's enrolled count.
    const trials = runs.flatMap(({ run }) => {
      const enrolled = run.gallery.identities();
      return run.queries.map((q) => ({
        distance: q.result.distance, shots: enrolled.get(q.result.identity!)!, correct: q.result.identity === q.truth,
        nearestOther: runnerUpDistance(q.result.candidates),
      }));
    });
    const probability = fitShotAwareCalibration({
      distance: trials.map((t) => t.distance), shots: trials.map((t) => t.shots), correct: trials.map((t) => t.correct), nearestOther: trials.map((t) => t.nearestOther),
    });
    const queries = runs.flatMap((r) => r.run.queries);
    const balanced = options.thresholdRule === 'balanced';
    const threshold = balanced
      ? balancedThreshold({ bestDistance: queries.map((q) => q.result.distance), correct: queries.map((q) => q.known && q.result.identity === q.truth), known: queries.map((q) => q.known) }).threshold
      : falseMatchThreshold(queries.filter((q) => !q.known).map((q) => q.result.distance), rate);
    const accepted = queries.filter((q) => q.result.distance <= threshold);
    const correct = accepted.filter((q) => q.known && q.result.identity === q.truth).length;
    const reachable = queries.filter((q) => q.known && q.result.identity === q.truth).length;
    const calibration: OpenSetCalibration = {
      threshold, target: balanced ? 'balanced-accuracy' : `false-match-rate=${rate}`,
      precision: accepted.length ? correct / accepted.length : 0, recall: reachable ? correct / reachable : 0,
      queries: queries.length, calibratedAt: new Date().toISOString(), probability, fittedOn: options.fittedOn, ...(ranking ? { ranking } : {}),
    };
    const summaries = shots.map((k) => ({
      shots: k,
      summary: meanSummary(runs.filter((r) => r.shots === k).map((r) => summariseOpenSet(r.run, { threshold, probability }))),
    }));
    return { calibration, summaries };
  } finally {
    for (const r of runs) r.run.gallery.dispose();
  }
}

/**
 * The probability the verdict reads (OpenSetCalibration.probabilityThreshold): the cutoff on the
 * best candidate's calibrated probability with the best balanced accuracy (known queries named
 * right, unknown ones called new, weighted equally) over the same k-shot trials as
 * fitOpenSetCalibration's, on held-out identities, under the calibration's own ranking and map.
 */
export function fitProbabilityThreshold(set: EmbeddedSet, calibration: OpenSetCalibration, options: { trialShots?: readonly number[]; seeds?: readonly number[] } = {}): number {
  const map = calibration.probability;
  if (!map) throw new ArgumentError('fitProbabilityThreshold: expected a calibration with a probability map.');
  const largest = Math.max(...countsOf(set.identities).values());
  const trialShots = (options.trialShots ?? [1, 2, 3, 5, 10]).filter((k) => k < largest);
  const scoring = calibration.ranking ? { scoring: rankingScoring(calibration.ranking) } : {};
  const trials = trialShots.flatMap((shots) => (options.seeds ?? [1, 2, 3]).flatMap((seed) => {
    const run = runOpenSetProtocol(set, { shots, seed, ...scoring });
    try {
      const enrolled = run.gallery.identities();
      return run.queries.map((q) => ({
        p: matchProbability(map, q.result.distance, enrolled.get(q.result.identity!), runnerUpDistance(q.result.candidates)), right: q.result.identity === q.truth, known: q.known,
      }));
    } finally {
      run.gallery.dispose();
    }
  }));
  // balancedThreshold accepts at or below its threshold, so it sees −p.
  const cut = -balancedThreshold({ bestDistance: trials.map((t) => -t.p), correct: trials.map((t) => t.known && t.right), known: trials.map((t) => t.known) }).threshold;
  return Math.min(1 - 1e-9, Math.max(1e-9, cut));
}
