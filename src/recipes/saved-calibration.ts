// A gallery's calibration as people read it, and the check before one is saved: its threshold
// must be a finite number (JSON would store an unreached target's -Infinity as null).
import type { Calibration } from '../gallery/index.ts';
import { ArgumentError } from '../util/errors.ts';

/** "0.4123 (precision=0.95)", or "not calibrated" when there is no usable threshold. */
export function describeCalibration(calibration: Calibration | null | undefined): string {
  if (calibration === null || calibration === undefined) return 'not calibrated';
  const threshold: unknown = calibration.threshold;
  if (typeof threshold !== 'number' || !Number.isFinite(threshold)) return `not calibrated (the saved threshold is ${typeof threshold === 'number' ? threshold : JSON.stringify(threshold ?? null)}; run reid calibrate)`;
  return `${threshold.toFixed(4)} (${calibration.target})`;
}

/** Refuses a calibration that must not be saved: a non-finite threshold, precision or recall. */
export function checkCalibration(calibration: Calibration, where: string): Calibration {
  for (const field of ['threshold', 'precision', 'recall'] as const) {
    if (!Number.isFinite(calibration[field])) throw new ArgumentError(`${where}: expected a finite number for calibration.${field} but received ${calibration[field]}; nothing was saved.`);
  }
  return calibration;
}
