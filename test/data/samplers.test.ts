import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError } from '../../src/util/errors.ts';
import { PKSampler } from '../../src/data/samplers/pk-sampler.ts';
import { ShuffledSampler } from '../../src/data/samplers/shuffled-sampler.ts';
import { drawsForSourceShares } from '../../src/data/samplers/source-draws.ts';

/** Identity i has counts[i] images; images are laid out identity by identity. */
function labelled(counts: number[]): { labels: Int32Array; identities: string[] } {
  const labels = Int32Array.from(counts.flatMap((count, identity) => new Array<number>(count).fill(identity)));
  return { labels, identities: counts.map((_, i) => `id${i}`) };
}

test('PKSampler: P identities × K images per batch, grouped, distinct identities', () => {
  const data = labelled([5, 6, 4, 8, 7, 5, 9, 4, 6, 5, 4]);
  const sampler = new PKSampler(data, { identitiesPerBatch: 3, imagesPerIdentity: 4, seed: 1 });
  // Default length: max(⌈11/3⌉, ⌊63/12⌋) = max(4, 5) = 5.
  assert.equal(sampler.batchesPerEpoch, 5);
  const batches = sampler.batches(0);
  assert.equal(batches.length, 5);
  for (const batch of batches) {
    assert.equal(batch.length, 12);
    const groups = [0, 1, 2].map((g) => Array.from(batch.subarray(g * 4, g * 4 + 4)));
    const identities = groups.map((group) => data.labels[group[0]!]!);
    assert.equal(new Set(identities).size, 3, 'P different identities');
    groups.forEach((group, g) => {
      assert.ok(group.every((index) => data.labels[index] === identities[g]), 'a group is one identity');
      assert.equal(new Set(group).size, 4, 'K distinct images when the identity has ≥ K');
    });
  }
  assert.deepEqual(sampler.singletons, []);
});

test('PKSampler: an epoch covers every identity; epochs are deterministic per seed and differ', () => {
  const data = labelled(Array.from({ length: 23 }, (_, i) => 2 + (i % 5)));
  const sampler = new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 9, batchesPerEpoch: 6 });
  for (let epoch = 0; epoch < 5; epoch++) {
    const seen = new Set(sampler.batches(epoch).flatMap((batch) => Array.from(batch, (i) => data.labels[i]!)));
    assert.equal(seen.size, 23, `epoch ${epoch} covers all identities`);
  }
  const twin = new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 9, batchesPerEpoch: 6 });
  assert.deepEqual(twin.batches(3).map((b) => Array.from(b)), sampler.batches(3).map((b) => Array.from(b)));
  assert.notDeepEqual(sampler.batches(0).map((b) => Array.from(b)), sampler.batches(1).map((b) => Array.from(b)));
  const otherSeed = new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 10, batchesPerEpoch: 6 });
  assert.notDeepEqual(otherSeed.batches(0).map((b) => Array.from(b)), sampler.batches(0).map((b) => Array.from(b)));
  assert.throws(() => new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 9, batchesPerEpoch: 5 }), ArgumentError);
});

test('PKSampler: images of an identity rotate before repeating', () => {
  const data = labelled([6, 6]);
  const sampler = new PKSampler(data, { identitiesPerBatch: 2, imagesPerIdentity: 3, seed: 4, batchesPerEpoch: 2 });
  const [first, second] = sampler.batches(0);
  for (const identity of [0, 1]) {
    const used = [...first!, ...second!].filter((i) => data.labels[i] === identity);
    assert.deepEqual([...used].sort((a, b) => a - b), identity === 0 ? [0, 1, 2, 3, 4, 5] : [6, 7, 8, 9, 10, 11]);
  }
});

test('PKSampler: identities with fewer than K images are sampled with replacement; singletons reported', () => {
  const data = labelled([1, 2, 5, 0, 5]);
  const sampler = new PKSampler(data, { identitiesPerBatch: 2, imagesPerIdentity: 4, seed: 3, batchesPerEpoch: 20 });
  assert.deepEqual(sampler.singletons, [0]);
  assert.ok(sampler.warnings.some((w) => w.includes('id0')));
  assert.ok(sampler.warnings.some((w) => w.includes('fewer than K = 4')));
  let sawSingleton = false;
  for (const batch of sampler.batches(0)) {
    for (let g = 0; g < 2; g++) {
      const group = Array.from(batch.subarray(g * 4, g * 4 + 4));
      const identity = data.labels[group[0]!]!;
      assert.notEqual(identity, 3, 'an identity with no images is never chosen');
      if (identity === 0) {
        sawSingleton = true;
        assert.deepEqual(group, [0, 0, 0, 0]);
      }
      if (identity === 1) assert.deepEqual(new Set(group), new Set([1, 2]), 'both images appear, then repeats');
    }
  }
  assert.ok(sawSingleton);
  assert.throws(() => new PKSampler(data, { identitiesPerBatch: 5, imagesPerIdentity: 2, seed: 1 }), (e: unknown) => e instanceof ArgumentError && e.message.includes('identitiesPerBatch'));
});

test('ShuffledSampler: a permutation per epoch, dropLast, in-order mode', () => {
  const sampler = new ShuffledSampler(10, { batchSize: 4, seed: 2 });
  assert.equal(sampler.batchesPerEpoch, 3);
  const epoch0 = sampler.batches(0);
  assert.deepEqual(epoch0.map((b) => b.length), [4, 4, 2]);
  assert.deepEqual(epoch0.flatMap((b) => Array.from(b)).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(epoch0.flatMap((b) => Array.from(b)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(new ShuffledSampler(10, { batchSize: 4, seed: 2 }).batches(0), epoch0);
  assert.notDeepEqual(sampler.batches(1), epoch0);
  const dropping = new ShuffledSampler(10, { batchSize: 4, seed: 2, dropLast: true });
  assert.deepEqual(dropping.batches(0).map((b) => b.length), [4, 4]);
  const ordered = new ShuffledSampler(5, { batchSize: 2, seed: 0, shuffle: false });
  assert.deepEqual(ordered.batches(7).map((b) => Array.from(b)), [[0, 1], [2, 3], [4]]);
  assert.throws(() => new ShuffledSampler(5, { batchSize: 0, seed: 0 }), ArgumentError);
});

test('PKSampler draws: an identity drawn 20 times a round is in batches about 20 times as often, P still distinct', () => {
  // 2 "digit" identities and 40 "strokes", 6 images each; the digits drawn 20 times a round.
  const data = labelled(new Array<number>(42).fill(6));
  const draws = Int32Array.from({ length: 42 }, (_, i) => (i < 2 ? 20 : 1));
  const sampler = new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 3, batchesPerEpoch: 500, draws });
  const seen = new Array<number>(42).fill(0);
  for (const batch of sampler.batches(0)) {
    const identities = [0, 1, 2, 3].map((g) => data.labels[batch[g * 2]!]!);
    assert.equal(new Set(identities).size, 4);
    for (const identity of identities) seen[identity]!++;
  }
  // A round has 2 × 20 + 40 = 80 draws, so a digit is in 20 / 80 × 4 = 1 of every batch's 4 slots: 500 of 500 ideally,
  // less the repeats deferred within a batch; a stroke in 1 / 80 × 4 × 500 = 25.
  const digitRate = (seen[0]! + seen[1]!) / 2;
  const strokeRate = seen.slice(2).reduce((a, b) => a + b, 0) / 40;
  assert.ok(digitRate > 12 * strokeRate && digitRate < 28 * strokeRate, `digit ${digitRate}, stroke ${strokeRate}`);
  assert.throws(() => new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 3, draws: new Int32Array(41).fill(1) }), /one draw count per identity \(42\) for draws but received 41/);
  assert.throws(() => new PKSampler(data, { identitiesPerBatch: 4, imagesPerIdentity: 2, seed: 3, draws: new Int32Array(42).fill(0) }), /positive integer draw count .* received 0 for id0/);
});

test('drawsForSourceShares: draws per identity ∝ share ÷ identities of its source, the rarest drawn once', () => {
  const data = labelled([5, 5, 5, 5, 5, 5, 0]); // identity 6 has no images
  // Sources: 0 → identities 0-1 (2 of them), 1 → identities 2-6 (4 with images).
  const source = Int32Array.from([0, 0, 1, 1, 1, 1, 1]);
  // Shares 0.5 / 0.5: per identity 0.25 vs 0.125, so 2 draws each for source 0, 1 for source 1.
  assert.deepEqual(Array.from(drawsForSourceShares(data, source, [0.5, 0.5])), [2, 2, 1, 1, 1, 1, 1]);
  // 0.2 / 0.8: 0.1 vs 0.2, the other way round.
  assert.deepEqual(Array.from(drawsForSourceShares(data, source, [0.2, 0.8])), [1, 1, 2, 2, 2, 2, 2]);
  assert.throws(() => drawsForSourceShares(data, source, [1]), /one share per source of the data spec \(2\) for --source-shares but received 1/);
  assert.throws(() => drawsForSourceShares(data, source, [0.5, Number.NaN]), /positive finite shares for --source-shares/);
  assert.throws(() => drawsForSourceShares(labelled([5, 5, 0]), Int32Array.from([0, 0, 1]), [0.5, 0.5]), /source 2 of the data spec has none left/);
});
