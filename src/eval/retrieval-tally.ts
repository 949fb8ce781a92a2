// Turns per-query ranking outcomes into retrieval metrics. Both ranking sources (a distance
// matrix, precomputed neighbour lists) reduce each query to a QueryOutcome, so every metric
// is defined once, here.
//
// Conventions (those of pytorch-metric-learning's AccuracyCalculator and the Market-1501 code):
// - A query with no relevant gallery item (its identity is absent from the gallery, or it was
//   a lone item removed by leave-one-out) cannot be scored by any retrieval metric; it is left
//   out of every average below and counted in `queriesWithoutRelevant`. Open-set questions
//   ("is this a new individual?") belong to openSetMetrics.
// - recall@k is the metric-learning/re-ID definition: the fraction of queries with at least one
//   correct item among the first k (CMC at item level), not "retrieved relevant / all relevant".

/** One query reduced to what the metrics need. */
export interface QueryOutcome {
  /** The query's identity label. */
  queryLabel: number;
  /** R: relevant (same-identity) gallery items this query has, excluding itself. */
  relevantCount: number;
  /** 1-based ranks of the relevant items that are known, ascending. */
  relevantRanks: Int32Array;
  /** Ranks are known exactly up to this rank; relevant items ranked after it are not listed. Infinity for a full ranking. */
  rankLimit: number;
  /** 1-based position of the query's identity among distinct identities in ranked order; Infinity when unknown. */
  identityRank: number;
  /** Label chosen by the k-NN vote, undefined when the query had no neighbours. */
  knnPrediction: number | undefined;
}

export interface RetrievalMetrics {
  /** All queries seen. */
  queryCount: number;
  /** Queries that entered the averages (those with at least one relevant gallery item). */
  evaluatedCount: number;
  /** Queries left out because no gallery item shares their identity. */
  queriesWithoutRelevant: number;
  precisionAt1: number;
  /** Fraction of queries with a correct item in the top k, for each requested k. */
  recallAtK: { k: number; recall: number }[];
  /** Mean over queries of average precision over all R relevant items. NaN when rankings were truncated. */
  mAP: number;
  /** MAP@R (Musgrave et al. 2020): average precision over the first R ranks, divided by R. NaN when some R exceeds the known ranks. */
  mapAtR: number;
  /** Mean fraction of relevant items among the first R ranks. NaN when some R exceeds the known ranks. */
  rPrecision: number;
  /** Identity-level CMC: cmc[r - 1] = fraction of queries whose identity is among the first r distinct identities. */
  cmc: Float64Array;
  knnK: number;
  /** Fraction of queries whose k-NN majority vote (ties to the nearest) is their identity. */
  knnAccuracy: number;
}

export class RetrievalTally {
  private readonly recallAt: readonly number[];
  private readonly knnK: number;
  private readonly identityRankCounts: Float64Array;
  private readonly recallHits: number[];
  private queries = 0;
  private evaluated = 0;
  private top1Hits = 0;
  private knnHits = 0;
  // Per-query values, summed in query order at the end so the result does not depend on the
  // order in which row chunks arrived (floating-point sums are order-sensitive).
  private readonly averagePrecision: Float64Array;
  private readonly averagePrecisionAtR: Float64Array;
  private readonly precisionAtR: Float64Array;
  private apComplete = true;
  private mapAtRComplete = true;

  /** `identityCount`: distinct identities in the gallery, the longest possible CMC. */
  constructor(queryCount: number, identityCount: number, recallAt: readonly number[], knnK: number) {
    this.averagePrecision = new Float64Array(queryCount);
    this.averagePrecisionAtR = new Float64Array(queryCount);
    this.precisionAtR = new Float64Array(queryCount);
    this.recallAt = recallAt;
    this.knnK = knnK;
    this.identityRankCounts = new Float64Array(identityCount);
    this.recallHits = recallAt.map(() => 0);
  }

  /** Adds query `queryIndex` (each index once). */
  add(outcome: QueryOutcome, queryIndex: number): void {
    this.queries++;
    const r = outcome.relevantCount;
    if (r === 0) return;
    this.evaluated++;
    const ranks = outcome.relevantRanks;
    const first = ranks.length > 0 ? ranks[0]! : Infinity;
    if (first === 1) this.top1Hits++;
    for (let i = 0; i < this.recallAt.length; i++) if (first <= this.recallAt[i]!) this.recallHits[i]!++;
    if (outcome.knnPrediction === outcome.queryLabel) this.knnHits++;
    const identityRank = outcome.identityRank;
    if (identityRank <= this.identityRankCounts.length) this.identityRankCounts[identityRank - 1]!++;

    let ap = 0;
    let apAtR = 0;
    let hitsInR = 0;
    for (let i = 0; i < ranks.length; i++) {
      const precisionHere = (i + 1) / ranks[i]!;
      ap += precisionHere;
      if (ranks[i]! <= r) { apAtR += precisionHere; hitsInR++; }
    }
    if (ranks.length < r) this.apComplete = false;
    if (outcome.rankLimit < r) this.mapAtRComplete = false;
    this.averagePrecision[queryIndex] = ap / r;
    this.averagePrecisionAtR[queryIndex] = apAtR / r;
    this.precisionAtR[queryIndex] = hitsInR / r;
  }

  result(): RetrievalMetrics {
    const n = this.evaluated;
    const cmc = new Float64Array(this.identityRankCounts.length);
    let cumulative = 0;
    for (let i = 0; i < cmc.length; i++) {
      cumulative += this.identityRankCounts[i]!;
      cmc[i] = cumulative / n;
    }
    return {
      queryCount: this.queries,
      evaluatedCount: n,
      queriesWithoutRelevant: this.queries - n,
      precisionAt1: this.top1Hits / n,
      recallAtK: this.recallAt.map((k, i) => ({ k, recall: this.recallHits[i]! / n })),
      mAP: this.apComplete ? sum(this.averagePrecision) / n : NaN,
      mapAtR: this.mapAtRComplete ? sum(this.averagePrecisionAtR) / n : NaN,
      rPrecision: this.mapAtRComplete ? sum(this.precisionAtR) / n : NaN,
      cmc,
      knnK: this.knnK,
      knnAccuracy: this.knnHits / n,
    };
  }
}

/** Queries without relevant items keep their 0 and add nothing. */
function sum(values: Float64Array): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
