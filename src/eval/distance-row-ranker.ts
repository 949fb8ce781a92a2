// Ranks one query's row of distances without sorting the gallery. Metrics need only the ranks
// of the R relevant items, so: sort the R relevant distances, then let each other item add one
// to a histogram slot found by binary search among them (most items are farther than every
// relevant one and skip the search). That is O(G + R log R + h log R) per query, h the hard
// negatives, versus O(G log G) for a full sort; at 10k × 60k it is the difference that matters.
// The k nearest items for the k-NN vote come from a bounded heap in the same pass.
import { ArgumentError } from '../util/errors.ts';
import { knnVote } from './knn-vote.ts';
import type { QueryOutcome } from './retrieval-tally.ts';
import type { TiePolicy } from './tie-policy.ts';
import { TopKHeap } from './top-k-heap.ts';

export class DistanceRowRanker {
  private readonly galleryLabels: Int32Array;
  private readonly galleryIdentityIds: Int32Array;
  private readonly pessimistic: boolean;
  private readonly heap: TopKHeap;
  private readonly relevantDistance: Float64Array;
  private readonly relevantIndex: Int32Array;
  private readonly negativesBefore: Int32Array;
  private readonly identityStamp: Int32Array;
  private readonly nearest: Int32Array;
  private readonly nearestLabels: Int32Array;
  private stamp = 0;

  constructor(galleryLabels: Int32Array, galleryIdentityIds: Int32Array, identityCount: number, knnK: number, tiePolicy: TiePolicy) {
    const g = galleryLabels.length;
    this.galleryLabels = galleryLabels;
    this.galleryIdentityIds = galleryIdentityIds;
    this.pessimistic = tiePolicy === 'pessimistic';
    this.heap = new TopKHeap(knnK);
    this.relevantDistance = new Float64Array(g);
    this.relevantIndex = new Int32Array(g);
    this.negativesBefore = new Int32Array(g + 1);
    this.identityStamp = new Int32Array(identityCount);
    this.nearest = new Int32Array(knnK);
    this.nearestLabels = new Int32Array(knnK);
  }

  /** Ranks `row[offset .. offset + G)` for a query labelled `queryLabel`, skipping gallery item `selfIndex` (-1: none). */
  rank(row: Float32Array, offset: number, queryLabel: number, selfIndex: number, fn: string, queryIndex: number): QueryOutcome {
    const labels = this.galleryLabels;
    const g = labels.length;
    const heap = this.heap;
    const tieWeight = this.pessimistic ? g : 0;
    heap.clear();
    let r = 0;
    for (let j = 0; j < g; j++) {
      if (j === selfIndex) continue;
      const d = row[offset + j]!;
      if (d !== d) throw new ArgumentError(`${fn}: expected finite or infinite distances but received NaN for query ${queryIndex}, gallery item ${j}.`);
      const relevant = labels[j] === queryLabel;
      if (relevant) { this.relevantDistance[r] = d; this.relevantIndex[r] = j; r++; }
      // Secondary key: pessimistic puts relevant items after others at an equal distance.
      heap.push(d, relevant ? tieWeight + j : j, j);
    }
    const nearest = heap.drainAscending(this.nearest);
    for (let i = 0; i < nearest.length; i++) this.nearestLabels[i] = labels[nearest[i]!]!;
    const knnPrediction = knnVote(this.nearestLabels.subarray(0, nearest.length));
    if (r === 0) {
      return { queryLabel, relevantCount: 0, relevantRanks: new Int32Array(0), rankLimit: Infinity, identityRank: Infinity, knnPrediction };
    }
    // Relevant items were collected in gallery order; a stable sort by distance keeps index order for ties.
    const order = Int32Array.from({ length: r }, (_, i) => i).sort((a, b) => this.relevantDistance[a]! - this.relevantDistance[b]! || a - b);
    const sortedDistance = new Float64Array(r);
    const sortedIndex = new Int32Array(r);
    for (let i = 0; i < r; i++) { sortedDistance[i] = this.relevantDistance[order[i]!]!; sortedIndex[i] = this.relevantIndex[order[i]!]!; }
    const identityRank = this.countNegatives(row, offset, queryLabel, selfIndex, sortedDistance, sortedIndex);
    const ranks = new Int32Array(r);
    let before = 0;
    for (let i = 0; i < r; i++) {
      before += this.negativesBefore[i]!;
      ranks[i] = i + 1 + before;
    }
    return { queryLabel, relevantCount: r, relevantRanks: ranks, rankLimit: Infinity, identityRank, knnPrediction };
  }

  /** Fills negativesBefore[p] with the negatives that fall just before relevant item p; returns the identity rank. */
  private countNegatives(row: Float32Array, offset: number, queryLabel: number, selfIndex: number, sortedDistance: Float64Array, sortedIndex: Int32Array): number {
    const labels = this.galleryLabels;
    const r = sortedDistance.length;
    const last = sortedDistance[r - 1]!;
    const counts = this.negativesBefore;
    counts.fill(0, 0, r + 1);
    const stamp = ++this.stamp;
    let identitiesBefore = 0;
    for (let j = 0; j < labels.length; j++) {
      if (j === selfIndex || labels[j] === queryLabel) continue;
      const d = row[offset + j]!;
      if (d > last) continue; // after every relevant item: changes no rank
      // p = relevant items ranked before this negative.
      let low = 0;
      let high = r;
      while (low < high) {
        const mid = (low + high) >> 1;
        const dr = sortedDistance[mid]!;
        const relevantFirst = dr < d || (!this.pessimistic && dr === d && sortedIndex[mid]! < j);
        if (relevantFirst) low = mid + 1;
        else high = mid;
      }
      counts[low]!++;
      if (low === 0) {
        const id = this.galleryIdentityIds[j]!;
        if (this.identityStamp[id] !== stamp) { this.identityStamp[id] = stamp; identitiesBefore++; }
      }
    }
    return identitiesBefore + 1;
  }
}
