import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { composeAugmentations } from '../../src/data/augment/compose-augmentations.ts';
import { BatchLoader, type Batch } from '../../src/data/batch-loader.ts';
import type { ImageDataset } from '../../src/data/dataset.ts';
import { InMemoryDataset } from '../../src/data/in-memory-dataset.ts';
import { loadMnist } from '../../src/data/mnist.ts';
import { PKSampler } from '../../src/data/samplers/pk-sampler.ts';
import { ShuffledSampler } from '../../src/data/samplers/shuffled-sampler.ts';

/** n RGB 2×2 images; pixel value = (index·13 + position·7) mod 256. */
function rgb(n: number): InMemoryDataset {
  const pixels = Uint8Array.from({ length: n * 12 }, (_, i) => (Math.floor(i / 12) * 13 + (i % 12) * 7) % 256);
  return new InMemoryDataset({ name: 'rgb', channels: 3, height: 2, width: 2, pixels, labels: Int32Array.from({ length: n }, (_, i) => i % 3), identities: ['a', 'b', 'c'] });
}

async function collect(loader: BatchLoader, epoch: number): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of loader.batches(epoch)) out.push(batch);
  return out;
}

test('batches hold normalised pixels (per channel), labels and indices', async () => {
  const dataset = rgb(6);
  const mean = [0.5, 0.25, 0.1];
  const std = [0.5, 0.2, 0.3];
  const loader = new BatchLoader(dataset, { sampler: new ShuffledSampler(6, { batchSize: 4, seed: 0, shuffle: false }), mean, std });
  const batches = await collect(loader, 0);
  assert.deepEqual(batches.map((b) => b.pixels.length), [4 * 12, 2 * 12]);
  assert.deepEqual(Array.from(batches[1]!.indices), [4, 5]);
  assert.deepEqual(Array.from(batches[1]!.labels), [1, 2]);
  for (const batch of batches) {
    batch.indices.forEach((index, n) => {
      const source = dataset.readSync(index);
      for (let c = 0; c < 3; c++) {
        for (let p = 0; p < 4; p++) {
          const expected = (source[c * 4 + p]! / 255 - mean[c]!) / std[c]!;
          assert.ok(Math.abs(batch.pixels[n * 12 + c * 4 + p]! - expected) < 1e-5);
        }
      }
    });
  }
  assert.throws(() => new BatchLoader(dataset, { sampler: new ShuffledSampler(6, { batchSize: 2, seed: 0 }), mean: [0.5], std: [0.5] }), ArgumentError);
});

test('augmented batches are deterministic per seed, whatever the prefetch depth', async () => {
  const dataset = rgb(12);
  const make = (seed: number, prefetch: number): BatchLoader =>
    new BatchLoader(dataset, {
      sampler: new ShuffledSampler(12, { batchSize: 5, seed: 1 }),
      mean: [0, 0, 0],
      std: [1, 1, 1],
      augment: composeAugmentations([{ kind: 'affine', degrees: 30, translate: [0.2, 0.2] }, { kind: 'colourJitter', brightness: 0.3 }]),
      seed,
      prefetch,
    });
  const reference = await collect(make(7, 1), 2);
  assert.deepEqual(await collect(make(7, 4), 2), reference);
  assert.deepEqual(await collect(make(7, 2), 2), reference);
  assert.notDeepEqual((await collect(make(8, 2), 2)).map((b) => b.pixels), reference.map((b) => b.pixels));
  assert.ok(reference.every((b) => b.pixels.every((v) => v >= 0 && v <= 1)));
});

test('the next batches are read while the consumer works; read errors surface', async () => {
  const base = rgb(8);
  const log: string[] = [];
  const slow: ImageDataset = {
    name: 'slow', channels: 3, height: 2, width: 2, length: 8, labels: base.labels, identities: base.identities,
    source: (i) => base.source(i),
    read: async (i) => {
      log.push(`read ${i}`);
      if (i === 7) throw new DataError('slow: image 7 is broken');
      return base.readSync(i);
    },
  };
  const loader = new BatchLoader(slow, { sampler: new ShuffledSampler(8, { batchSize: 2, seed: 0, shuffle: false }), mean: [0, 0, 0], std: [1, 1, 1], prefetch: 2 });
  const seen: number[] = [];
  await assert.rejects(async () => {
    for await (const batch of loader.batches(0)) {
      seen.push(batch.batchIndex);
      if (batch.batchIndex === 0) {
        log.push('consumer starts batch 0');
        await new Promise((resolve) => setTimeout(resolve, 30));
        log.push('consumer ends batch 0');
      }
    }
  }, (e: unknown) => e instanceof DataError && e.message.includes('image 7'));
  assert.deepEqual(seen, [0, 1, 2]);
  const during = log.slice(log.indexOf('consumer starts batch 0'), log.indexOf('consumer ends batch 0'));
  assert.ok(during.includes('read 4'), `batch 2 was read during batch 0: ${log.join(' | ')}`);
});

test('MNIST with a P×K sampler and augmentation: shapes and labels', async () => {
  const { train } = await loadMnist();
  const sampler = new PKSampler(train, { identitiesPerBatch: 10, imagesPerIdentity: 4, seed: 1, batchesPerEpoch: 3 });
  const loader = new BatchLoader(train, { sampler, mean: [0.1307], std: [0.3081], augment: composeAugmentations([{ kind: 'affine', degrees: 10 }]), seed: 2 });
  const batches = await collect(loader, 0);
  assert.equal(batches.length, 3);
  for (const batch of batches) {
    assert.equal(batch.pixels.length, 40 * 784);
    assert.equal(new Set(batch.labels).size, 10);
    batch.indices.forEach((index, n) => assert.equal(batch.labels[n], train.labels[index]));
    // Background (0) normalises to −mean/std.
    assert.ok(Math.abs(batch.pixels[0]! + 0.1307 / 0.3081) < 1e-5);
  }
});
