// Adaptive symmetric score normalisation (adaptive s-norm; Matějka et al. 2017, speaker
// verification's answer to thresholds that move with every model): a raw similarity s(q, e) is
// re-expressed in standard deviations above what q and e each score against their K closest
// impostors in a cohort,
//   s' = ½ [ (s − μ_q) / σ_q + (s − μ_e) / σ_e ],
// so one threshold means the same thing for a crowded part of the space and an empty one. In a
// gallery the cohort is the other enrolled identities; the candidate itself is never its own impostor.

export interface CohortStats {
  mean: number;
  std: number;
}

const minStd = 1e-6;

/** Mean and std of the `topK` largest values of `similarities`, skipping index `skip` (−1: none). */
export function cohortStats(similarities: ArrayLike<number>, topK: number, skip = -1): CohortStats {
  const values: number[] = [];
  for (let i = 0; i < similarities.length; i++) if (i !== skip) values.push(similarities[i]!);
  values.sort((a, b) => b - a);
  return meanStd(values.slice(0, Math.max(1, topK)));
}

function meanStd(values: readonly number[]): CohortStats {
  if (values.length === 0) return { mean: 0, std: 1 };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.max(minStd, Math.sqrt(squares / values.length)) };
}

/**
 * Normalised scores of one query against `candidates` (indices into `similarities`, the query's
 * similarity to every cohort member, candidates included). `candidateStats[c]` is candidate c's own
 * cohort statistics. One sort of the row; each candidate then costs O(1) from prefix sums.
 */
export function adaptiveSNorm(similarities: ArrayLike<number>, candidates: readonly number[], candidateStats: readonly CohortStats[], topK: number): number[] {
  const n = similarities.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => similarities[b]! - similarities[a]!);
  const rank = new Int32Array(n);
  order.forEach((index, r) => (rank[index] = r));
  // The query's impostors for candidate c: its top `count` similarities without c.
  const count = Math.max(0, Math.min(Math.max(1, topK), n - 1));
  const prefix = new Float64Array(n + 1);
  const prefixSquares = new Float64Array(n + 1);
  order.forEach((index, r) => {
    prefix[r + 1] = prefix[r]! + similarities[index]!;
    prefixSquares[r + 1] = prefixSquares[r]! + similarities[index]! ** 2;
  });
  return candidates.map((c) => {
    const s = similarities[c]!;
    // Among the top: take one more and drop c; otherwise the top `count` as they are.
    const inside = rank[c]! < count;
    const sum = inside ? prefix[count + 1]! - s : prefix[count]!;
    const squares = inside ? prefixSquares[count + 1]! - s * s : prefixSquares[count]!;
    const mean = count > 0 ? sum / count : 0;
    const std = count > 0 ? Math.max(minStd, Math.sqrt(Math.max(0, squares / count - mean * mean))) : 1;
    const own = candidateStats[c]!;
    return 0.5 * ((s - mean) / std + (s - own.mean) / own.std);
  });
}
