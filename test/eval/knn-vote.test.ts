import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knnVote } from '../../src/eval/knn-vote.ts';
import { TopKHeap } from '../../src/eval/top-k-heap.ts';
import { Random } from '../../src/util/random.ts';

test('majority wins; equal counts go to the label seen nearest', () => {
  assert.equal(knnVote([3, 5, 5], 3), 5);
  assert.equal(knnVote([3, 5, 5, 3], 4), 3);
  assert.equal(knnVote([7, 3, 5], 3), 7);
  assert.equal(knnVote([7, 3, 3, 5, 5, 5], 2), 7); // only the first k vote
  assert.equal(knnVote([], 3), undefined);
});

test('the bounded heap selects the k smallest keys, ordered, ties by secondary key', () => {
  const random = new Random(9);
  for (let trial = 0; trial < 50; trial++) {
    const n = random.int(60);
    const k = 1 + random.int(10);
    const primary = Array.from({ length: n }, () => random.int(7));
    const heap = new TopKHeap(k);
    primary.forEach((p, i) => heap.push(p, i, i));
    const expected = Array.from(primary.keys()).sort((a, b) => primary[a]! - primary[b]! || a - b).slice(0, k);
    assert.deepEqual(Array.from(heap.drainAscending()), expected);
  }
});
