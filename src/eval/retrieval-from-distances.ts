// Retrieval metrics from a whole query × gallery distance matrix in memory (the common case
// for evaluation sets that fit); larger ones go through RetrievalEvaluator in row chunks.
import { expectLength } from './check-arguments.ts';
import { RetrievalEvaluator } from './retrieval-evaluator.ts';
import type { RetrievalOptions } from './retrieval-options.ts';
import type { RetrievalMetrics } from './retrieval-tally.ts';

/**
 * `distances` is row-major Q × G (Q = queryLabels.length, G = galleryLabels.length), smaller =
 * closer. For leave-one-out on one set pass the same labels twice and `excludeSelf: true`.
 */
export function retrievalFromDistances(
  distances: Float32Array,
  queryLabels: Int32Array,
  galleryLabels: Int32Array,
  options: RetrievalOptions = {},
): RetrievalMetrics {
  const evaluator = new RetrievalEvaluator(queryLabels, galleryLabels, options);
  expectLength('retrievalFromDistances', 'distances', distances, queryLabels.length * galleryLabels.length, `A ${queryLabels.length} × ${galleryLabels.length} matrix, row-major.`);
  evaluator.addRows(distances, 0);
  return evaluator.result();
}
