// Chooses the open-set acceptance threshold from calibration queries. A query's best match is
// accepted when its distance ≤ threshold; an accepted match is a true positive when it names
// the right, enrolled identity, and a false positive otherwise (wrong identity, or a query
// whose identity is not enrolled at all).
//   precision = accepted correct / accepted
//   recall    = accepted correct / all correct best matches (so 1 is reachable)
// Only thresholds equal to a calibration distance are considered (every other value accepts
// the same set as one of them), and all items at that distance are accepted together.
import { ArgumentError } from '../util/errors.ts';

export type ThresholdTarget =
  /** The largest recall whose precision is at least `precision`; ties go to the smaller threshold. */
  | { kind: 'precision'; precision: number }
  /** The best F1; ties go to the smaller threshold. */
  | { kind: 'f1' };

export interface CalibrationQueries {
  /** Distance of each query's best match. */
  bestDistance: ArrayLike<number>;
  /** Whether that best match is correct (right identity, enrolled). */
  correct: ArrayLike<boolean | number>;
}

export interface CalibratedThreshold {
  kind: ThresholdTarget['kind'];
  /**
   * Accept when distance ≤ threshold: always one of the (finite) calibration distances when
   * `reached`, and -Infinity (accept nothing) when no threshold meets the target. Never save
   * an unreached threshold: JSON turns -Infinity into null.
   */
  threshold: number;
  /** Precision on the calibration queries at this threshold (NaN when nothing is accepted). */
  precision: number;
  recall: number;
  f1: number;
  /** Calibration queries accepted at this threshold. */
  acceptedCount: number;
  /** False when no threshold meets the target (or no match is correct). */
  reached: boolean;
  /** The highest precision any threshold gives (0 when no match is correct): what an unreached target could ask for. */
  bestPrecision: number;
}

export function calibrateThreshold(queries: CalibrationQueries, target: ThresholdTarget): CalibratedThreshold {
  const fn = 'calibrateThreshold';
  const { bestDistance, correct } = queries;
  const n = bestDistance.length;
  if (correct.length !== n) throw new ArgumentError(`${fn}: expected ${n} entries for queries.correct (one per bestDistance) but received ${correct.length}.`);
  if (target.kind === 'precision' && !(target.precision > 0 && target.precision <= 1)) {
    throw new ArgumentError(`${fn}: expected a number in (0, 1] for target.precision but received ${target.precision}.`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    // A non-finite distance could become the threshold (or sort nowhere, for NaN).
    if (!Number.isFinite(bestDistance[i])) throw new ArgumentError(`${fn}: expected finite numbers for queries.bestDistance but received ${bestDistance[i]} at index ${i}.`);
    if (correct[i]) positives++;
  }
  order.sort((a, b) => bestDistance[a]! - bestDistance[b]!);
  let best: CalibratedThreshold = { kind: target.kind, threshold: -Infinity, precision: NaN, recall: 0, f1: 0, acceptedCount: 0, reached: false, bestPrecision: 0 };
  let bestPrecision = 0;
  let truePositives = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    const distance = bestDistance[order[start]!]!;
    while (end < n && bestDistance[order[end]!] === distance) { if (correct[order[end]!]) truePositives++; end++; }
    start = end;
    if (positives === 0) continue;
    const precision = truePositives / end;
    const recall = truePositives / positives;
    const f1 = truePositives === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    bestPrecision = Math.max(bestPrecision, precision);
    const candidate: CalibratedThreshold = { kind: target.kind, threshold: distance, precision, recall, f1, acceptedCount: end, reached: true, bestPrecision: 0 };
    switch (target.kind) {
      case 'precision':
        if (precision >= target.precision && (!best.reached || recall > best.recall)) best = candidate;
        break;
      case 'f1':
        if (truePositives > 0 && f1 > best.f1) best = candidate;
        break;
    }
  }
  return { ...best, bestPrecision };
}
