// Reference retrieval metrics by the definitions, with a full sort per query: slow, obvious,
// and independent of the counting approach in src/eval. Shared by the retrieval tests.
import type { TiePolicy } from '../../src/eval/tie-policy.ts';

export interface BruteForceMetrics {
  evaluated: number;
  withoutRelevant: number;
  precisionAt1: number;
  recallAt: number[];
  mAP: number;
  mapAtR: number;
  rPrecision: number;
  cmc: number[];
  knnAccuracy: number;
}

/** Gallery indices of one query in ranked order under the tie policy, self removed. */
export function rankedGallery(row: ArrayLike<number>, galleryLabels: Int32Array, queryLabel: number, self: number, tiePolicy: TiePolicy): number[] {
  const items: number[] = [];
  for (let j = 0; j < galleryLabels.length; j++) if (j !== self) items.push(j);
  const tieKey = (j: number): number => (tiePolicy === 'pessimistic' && galleryLabels[j] === queryLabel ? 1 : 0);
  return items.sort((a, b) => row[a]! - row[b]! || tieKey(a) - tieKey(b) || a - b);
}

export function bruteForceRetrieval(
  distances: Float32Array,
  queryLabels: Int32Array,
  galleryLabels: Int32Array,
  options: { recallAt: number[]; knnK: number; tiePolicy: TiePolicy; selfIndex?: Int32Array },
): BruteForceMetrics {
  const g = galleryLabels.length;
  const identityCount = new Set(galleryLabels).size;
  const sums = { p1: 0, ap: 0, mapAtR: 0, rPrecision: 0, knn: 0 };
  const recallHits = options.recallAt.map(() => 0);
  const cmcHits = new Array<number>(identityCount).fill(0);
  let evaluated = 0;
  for (let q = 0; q < queryLabels.length; q++) {
    const label = queryLabels[q]!;
    const ranked = rankedGallery(distances.subarray(q * g, (q + 1) * g), galleryLabels, label, options.selfIndex?.[q] ?? -1, options.tiePolicy);
    const relevant = ranked.map((j) => galleryLabels[j] === label);
    const r = relevant.filter(Boolean).length;
    if (r === 0) continue;
    evaluated++;
    const first = relevant.indexOf(true) + 1;
    if (first === 1) sums.p1++;
    options.recallAt.forEach((k, i) => { if (first <= k) recallHits[i]!++; });
    let hits = 0;
    let ap = 0;
    let apAtR = 0;
    let hitsInR = 0;
    relevant.forEach((isRelevant, i) => {
      if (!isRelevant) return;
      hits++;
      ap += hits / (i + 1);
      if (i < r) { apAtR += hits / (i + 1); hitsInR++; }
    });
    sums.ap += ap / r;
    sums.mapAtR += apAtR / r;
    sums.rPrecision += hitsInR / r;
    const identitiesInOrder = [...new Set(ranked.map((j) => galleryLabels[j]!))];
    const identityRank = identitiesInOrder.indexOf(label) + 1;
    for (let rank = identityRank; rank <= identityCount; rank++) cmcHits[rank - 1]!++;
    const top = ranked.slice(0, options.knnK).map((j) => galleryLabels[j]!);
    const votes = new Map<number, number>();
    for (const t of top) votes.set(t, (votes.get(t) ?? 0) + 1);
    const most = Math.max(...votes.values());
    if (top.find((t) => votes.get(t) === most) === label) sums.knn++;
  }
  return {
    evaluated,
    withoutRelevant: queryLabels.length - evaluated,
    precisionAt1: sums.p1 / evaluated,
    recallAt: recallHits.map((h) => h / evaluated),
    mAP: sums.ap / evaluated,
    mapAtR: sums.mapAtR / evaluated,
    rPrecision: sums.rPrecision / evaluated,
    cmc: cmcHits.map((h) => h / evaluated),
    knnAccuracy: sums.knn / evaluated,
  };
}
