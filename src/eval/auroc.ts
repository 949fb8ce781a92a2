// Area under the ROC curve as the Mann-Whitney statistic: the probability that a random
// positive scores above a random negative, ties counting 1/2. Rank-based, so it needs one sort
// and no threshold sweep, and equal scores are handled exactly.
import { ArgumentError } from '../util/errors.ts';

/** `scores` higher = more positive; `positive[i]` marks the positives. NaN when either class is empty. */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number {
  const n = scores.length;
  if (positive.length !== n) {
    throw new ArgumentError(`auroc: expected ${n} entries for positive (one per score) but received ${positive.length}.`);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new ArgumentError(`auroc: expected numbers for scores but received NaN at index ${i}.`);
  }
  order.sort((a, b) => scores[a]! - scores[b]!);
  // Midranks: a tie group of size t starting at rank s (1-based) shares rank s + (t - 1) / 2.
  let positives = 0;
  let positiveRankSum = 0;
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && scores[order[end]!] === scores[order[start]!]) end++;
    const midrank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) {
      if (positive[order[i]!]) { positives++; positiveRankSum += midrank; }
    }
    start = end;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
