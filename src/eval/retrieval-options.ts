// Options shared by every retrieval entry point, with their defaults and checks in one place.
import { ArgumentError } from '../util/errors.ts';
import { describeValue, expectInt32Array, expectLength, expectPositiveInteger } from './check-arguments.ts';
import type { TiePolicy } from './tie-policy.ts';

export interface RetrievalOptions {
  /** Cut-offs for recall@k. Default [1, 5, 10]. */
  recallAt?: readonly number[];
  /** Neighbours voting in k-NN accuracy. Default 5. */
  knnK?: number;
  /** Order of equal distances. Default 'pessimistic' (see TiePolicy). Neighbour lists keep their own order. */
  tiePolicy?: TiePolicy;
  /** Leave-one-out: ignore each query's own item in the gallery. Default false. */
  excludeSelf?: boolean;
  /**
   * With excludeSelf: the gallery index of each query's own item, -1 for none. Default: query i
   * is gallery item i, which needs the query set to be the gallery set.
   */
  selfIndex?: Int32Array;
}

export interface ResolvedRetrievalOptions {
  recallAt: readonly number[];
  knnK: number;
  tiePolicy: TiePolicy;
  /** Gallery index to skip for each query, -1 for none. */
  selfIndex: Int32Array;
}

export function resolveRetrievalOptions(
  fn: string,
  queryLabels: Int32Array,
  galleryLabels: Int32Array,
  options: RetrievalOptions,
): ResolvedRetrievalOptions {
  expectInt32Array(fn, 'queryLabels', queryLabels);
  expectInt32Array(fn, 'galleryLabels', galleryLabels);
  const recallAt = options.recallAt ?? [1, 5, 10];
  for (const k of recallAt) expectPositiveInteger(fn, 'options.recallAt[]', k);
  const knnK = options.knnK ?? 5;
  expectPositiveInteger(fn, 'options.knnK', knnK);
  const tiePolicy = options.tiePolicy ?? 'pessimistic';
  if (tiePolicy !== 'pessimistic' && tiePolicy !== 'gallery-order') {
    throw new ArgumentError(`${fn}: expected 'pessimistic' or 'gallery-order' for options.tiePolicy but received ${describeValue(tiePolicy)}.`);
  }
  const queryCount = queryLabels.length;
  const galleryCount = galleryLabels.length;
  let selfIndex: Int32Array;
  if (!options.excludeSelf) {
    if (options.selfIndex !== undefined) {
      throw new ArgumentError(`${fn}: expected options.excludeSelf to be true when options.selfIndex is given but received ${options.excludeSelf}.`);
    }
    selfIndex = new Int32Array(queryCount).fill(-1);
  } else if (options.selfIndex !== undefined) {
    expectInt32Array(fn, 'options.selfIndex', options.selfIndex);
    expectLength(fn, 'options.selfIndex', options.selfIndex, queryCount, 'Give one gallery index (or -1) per query.');
    for (const j of options.selfIndex) {
      if (j < -1 || j >= galleryCount) {
        throw new ArgumentError(`${fn}: expected gallery indices in [-1, ${galleryCount}) for options.selfIndex but received ${j}.`);
      }
    }
    selfIndex = options.selfIndex;
  } else {
    if (queryCount !== galleryCount) {
      throw new ArgumentError(
        `${fn}: expected as many queries as gallery items for options.excludeSelf without options.selfIndex but received ${queryCount} queries and ${galleryCount} gallery items. Pass options.selfIndex to map queries to gallery items.`,
      );
    }
    selfIndex = Int32Array.from({ length: queryCount }, (_, i) => i);
  }
  return { recallAt: [...recallAt], knnK, tiePolicy, selfIndex };
}
