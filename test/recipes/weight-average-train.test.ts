// trainRun with averageDecay: the bundle holds the weights' running average (not the raw weights it
// checkpoints beside it), the recipe says so, a resumed run keeps the average, and a run without
// averaging cannot resume from one with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStateDictFile } from '../../src/nn/state-dict-io.ts';
import { defaultRecipe, trainRun, type TrainRecipe } from '../../src/recipes/train-run.ts';

const recipe: TrainRecipe = {
  ...defaultRecipe, data: 'glyphs:star,heart,triangle', dim: 16, epochs: 1, batchesPerEpoch: 4, p: 3, k: 4,
  validationLimit: 0, checkpointEvery: 0, augment: false, averageDecay: 0.9,
};

async function tensors(file: string, prefix: string): Promise<Map<string, Float32Array>> {
  const { state } = await loadStateDictFile(file);
  const out = new Map([...state].filter(([name, t]) => name.startsWith(prefix) && t.dtype === 'float32').map(([name, t]) => [name.slice(prefix.length), Float32Array.from(t.data() as Float32Array)]));
  for (const t of state.values()) t.dispose();
  return out;
}
const same = (a: Map<string, Float32Array>, b: Map<string, Float32Array>) => a.size === b.size && [...a].every(([name, v]) => b.get(name)?.every((x, i) => x === v[i]));

test('a run that averages its weights ships the average, resumes with it, and refuses a resume without it', { timeout: 300_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'reid-average-run-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const log: string[] = [];
  await trainRun(recipe, { out, quiet: true, log: (line) => log.push(line) });
  const result = await trainRun({ ...recipe, epochs: 2 }, { out, quiet: true, log: (line) => log.push(line) });
  assert.ok(log.some((line) => /resuming from .*last\.ckpt at epoch 2/.test(line)), log.join('\n'));
  result.model.dispose();

  const bundle = await tensors(join(out, 'model.safetensors'), '');
  const checkpoint = join(out, 'checkpoints', 'last.ckpt');
  const average = await tensors(checkpoint, 'average.');
  const raw = await tensors(checkpoint, 'model.');
  assert.ok(bundle.size > 0);
  assert.ok(same(bundle, average), 'the bundle holds the average checkpointed beside the raw weights');
  assert.ok(!same(bundle, raw), 'and not the raw weights');
  assert.equal((JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { recipe: TrainRecipe }).recipe.averageDecay, 0.9);

  const { averageDecay: _, ...plain } = recipe;
  await assert.rejects(trainRun({ ...plain, epochs: 3 }, { out, quiet: true, log: () => {} }), /that averaged its weights, unlike this one.*--fresh/);
});
