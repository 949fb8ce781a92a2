// What a calibrated model or gallery carries: the "new individual" threshold on the best match's
// distance, how it was chosen, and (optionally) the fitted distance → P(same individual) map, so
// every candidate can carry a probability. A plain record, shared by model bundles and galleries.
import { ArgumentError } from '../util/errors.ts';
import type { MatchCalibration } from './match-probability.ts';
import { checkFusedScoreMap, type FusedScoreMap } from './fused-calibration.ts';

export interface OpenSetCalibration {
  threshold: number;
  /** e.g. "precision=0.95", "f1" or "false-match-rate=0.05". */
  target: string;
  /** On the calibration queries, at the threshold. */
  precision: number;
  recall: number;
  /** Number of calibration queries. */
  queries: number;
  calibratedAt: string;
  /** Distance (and, shot-aware, the candidate's enrolled count) → P(same individual), fitted on held-out identities. */
  probability?: MatchCalibration;
  /** What it was fitted on, e.g. "300 stroke identities held out of training" or "reid calibrate". */
  fittedOn?: string;
  /** The fused matcher's part (embedding shortlist re-ranked by local features): P(same) from distance and inliers, and its threshold. */
  fused?: MatcherCalibration;
  /** The local-only matcher's part (inliers alone). */
  local?: MatcherCalibration;
  /** How a gallery ranks identities under this calibration (absent: by centroid distance). */
  ranking?: IdentityRanking;
  /**
   * With `probability`: the verdict reads the best candidate's probability, "known" when it is at
   * least this (fitted on held-out identities for the best balanced accuracy), and `threshold` is
   * only the distance record older readers use. Absent: the verdict reads the distance threshold.
   */
  probabilityThreshold?: number;
}

/**
 * Identities ranked by centroid distance in units of each one's own spread (src/gallery/identity-spread.ts),
 * so an identity of 1,000 tight images does not win a query from one enrolled with 2. Each
 * candidate's distance, which the threshold and probability map read, stays its centroid distance.
 */
export interface IdentityRanking {
  kind: 'spread';
  /** Weight of the gallery's pooled variance in each identity's, in images. */
  shrinkage: number;
  /** Within-identity variance when no identity has two images (measured where the calibration was fitted). */
  priorVariance: number;
}

/** Refuses a ranking record that is not a spread ranking with finite shrinkage ≥ 0 and prior variance > 0. */
export function checkIdentityRanking(value: unknown, where: string): IdentityRanking {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok = v.kind === 'spread' && typeof v.shrinkage === 'number' && Number.isFinite(v.shrinkage) && v.shrinkage >= 0
    && typeof v.priorVariance === 'number' && Number.isFinite(v.priorVariance) && v.priorVariance > 0;
  if (!ok) throw new ArgumentError(`${where}: expected {"kind": "spread", "shrinkage": a finite number ≥ 0, "priorVariance": a finite number > 0} for calibration.ranking but received ${JSON.stringify(value)?.slice(0, 120)}.`);
  return { kind: 'spread', shrinkage: v.shrinkage as number, priorVariance: v.priorVariance as number };
}

/** A matcher's calibration beside the embedding's: the verdict is "known" when the best candidate's probability ≥ threshold. */
export interface MatcherCalibration {
  probability: FusedScoreMap;
  /** On P(same) of the best candidate, in [0, 1]. */
  threshold: number;
  /** e.g. "false-match-rate=0.05" or "precision=0.95". */
  target: string;
  precision: number;
  recall: number;
  queries: number;
  /** Identities the embedding shortlisted when it was fitted. */
  shortlist: number;
  calibratedAt: string;
  fittedOn?: string;
}

/** Refuses a matcher calibration with a bad map or a threshold outside [0, 1]; `field` names it ("calibration.fused"). */
export function checkMatcherCalibration(value: unknown, where: string, field: string): MatcherCalibration {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  checkFusedScoreMap(v.probability, where, `${field}.probability`);
  const number = (key: string, ok: (x: number) => boolean, what: string) => {
    const x = v[key];
    if (typeof x !== 'number' || !ok(x)) throw new ArgumentError(`${where}: expected ${what} for ${field}.${key} but received ${JSON.stringify(x) ?? 'undefined'}.`);
  };
  const unit = (x: number) => x >= 0 && x <= 1;
  number('threshold', unit, 'a number in [0, 1]');
  number('precision', (x) => unit(x) || Number.isNaN(x), 'a number in [0, 1]');
  number('recall', unit, 'a number in [0, 1]');
  number('queries', (x) => Number.isInteger(x) && x >= 0, 'a non-negative integer');
  number('shortlist', (x) => Number.isInteger(x) && x >= 1, 'a positive integer');
  if (typeof v.target !== 'string') throw new ArgumentError(`${where}: expected a string for ${field}.target but received ${JSON.stringify(v.target) ?? 'undefined'}.`);
  return value as MatcherCalibration;
}

/** Refuses a probability map with non-finite or out-of-range values (where it enters: load and save). */
export function checkMatchCalibration(value: unknown, where: string): MatchCalibration {
  const bad = (what: string): never => {
    throw new ArgumentError(`${where}: expected ${what} for calibration.probability but received ${JSON.stringify(value)?.slice(0, 120)}.`);
  };
  if (typeof value !== 'object' || value === null) return bad('an object');
  const v = value as Record<string, unknown>;
  if (v.kind === 'logistic') {
    if (!Number.isFinite(v.intercept) || !Number.isFinite(v.slope)) bad('finite intercept and slope');
    return { kind: 'logistic', intercept: v.intercept as number, slope: v.slope as number };
  }
  if (v.kind === 'isotonic') {
    const d = v.distances;
    const p = v.probabilities;
    if (!Array.isArray(d) || !Array.isArray(p) || d.length === 0 || d.length !== p.length) bad('equal-length, non-empty distances and probabilities');
    const distances = d as unknown[];
    const probabilities = p as unknown[];
    if (!distances.every((x) => Number.isFinite(x)) || !probabilities.every((x) => typeof x === 'number' && x >= 0 && x <= 1)) bad('finite distances and probabilities in [0, 1]');
    return { kind: 'isotonic', distances: distances as number[], probabilities: probabilities as number[] };
  }
  if (v.kind === 'shot-logistic') {
    if (![v.intercept, v.slope, v.logShots, v.slopeLogShots].every((x) => Number.isFinite(x))) bad('finite intercept, slope, logShots and slopeLogShots');
    if (!(Number.isInteger(v.maxShots) && (v.maxShots as number) >= 1)) bad('a positive integer maxShots');
    // Farther must never mean more alike, at any enrolled count the map covers.
    if (!((v.slope as number) <= 0 && (v.slope as number) + (v.slopeLogShots as number) * Math.log(v.maxShots as number) <= 0)) bad('a slope ≤ 0 at every enrolled count up to maxShots');
    const map: MatchCalibration = { kind: 'shot-logistic', intercept: v.intercept as number, slope: v.slope as number, logShots: v.logShots as number, slopeLogShots: v.slopeLogShots as number, maxShots: v.maxShots as number };
    if (v.margin === undefined && v.marginCap === undefined) return map;
    // A nearer rival must never make a candidate likelier.
    if (!(Number.isFinite(v.margin) && (v.margin as number) >= 0 && Number.isFinite(v.marginCap) && (v.marginCap as number) > 0)) bad('a finite margin ≥ 0 with a finite marginCap > 0 (or neither)');
    return { ...map, margin: v.margin as number, marginCap: v.marginCap as number };
  }
  return bad('kind "logistic", "isotonic" or "shot-logistic"');
}
