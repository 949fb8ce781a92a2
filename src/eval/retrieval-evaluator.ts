// Retrieval metrics from a query × gallery distance matrix fed in row chunks, so a 10k × 60k
// evaluation never holds the whole matrix: the caller computes a block of rows (on the tensor
// engine, say), hands it over, and drops it.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { DistanceRowRanker } from './distance-row-ranker.ts';
import { labelIds } from './label-ids.ts';
import { resolveRetrievalOptions, type ResolvedRetrievalOptions, type RetrievalOptions } from './retrieval-options.ts';
import { RetrievalTally, type RetrievalMetrics } from './retrieval-tally.ts';

export class RetrievalEvaluator {
  readonly queryCount: number;
  readonly galleryCount: number;
  private readonly queryLabels: Int32Array;
  private readonly options: ResolvedRetrievalOptions;
  private readonly ranker: DistanceRowRanker;
  private readonly tally: RetrievalTally;
  private readonly added: Uint8Array;
  private addedCount = 0;

  /** Distances are "smaller = closer" (see pairwiseDistances); labels are identity ids. */
  constructor(queryLabels: Int32Array, galleryLabels: Int32Array, options: RetrievalOptions = {}) {
    this.options = resolveRetrievalOptions('RetrievalEvaluator', queryLabels, galleryLabels, options);
    this.queryLabels = queryLabels;
    this.queryCount = queryLabels.length;
    this.galleryCount = galleryLabels.length;
    const identities = labelIds(galleryLabels);
    this.ranker = new DistanceRowRanker(galleryLabels, identities.ids, identities.count, this.options.knnK, this.options.tiePolicy);
    this.tally = new RetrievalTally(this.queryCount, identities.count, this.options.recallAt, this.options.knnK);
    this.added = new Uint8Array(this.queryCount);
  }

  /** Adds rows firstQuery, firstQuery + 1, ... of the distance matrix; `distances` holds whole rows, row-major. */
  addRows(distances: Float32Array, firstQuery: number): void {
    const fn = 'RetrievalEvaluator.addRows';
    const g = this.galleryCount;
    if (!(distances instanceof Float32Array)) {
      throw new ArgumentError(`${fn}: expected a Float32Array for distances but received ${typeof distances}.`);
    }
    if (g === 0 ? distances.length !== 0 : distances.length % g !== 0) {
      throw new ShapeError(`${fn}: expected a multiple of the gallery size ${g} for distances.length but received ${distances.length}. Pass whole rows.`);
    }
    const rows = g === 0 ? 0 : distances.length / g;
    if (!Number.isInteger(firstQuery) || firstQuery < 0 || firstQuery + rows > this.queryCount) {
      throw new ArgumentError(`${fn}: expected rows within [0, ${this.queryCount}) but received firstQuery ${firstQuery} with ${rows} rows.`);
    }
    for (let row = 0; row < rows; row++) {
      const q = firstQuery + row;
      if (this.added[q]) throw new ArgumentError(`${fn}: expected each query once but received query ${q} twice.`);
      this.added[q] = 1;
      this.addedCount++;
      this.tally.add(this.ranker.rank(distances, row * g, this.queryLabels[q]!, this.options.selfIndex[q]!, fn, q), q);
    }
  }

  /** Metrics over all queries; every row must have been added (with an empty gallery, none can be). */
  result(): RetrievalMetrics {
    if (this.galleryCount === 0) {
      for (let q = this.addedCount; q < this.queryCount; q++) this.tally.add({ queryLabel: this.queryLabels[q]!, relevantCount: 0, relevantRanks: new Int32Array(0), rankLimit: Infinity, identityRank: Infinity, knnPrediction: undefined }, q);
      this.addedCount = this.queryCount;
    }
    if (this.addedCount !== this.queryCount) {
      const missing = this.added.indexOf(0);
      throw new ArgumentError(`RetrievalEvaluator.result: expected rows for all ${this.queryCount} queries but received ${this.addedCount} (query ${missing} is missing).`);
    }
    return this.tally.result();
  }
}
