// One query against many candidates (a gallery, or a shortlist of one): counts only, split into
// chunks that run in parallel on libuv's thread pool, one AsyncWorker each.
import { availableParallelism } from 'node:os';
import { loadFeatures } from '../binding/index.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import { checkLocalFeatures, type LocalFeatures } from './local-features.ts';
import { nativeMatchOptions, resolveMatchOptions, type MatchOptions } from './match-options.ts';

export interface MatchManyOptions extends MatchOptions {
  /** Parallel native workers. Default: REID_THREADS, else the cores (libuv's pool holds 4 unless UV_THREADPOOL_SIZE says more). */
  concurrency?: number;
  /** Skip the per-candidate checks (for features checked once when they were enrolled or decoded). */
  trusted?: boolean;
}

export interface ManyMatchCounts {
  /** Per candidate, in the order given. */
  tentative: Int32Array;
  inliers: Int32Array;
}

export function defaultConcurrency(): number {
  const fromEnv = Number(process.env.REID_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.max(1, availableParallelism());
}

export async function matchMany(query: LocalFeatures, candidates: readonly LocalFeatures[], options: MatchManyOptions = {}): Promise<ManyMatchCounts> {
  const fn = 'matchMany';
  checkLocalFeatures(fn, 'query', query);
  if (!Array.isArray(candidates)) throw new ArgumentError(expected(fn, 'candidates', 'an array of LocalFeatures', candidates));
  if (!options.trusted) candidates.forEach((c, i) => checkLocalFeatures(fn, `candidates[${i}]`, c));
  const { concurrency = defaultConcurrency(), trusted: _trusted, ...matchOptions } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ArgumentError(expected(fn, 'options.concurrency', 'a positive integer', concurrency));
  const native = nativeMatchOptions(resolveMatchOptions(fn, matchOptions));
  const binding = loadFeatures();
  const chunks = Math.min(concurrency, candidates.length);
  const tentative = new Int32Array(candidates.length);
  const inliers = new Int32Array(candidates.length);
  // Candidates are dealt out in turn, so costly neighbours (big images, long RANSAC runs) spread over the workers.
  await Promise.all(Array.from({ length: chunks }, async (_, c) => {
    const picked: number[] = [];
    for (let i = c; i < candidates.length; i += chunks) picked.push(i);
    const part = await binding.matchMany(query, picked.map((i) => candidates[i]!), native);
    picked.forEach((i, k) => {
      tentative[i] = part.tentative[k]!;
      inliers[i] = part.inliers[k]!;
    });
  }));
  return { tentative, inliers };
}
