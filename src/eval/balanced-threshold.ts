// The "new individual" threshold that maximises balanced open-set accuracy: the mean of the share
// of known queries accepted with the right identity and the share of unknown queries rejected.
// Unlike F1, it weighs the two kinds of query equally however many of each the calibration has
// (F1 counts no true rejection, so many known queries pull its threshold wide open).
import { ArgumentError } from '../util/errors.ts';

export interface BalancedThresholdQueries {
  bestDistance: ArrayLike<number>;
  /** The best match names the query's own, enrolled identity. */
  correct: ArrayLike<boolean | number>;
  /** The query's identity is enrolled. */
  known: ArrayLike<boolean | number>;
}

export interface BalancedThreshold {
  /** Accept when distance ≤ threshold; halfway between the calibration distances it separates (the widest such gap among ties). */
  threshold: number;
  knownAccuracy: number;
  unknownAccuracy: number;
  balancedAccuracy: number;
}

export function balancedThreshold(queries: BalancedThresholdQueries): BalancedThreshold {
  const n = queries.bestDistance.length;
  if (queries.correct.length !== n || queries.known.length !== n) throw new ArgumentError(`balancedThreshold: expected correct and known to have ${n} entries (one per distance) but received ${queries.correct.length} and ${queries.known.length}.`);
  let known = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(queries.bestDistance[i])) throw new ArgumentError(`balancedThreshold: expected finite distances but received ${queries.bestDistance[i]} at ${i}.`);
    if (queries.known[i]) known++;
  }
  const unknown = n - known;
  if (known === 0 || unknown === 0) throw new ArgumentError(`balancedThreshold: expected both known and unknown queries but received ${known} known and ${unknown} unknown.`);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => queries.bestDistance[a]! - queries.bestDistance[b]!);
  // Threshold below everything: nothing accepted, every unknown rejected.
  let accepted = 0;
  let acceptedUnknown = 0;
  let best = { threshold: queries.bestDistance[order[0]!]! - 1e-6, knownAccuracy: 0, unknownAccuracy: 1, balancedAccuracy: 0.5 };
  let bestGap = 0;
  for (let r = 0; r < n; ) {
    const d = queries.bestDistance[order[r]!]!;
    // Queries at one distance are accepted together.
    while (r < n && queries.bestDistance[order[r]!] === d) {
      const i = order[r]!;
      if (!queries.known[i]) acceptedUnknown++;
      else if (queries.correct[i]) accepted++;
      r++;
    }
    const knownAccuracy = accepted / known;
    const unknownAccuracy = 1 - acceptedUnknown / unknown;
    const balancedAccuracy = (knownAccuracy + unknownAccuracy) / 2;
    const next = r < n ? queries.bestDistance[order[r]!]! : d + Math.max(1e-6, Math.abs(d) * 1e-6);
    // Among equally good thresholds, the middle of the widest gap: the most margin on both sides.
    if (balancedAccuracy > best.balancedAccuracy || (balancedAccuracy === best.balancedAccuracy && next - d > bestGap)) {
      best = { threshold: (d + next) / 2, knownAccuracy, unknownAccuracy, balancedAccuracy };
      bestGap = next - d;
    }
  }
  return best;
}
