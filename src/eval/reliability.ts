// How well probabilities are calibrated: a reliability diagram's bins, the expected calibration
// error (bin-weighted |confidence − frequency|) and the Brier score.
import { ArgumentError } from '../util/errors.ts';

export interface ReliabilityBin {
  /** Bin [low, high) of predicted probability (the last bin includes 1). */
  low: number;
  high: number;
  count: number;
  /** Mean predicted probability in the bin (NaN when empty). */
  confidence: number;
  /** Fraction of genuine outcomes in the bin (NaN when empty). */
  frequency: number;
}

export interface Reliability {
  bins: ReliabilityBin[];
  expectedCalibrationError: number;
  brier: number;
}

export function reliability(probabilities: ArrayLike<number>, outcomes: ArrayLike<boolean | number>, binCount = 10): Reliability {
  const n = probabilities.length;
  if (n !== outcomes.length || n === 0) throw new ArgumentError(`reliability: expected as many outcomes as probabilities (≥ 1) but received ${outcomes.length} and ${n}.`);
  if (!Number.isInteger(binCount) || binCount < 1) throw new ArgumentError(`reliability: expected a positive integer for binCount but received ${binCount}.`);
  const sums = Array.from({ length: binCount }, () => ({ p: 0, y: 0, count: 0 }));
  let brier = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i]!;
    if (!(p >= 0 && p <= 1)) throw new ArgumentError(`reliability: expected probabilities in [0, 1] but received ${p} at ${i}.`);
    const y = outcomes[i] ? 1 : 0;
    const bin = sums[Math.min(binCount - 1, Math.floor(p * binCount))]!;
    bin.p += p;
    bin.y += y;
    bin.count++;
    brier += (p - y) ** 2;
  }
  let ece = 0;
  const bins = sums.map((s, b) => {
    if (s.count > 0) ece += (s.count / n) * Math.abs(s.p / s.count - s.y / s.count);
    return { low: b / binCount, high: (b + 1) / binCount, count: s.count, confidence: s.count ? s.p / s.count : Number.NaN, frequency: s.count ? s.y / s.count : Number.NaN };
  });
  return { bins, expectedCalibrationError: ece, brier: brier / n };
}
