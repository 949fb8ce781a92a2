// OpenBLAS runs on one thread of its own by default (src/binding/blas-threads.ts), so its spinning
// workers never take cores from libtorch's; a user's own OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) wins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { oneBlasThreadUnlessSet } from '../../src/binding/blas-threads.ts';

const helper = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'blas-thread-count.ts');

function run(env: Record<string, string>): { threads: number; openblas: string | null } {
  const base = { ...process.env };
  delete base.OPENBLAS_NUM_THREADS;
  delete base.OMP_NUM_THREADS;
  const r = spawnSync(process.execPath, ['--import', 'tsx', helper], { encoding: 'utf8', env: { ...base, ...env } });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { threads: number; openblas: string | null };
}

test('the default leaves OpenBLAS without worker threads; OPENBLAS_NUM_THREADS=2 given by the user adds one', () => {
  const byDefault = run({});
  const two = run({ OPENBLAS_NUM_THREADS: '2' });
  assert.equal(byDefault.openblas, '1');
  assert.equal(two.openblas, '2', 'the user\'s setting is kept');
  // Everything else (Node's own threads, libtorch's pool at 1) is the same in both processes.
  assert.equal(two.threads - byDefault.threads, 1, `threads: ${byDefault.threads} by default, ${two.threads} with OPENBLAS_NUM_THREADS=2`);
});

test('oneBlasThreadUnlessSet sets 1 only when neither OPENBLAS_NUM_THREADS nor OMP_NUM_THREADS is set', () => {
  const none: NodeJS.ProcessEnv = {};
  oneBlasThreadUnlessSet(none);
  assert.equal(none.OPENBLAS_NUM_THREADS, '1');
  const own: NodeJS.ProcessEnv = { OPENBLAS_NUM_THREADS: '4' };
  oneBlasThreadUnlessSet(own);
  assert.equal(own.OPENBLAS_NUM_THREADS, '4');
  const omp: NodeJS.ProcessEnv = { OMP_NUM_THREADS: '2' };
  oneBlasThreadUnlessSet(omp);
  assert.equal(omp.OPENBLAS_NUM_THREADS, undefined);
});
