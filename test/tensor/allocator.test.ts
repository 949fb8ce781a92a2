// The caching CPU allocator (native/src/allocator.cc): training gives the same bits as with
// libtorch's own allocator, and a steady training loop reuses its blocks instead of mapping
// (and faulting in) new ones, with resident memory flat.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchNorm2d, Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../../src/nn/index.ts';
import { allocatorStats, liveTensors, manualSeed, releaseMemory } from '../../src/tensor/index.ts';
import type { AllocatorStats } from '../../src/binding/index.ts';
import { collect, trainingLoop } from '../helpers/steady-training.ts';

const helper = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'allocator-training.ts');

function train(cacheMb: string): { bits: string[]; stats: AllocatorStats } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', helper, '4'], {
    encoding: 'utf8',
    env: { ...process.env, REID_CPU_CACHE_MB: cacheMb },
  });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { bits: string[]; stats: AllocatorStats };
}

test('training losses are bit-identical with the caching allocator and with libtorch\'s (REID_CPU_CACHE_MB=0)', () => {
  const cached = train('1024');
  const plain = train('0');
  assert.equal(cached.stats.caching, true);
  assert.ok(cached.stats.hits > 0, `hits ${cached.stats.hits}`);
  assert.equal(plain.stats.caching, false);
  assert.equal(cached.bits.length, 4);
  assert.deepEqual(cached.bits, plain.bits);
});

test('100 steady training steps map no new blocks, keep the tensor count, and RSS grows under 20 MB', async () => {
  manualSeed(3);
  // Batch 8 at 28×28 with 8 channels: 200 KB activations, above the 128 KiB caching floor.
  const model = new Sequential(
    new Conv2d(1, 8, 3, { padding: 1 }), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 14 * 14, 4),
  );
  const { step, dispose } = trainingLoop(model, [8, 1, 28, 28], 4);
  for (let i = 0; i < 5; i++) step();
  await collect();
  const before = allocatorStats();
  const tensors = liveTensors();
  const rss = process.memoryUsage().rss;
  for (let i = 1; i <= 100; i++) {
    step();
    if (i % 50 === 0) await nextTurn();
  }
  await collect();
  const after = allocatorStats();
  const grown = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.equal(after.misses, before.misses, 'blocks mapped after warm-up');
  assert.ok(after.hits > before.hits, 'blocks reused');
  assert.equal(after.liveBytes + after.cachedBytes, before.liveBytes + before.cachedBytes, 'bytes held by the allocator');
  assert.equal(liveTensors(), tensors, 'live tensors');
  assert.ok(grown < 20, `RSS grew ${grown.toFixed(1)} MB`);
  dispose();
  model.dispose();
  assert.ok(releaseMemory() > 0, 'cached blocks handed back');
  assert.equal(allocatorStats().cachedBytes, 0);
});
