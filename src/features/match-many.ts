// One query against many candidates (a gallery, or a shortlist of one): counts only, split into
// chunks that run in parallel on libuv's thread pool, one AsyncWorker each.
import { availableParallelism } from 'node:os';
import { loadFeatures, type NativeMatchOptions } from '../binding/index.ts';
import { ArgumentError, expected } from '../util/errors.ts';
import { checkLocalFeatures, type LocalFeatures } from './local-features.ts';
import { nativeMatchOptions, resolveMatchOptions, type MatchOptions } from './match-options.ts';

export interface MatchManyOptions extends MatchOptions {
  /** Parallel native workers. Default: REID_THREADS, else the cores (libuv's pool holds 4 unless UV_THREADPOOL_SIZE says more). */
  concurrency?: number;
  /** Skip the per-candidate checks (for features checked once when they were enrolled or decoded). */
  trusted?: boolean;
  /**
   * Verify geometrically only the candidates with the most tentative matches (this many; ties at the
   * cut kept); the rest report 0 inliers. Their nearest-neighbour search runs twice, their RANSAC once,
   * which pays: on a gallery most candidates are other individuals, and RANSAC on few, mostly wrong
   * matches runs to its iteration limit. Default 0: verify every candidate.
   */
  verifyTop?: number;
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
  const { concurrency = defaultConcurrency(), trusted: _trusted, verifyTop = 0, ...matchOptions } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new ArgumentError(expected(fn, 'options.concurrency', 'a positive integer', concurrency));
  if (!Number.isInteger(verifyTop) || verifyTop < 0) throw new ArgumentError(expected(fn, 'options.verifyTop', 'a non-negative integer', verifyTop));
  const resolved = resolveMatchOptions(fn, matchOptions);
  if (verifyTop === 0 || verifyTop >= candidates.length || resolved.model === 'none') {
    return inParallel(query, candidates, nativeMatchOptions(resolved), concurrency);
  }
  const tentativeOnly = await inParallel(query, candidates, nativeMatchOptions({ ...resolved, model: 'none' }), concurrency);
  const cut = [...tentativeOnly.tentative].sort((a, b) => b - a)[verifyTop - 1]!;
  const picked = candidates.flatMap((_, i) => (tentativeOnly.tentative[i]! >= cut && tentativeOnly.tentative[i]! > 0 ? [i] : []));
  const verified = await inParallel(query, picked.map((i) => candidates[i]!), nativeMatchOptions(resolved), concurrency);
  picked.forEach((i, k) => { tentativeOnly.inliers[i] = verified.inliers[k]!; });
  return tentativeOnly;
}

async function inParallel(query: LocalFeatures, candidates: readonly LocalFeatures[], native: NativeMatchOptions, concurrency: number): Promise<ManyMatchCounts> {
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
