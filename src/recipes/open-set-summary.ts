// The figures of an open-set run: top-1, unknown AUROC, BAKS/BAUS and normalised accuracy at a
// threshold, and the expected calibration error of the top candidate's probability. With a
// probability threshold, AUROC and the verdicts read the best candidate's probability, as a gallery
// under such a calibration decides; else its distance.
import { auroc, balancedOpenSetAccuracy, matchProbability, newIndividual, reliability, runnerUpDistance, type MatchCalibration } from '../eval/index.ts';
import { runOpenSetProtocol, type EmbeddedSet, type OpenSetProtocolOptions, type OpenSetRun } from './open-set-protocol.ts';

export interface OpenSetSummary {
  knownQueries: number;
  unknownQueries: number;
  top1: number;
  unknownAuroc: number;
  /** At the given threshold (NaN without one). */
  baks: number;
  baus: number;
  normalisedAccuracy: number;
  /** Of P(top candidate is the query's identity) (NaN without a probability calibration). */
  ece: number;
}

export function summariseOpenSet(run: OpenSetRun, options: { threshold?: number; probability?: MatchCalibration; probabilityThreshold?: number } = {}): OpenSetSummary {
  const known = run.queries.filter((q) => q.known);
  const top1 = known.length ? known.filter((q) => q.result.identity === q.truth).length / known.length : Number.NaN;
  const enrolled = run.gallery.identities();
  const p = options.probability
    ? run.queries.map((q) => matchProbability(options.probability!, q.result.distance, enrolled.get(q.result.identity!), runnerUpDistance(q.result.candidates)))
    : undefined;
  const byProbability = p !== undefined && options.probabilityThreshold !== undefined;
  // Higher is "more likely known", and a query is accepted when its score reaches the cutoff.
  const scores = byProbability ? p : run.queries.map((q) => -q.result.distance);
  const cutoff = byProbability ? options.probabilityThreshold : options.threshold === undefined ? undefined : -options.threshold;
  const unknownAuroc = auroc(scores, run.queries.map((q) => q.known));
  let [baks, baus, normalisedAccuracy] = [Number.NaN, Number.NaN, Number.NaN];
  if (cutoff !== undefined) {
    const ids = new Map<string, number>();
    const id = (name: string) => ids.get(name) ?? (ids.set(name, ids.size), ids.size - 1);
    const r = balancedOpenSetAccuracy({
      predicted: run.queries.map((q, i) => (q.result.identity !== null && scores[i]! >= cutoff ? id(q.result.identity) : newIndividual)),
      truth: run.queries.map((q) => id(q.truth)),
      known: run.queries.map((q) => q.known),
    });
    ({ baks, baus, normalisedAccuracy } = r);
  }
  let ece = Number.NaN;
  if (p && run.queries.length > 0) ece = reliability(p, run.queries.map((q) => q.result.identity === q.truth)).expectedCalibrationError;
  return { knownQueries: known.length, unknownQueries: run.queries.length - known.length, top1, unknownAuroc, baks, baus, normalisedAccuracy, ece };
}

export interface SeededOpenSetOptions {
  shots: number;
  seeds: readonly number[];
  background?: EmbeddedSet;
  scoring?: OpenSetProtocolOptions['scoring'];
  threshold?: number;
  probability?: MatchCalibration;
  /** The verdict on the probability (OpenSetCalibration.probabilityThreshold). */
  probabilityThreshold?: number;
  /** Sees each run before its gallery is disposed (for extra figures on the same queries). */
  onRun?: (run: OpenSetRun) => void;
}

export type OpenSetSpread = { [K in keyof OpenSetSummary]: { mean: number; min: number; max: number } };

/** The protocol once per seed, summarised: each figure's mean, minimum and maximum over seeds. */
export function openSetOverSeeds(set: EmbeddedSet, options: SeededOpenSetOptions): OpenSetSpread {
  const runs = options.seeds.map((seed) => {
    const run = runOpenSetProtocol(set, { shots: options.shots, seed, ...(options.background ? { background: options.background } : {}), ...(options.scoring ? { scoring: options.scoring } : {}) });
    try {
      options.onRun?.(run);
      return summariseOpenSet(run, { threshold: options.threshold, probability: options.probability, probabilityThreshold: options.probabilityThreshold });
    } finally {
      run.gallery.dispose();
    }
  });
  const keys = Object.keys(runs[0]!) as (keyof OpenSetSummary)[];
  return Object.fromEntries(keys.map((key) => {
    const values = runs.map((r) => r[key]);
    return [key, { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) }];
  })) as OpenSetSpread;
}
