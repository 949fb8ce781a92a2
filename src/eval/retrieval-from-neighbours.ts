// Retrieval metrics from precomputed neighbour lists (what a k-NN index returns), taken in the
// order given. Lists hold only the top K, so metrics that need deeper ranks come back NaN
// instead of silently truncated: mAP needs every relevant item listed, MAP@R and R-precision
// need K ≥ R after self-exclusion. The identity-level CMC is exact at rank r whenever the list
// shows r distinct identities; beyond that a query whose identity was not listed counts as a miss.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { knnVote } from './knn-vote.ts';
import { labelIds } from './label-ids.ts';
import { resolveRetrievalOptions, type RetrievalOptions } from './retrieval-options.ts';
import { RetrievalTally, type RetrievalMetrics } from './retrieval-tally.ts';

export interface NeighbourLists {
  /** Row-major Q × perQuery gallery indices, nearest first; -1 pads short lists. */
  indices: Int32Array;
  perQuery: number;
}

export function retrievalFromNeighbours(
  neighbours: NeighbourLists,
  queryLabels: Int32Array,
  galleryLabels: Int32Array,
  options: RetrievalOptions = {},
): RetrievalMetrics {
  const fn = 'retrievalFromNeighbours';
  const resolved = resolveRetrievalOptions(fn, queryLabels, galleryLabels, options);
  const { indices, perQuery } = neighbours;
  if (!Number.isInteger(perQuery) || perQuery < 0 || indices.length !== perQuery * queryLabels.length) {
    throw new ShapeError(`${fn}: expected ${queryLabels.length} × perQuery indices but received ${indices.length} indices with perQuery ${perQuery}.`);
  }
  const identities = labelIds(galleryLabels);
  const tally = new RetrievalTally(queryLabels.length, identities.count, resolved.recallAt, resolved.knnK);
  const seenIdentity = new Int32Array(identities.count).fill(-1);
  for (let q = 0; q < queryLabels.length; q++) {
    const label = queryLabels[q]!;
    const self = resolved.selfIndex[q]!;
    const id = identities.idOf.get(label);
    let relevantCount = id === undefined ? 0 : identities.sizes[id]!;
    if (self >= 0 && galleryLabels[self] === label) relevantCount--;
    const ranks: number[] = [];
    const listedLabels: number[] = [];
    let identityRank = Infinity;
    let distinct = 0;
    for (let i = 0; i < perQuery; i++) {
      const j = indices[q * perQuery + i]!;
      if (j === -1 || j === self) continue;
      if (j < -1 || j >= galleryLabels.length) {
        throw new ArgumentError(`${fn}: expected gallery indices in [0, ${galleryLabels.length}) or -1 for neighbours.indices but received ${j} for query ${q}.`);
      }
      const neighbourLabel = galleryLabels[j]!;
      listedLabels.push(neighbourLabel);
      const neighbourId = identities.ids[j]!;
      if (seenIdentity[neighbourId] !== q) { seenIdentity[neighbourId] = q; distinct++; }
      if (neighbourLabel === label) {
        ranks.push(listedLabels.length);
        if (identityRank === Infinity) identityRank = distinct;
      }
    }
    tally.add({
      queryLabel: label,
      relevantCount,
      relevantRanks: Int32Array.from(ranks),
      rankLimit: listedLabels.length,
      identityRank,
      knnPrediction: knnVote(listedLabels, resolved.knnK),
    }, q);
  }
  return tally.result();
}
