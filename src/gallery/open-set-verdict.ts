// The open-set decision on identities already ranked for one query: each candidate's calibrated
// probability, and the verdict on the best ("known" when its probability reaches the calibration's
// probability threshold, or, without one, when its distance is within the distance threshold; else
// "new"; with no calibration "uncalibrated", never "known"). Gallery.identify ranks, then decides here.
import { matchProbability, nearestOtherDistances } from '../eval/index.ts';
import type { Calibration } from './gallery-item.ts';
import type { Candidate, Identification } from './identification.ts';

/**
 * `ranked` holds at least two candidates where the gallery has them, so the probability's margin
 * term sees the nearest rival even when `top` is 1; `counts` is images per identity (a shot-aware map reads it).
 */
export function decideIdentity(ranked: readonly Candidate[], calibration: Calibration | null, counts: ReadonlyMap<string, number>, top: number): Identification {
  const probability = calibration?.probability;
  const shots = probability?.kind === 'shot-logistic' ? counts : undefined;
  const rivals = probability ? nearestOtherDistances(ranked) : [];
  const candidates = (probability ? ranked.map((c, i) => ({ ...c, probability: matchProbability(probability, c.distance, shots?.get(c.identity), rivals[i]) })) : ranked).slice(0, top);
  const best = candidates[0]!;
  const known = calibration?.probabilityThreshold !== undefined && best.probability !== undefined
    ? best.probability >= calibration.probabilityThreshold
    : best.distance <= (calibration?.threshold ?? Number.NaN);
  const verdict = !calibration ? 'uncalibrated' : known ? 'known' : 'new';
  return { verdict, identity: best.identity, distance: best.distance, ...(probability ? { probability: best.probability } : {}), candidates, calibrated: calibration !== null };
}
