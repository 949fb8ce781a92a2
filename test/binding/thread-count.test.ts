import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { threadCount } from '../../src/binding/thread-count.ts';
import { ArgumentError } from '../../src/util/errors.ts';

test('REID_THREADS decides for batch work and single queries alike', () => {
  assert.equal(threadCount('batch', { REID_THREADS: '3' }), 3);
  assert.equal(threadCount('query', { REID_THREADS: '3' }), 3);
  assert.equal(threadCount('query', { REID_THREADS: ' 1 ' }), 1);
});

test('without REID_THREADS: every core for batches, one thread for single queries', () => {
  assert.equal(threadCount('batch', {}), availableParallelism());
  assert.equal(threadCount('query', {}), 1);
  assert.equal(threadCount('batch', { REID_THREADS: '' }), availableParallelism());
});

test('a REID_THREADS that is not a positive integer is refused by name, not ignored', () => {
  for (const bad of ['0', '-2', '1.5', 'abc', 'Infinity']) {
    assert.throws(() => threadCount('batch', { REID_THREADS: bad }), (e: unknown) => e instanceof ArgumentError && (e as Error).message === `REID_THREADS: expected a positive integer (threads for libtorch) but received "${bad}"`);
  }
});
