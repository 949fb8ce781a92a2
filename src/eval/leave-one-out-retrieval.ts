// Leave-one-out retrieval: every item queries all the others. Over all identities it is the
// closed-set protocol; restricted to identities held out of training it measures how well the
// embedding generalises to individuals it has never seen (the re-ID question that matters).
import { ArgumentError } from '../util/errors.ts';
import { expectInt32Array, expectLength, expectPositiveInteger } from './check-arguments.ts';
import { distanceBlock, sourceItemCount, type DistanceSource } from './distance-source.ts';
import { RetrievalEvaluator } from './retrieval-evaluator.ts';
import type { RetrievalOptions } from './retrieval-options.ts';
import type { RetrievalMetrics } from './retrieval-tally.ts';

export interface LeaveOneOutOptions extends Omit<RetrievalOptions, 'excludeSelf' | 'selfIndex'> {
  /** Identities to evaluate among (e.g. the held-out, unseen classes). Default: all. */
  identities?: readonly number[];
  /** Queries per distance block. Default 1024. */
  chunkSize?: number;
}

/** `labels[i]` is the identity of item i of `source`. */
export function leaveOneOutRetrieval(source: DistanceSource, labels: Int32Array, options: LeaveOneOutOptions = {}): RetrievalMetrics {
  const fn = 'leaveOneOutRetrieval';
  expectInt32Array(fn, 'labels', labels);
  expectLength(fn, 'labels', labels, sourceItemCount(source), 'One identity label per embedding.');
  const chunkSize = options.chunkSize ?? 1024;
  expectPositiveInteger(fn, 'options.chunkSize', chunkSize);
  let items: Int32Array;
  if (options.identities === undefined) {
    items = Int32Array.from({ length: labels.length }, (_, i) => i);
  } else {
    const wanted = new Set(options.identities);
    items = Int32Array.from(Array.from(labels.keys()).filter((i) => wanted.has(labels[i]!)));
    if (items.length === 0) throw new ArgumentError(`${fn}: expected options.identities to match some labels but received ${options.identities.length} identities with no items.`);
  }
  const itemLabels = Int32Array.from(items, (i) => labels[i]!);
  const evaluator = new RetrievalEvaluator(itemLabels, itemLabels, { ...options, excludeSelf: true });
  for (let start = 0; start < items.length; start += chunkSize) {
    const queries = items.subarray(start, Math.min(items.length, start + chunkSize));
    evaluator.addRows(distanceBlock(source, queries, items), start);
  }
  return evaluator.result();
}
