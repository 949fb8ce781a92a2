// Open-set accuracies of final verdicts, as the wildlife re-ID benchmarks report them
// (wildlife-datasets' BAKS and BAUS; the open-set recognition literature's normalised accuracy):
//   BAKS: mean over known identities of the share of their queries named correctly;
//   BAUS: mean over unknown identities of the share of their queries called new;
//   AKS, AUS: the same shares pooled over queries;
//   normalised accuracy: λ·AKS + (1 − λ)·AUS (λ = 1/2 by default).
// Balancing by identity keeps an individual photographed 500 times from drowning one seen twice.
import { ArgumentError } from '../util/errors.ts';

/** The verdict's identity index, or this value for "new individual". */
export const newIndividual = -1;

export interface OpenSetVerdicts {
  /** Predicted identity per query, or `newIndividual`. */
  predicted: ArrayLike<number>;
  /** True identity per query (an index in the same space as `predicted`). */
  truth: ArrayLike<number>;
  /** Whether the query's identity is enrolled. */
  known: ArrayLike<boolean | number>;
}

export interface BalancedOpenSetAccuracy {
  baks: number;
  baus: number;
  aks: number;
  aus: number;
  normalisedAccuracy: number;
  knownIdentities: number;
  unknownIdentities: number;
}

function meanOfShares(groups: Map<number, { hits: number; count: number }>): number {
  if (groups.size === 0) return Number.NaN;
  let total = 0;
  for (const g of groups.values()) total += g.hits / g.count;
  return total / groups.size;
}

export function balancedOpenSetAccuracy(verdicts: OpenSetVerdicts, lambda = 0.5): BalancedOpenSetAccuracy {
  const n = verdicts.predicted.length;
  if (verdicts.truth.length !== n || verdicts.known.length !== n) {
    throw new ArgumentError(`balancedOpenSetAccuracy: expected truth and known to have ${n} entries (one per prediction) but received ${verdicts.truth.length} and ${verdicts.known.length}.`);
  }
  if (!(lambda >= 0 && lambda <= 1)) throw new ArgumentError(`balancedOpenSetAccuracy: expected lambda in [0, 1] but received ${lambda}.`);
  const known = new Map<number, { hits: number; count: number }>();
  const unknown = new Map<number, { hits: number; count: number }>();
  let [knownHits, knownCount, unknownHits, unknownCount] = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const truth = verdicts.truth[i]!;
    const isKnown = Boolean(verdicts.known[i]);
    const hit = isKnown ? verdicts.predicted[i] === truth : verdicts.predicted[i] === newIndividual;
    const groups = isKnown ? known : unknown;
    const g = groups.get(truth) ?? { hits: 0, count: 0 };
    g.hits += hit ? 1 : 0;
    g.count++;
    groups.set(truth, g);
    if (isKnown) [knownHits, knownCount] = [knownHits + (hit ? 1 : 0), knownCount + 1];
    else [unknownHits, unknownCount] = [unknownHits + (hit ? 1 : 0), unknownCount + 1];
  }
  const aks = knownCount ? knownHits / knownCount : Number.NaN;
  const aus = unknownCount ? unknownHits / unknownCount : Number.NaN;
  return {
    baks: meanOfShares(known), baus: meanOfShares(unknown), aks, aus,
    normalisedAccuracy: lambda * aks + (1 - lambda) * aus,
    knownIdentities: known.size, unknownIdentities: unknown.size,
  };
}
