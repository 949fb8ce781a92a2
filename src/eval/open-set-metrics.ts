// Open-set identification: each query is matched to its nearest gallery identity and the match
// is accepted only when its distance is at most the threshold; a rejected query is declared a
// "new individual". Enrolled (known) and unseen (unknown) queries fail in different ways, so
// they are scored separately and then averaged with equal weight.
import { ArgumentError } from '../util/errors.ts';
import { auroc } from './auroc.ts';

/** Per-query best matches, struct-of-arrays, all of one length. */
export interface OpenSetQueries {
  /** Distance to the best gallery match. */
  bestDistance: ArrayLike<number>;
  /** Identity of the best match. */
  predictedLabels: ArrayLike<number>;
  /** The query's true identity. */
  trueLabels: ArrayLike<number>;
  /** Whether the true identity is enrolled in the gallery. */
  known: ArrayLike<boolean | number>;
}

export interface OpenSetMetrics {
  threshold: number;
  knownCount: number;
  unknownCount: number;
  /** Known queries matched to the right identity with distance ≤ threshold, over known queries (NaN if none). */
  knownAccuracy: number;
  /** Unknown queries rejected as new (distance > threshold), over unknown queries (NaN if none). */
  unknownAccuracy: number;
  /** Mean of the two accuracies above; with one side empty, the other alone (NaN if both are). */
  balancedAccuracy: number;
  /** Known queries accepted with the wrong identity (the costliest error in re-ID). */
  misidentifiedCount: number;
  /** Known queries rejected as new. */
  falseNewCount: number;
  /** Unknown queries accepted as someone enrolled. */
  falseAcceptCount: number;
  /** AUROC separating known from unknown by best-match distance (closer = known); ties count 1/2. */
  knownVsUnknownAuroc: number;
}

export function openSetMetrics(queries: OpenSetQueries, threshold: number): OpenSetMetrics {
  const fn = 'openSetMetrics';
  const n = queries.bestDistance.length;
  for (const [name, values] of [['predictedLabels', queries.predictedLabels], ['trueLabels', queries.trueLabels], ['known', queries.known]] as const) {
    if (values.length !== n) throw new ArgumentError(`${fn}: expected ${n} entries for queries.${name} (one per bestDistance) but received ${values.length}.`);
  }
  if (Number.isNaN(threshold)) throw new ArgumentError(`${fn}: expected a number for threshold but received NaN.`);
  let knownCount = 0;
  let knownCorrect = 0;
  let misidentifiedCount = 0;
  let falseNewCount = 0;
  let unknownCount = 0;
  let unknownRejected = 0;
  const negatedDistance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = queries.bestDistance[i]!;
    negatedDistance[i] = -d;
    const accepted = d <= threshold;
    if (queries.known[i]) {
      knownCount++;
      if (!accepted) falseNewCount++;
      else if (queries.predictedLabels[i] === queries.trueLabels[i]) knownCorrect++;
      else misidentifiedCount++;
    } else {
      unknownCount++;
      if (!accepted) unknownRejected++;
    }
  }
  const knownAccuracy = knownCount > 0 ? knownCorrect / knownCount : NaN;
  const unknownAccuracy = unknownCount > 0 ? unknownRejected / unknownCount : NaN;
  const sides = [knownAccuracy, unknownAccuracy].filter((x) => !Number.isNaN(x));
  return {
    threshold,
    knownCount,
    unknownCount,
    knownAccuracy,
    unknownAccuracy,
    balancedAccuracy: sides.length === 0 ? NaN : sides.reduce((a, b) => a + b, 0) / sides.length,
    misidentifiedCount,
    falseNewCount,
    falseAcceptCount: unknownCount - unknownRejected,
    knownVsUnknownAuroc: auroc(negatedDistance, queries.known),
  };
}
