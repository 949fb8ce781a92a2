// ArcFace's centres are trained with the network and travel in checkpoints: a resumed run
// continues from them, and a run whose loss learns nothing cannot resume from one that does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStateDictFile } from '../../src/nn/state-dict-io.ts';
import { defaultRecipe, trainRun, type TrainRecipe } from '../../src/recipes/train-run.ts';

const recipe: TrainRecipe = {
  ...defaultRecipe, data: 'glyphs:star,heart,triangle', loss: 'arcface', dim: 16, epochs: 1, batchesPerEpoch: 3, p: 3, k: 4,
  validationLimit: 0, checkpointEvery: 0, augment: false,
};

async function centres(file: string): Promise<Float32Array> {
  const { state } = await loadStateDictFile(file);
  const weight = state.get('loss.weight');
  assert.ok(weight, `loss.weight in ${file}: ${[...state.keys()].filter((k) => !k.startsWith('optimizer')).slice(-3).join(', ')}`);
  assert.deepEqual(weight.shape, [3, 16]);
  const values = Float32Array.from(weight.data() as Float32Array);
  for (const t of state.values()) t.dispose();
  return values;
}

test('ArcFace centres are optimised, checkpointed and restored on resume; a triplet run cannot resume from them', { timeout: 300_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'reid-arcface-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const log: string[] = [];
  await trainRun(recipe, { out, quiet: true, log: (line) => log.push(line) });
  const first = await centres(join(out, 'checkpoints', 'last.ckpt'));
  await trainRun({ ...recipe, epochs: 2 }, { out, quiet: true, log: (line) => log.push(line) });
  assert.ok(log.some((line) => /resuming from .*last\.ckpt at epoch 2/.test(line)), log.join('\n'));
  const second = await centres(join(out, 'checkpoints', 'last.ckpt'));
  assert.ok(second.some((v, i) => v !== first[i]), 'the second epoch moved the centres');
  await assert.rejects(trainRun({ ...recipe, loss: 'triplet', epochs: 3 }, { out, quiet: true, log: () => {} }), /whose loss learns state.*--fresh/);
});
