// The one policy for libtorch's intra-op thread count, so the CLI, the server and its worker
// agree: REID_THREADS when set; otherwise every core for batch work, and one thread for single
// queries (measured: embed + identify of one image p50 4.2 ms on 1 thread, 6.7-11.9 ms on 2).
import { availableParallelism } from 'node:os';
import { ArgumentError } from '../util/errors.ts';

/** 'batch': training, bulk embedding, evaluation. 'query': one image at a time, latency first. */
export type ThreadUse = 'batch' | 'query';

export function threadCount(use: ThreadUse = 'batch', env: NodeJS.ProcessEnv = process.env): number {
  const set = env.REID_THREADS;
  if (set !== undefined && set.trim() !== '') {
    const n = Number(set);
    if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`REID_THREADS: expected a positive integer (threads for libtorch) but received "${set}"`);
    return n;
  }
  return use === 'query' ? 1 : availableParallelism();
}
