import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EmbeddingNet, loadStateDictFile, safetensorsToStateDict, saveStateDict, stateDictToSafetensors,
} from '../../src/nn/index.ts';
import { liveTensors, manualSeed, noGrad, rand, setNumThreads, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { values } from '../tensor/helpers/values.ts';

setNumThreads(1);

test('stateDict → safetensors file → loadStateDict gives a model with identical outputs', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-state-'));
  try {
    manualSeed(1);
    const a = new EmbeddingNet({ arch: 'small', dim: 8 });
    // move the BatchNorm running statistics away from their defaults first
    tidy(() => a.forward(rand([4, 1, 12, 12])));
    a.eval();
    const path = join(dir, 'model.safetensors');
    await saveStateDict(path, a.stateDict(), { arch: 'small' });
    manualSeed(2);
    const b = new EmbeddingNet({ arch: 'small', dim: 8 });
    b.eval();
    const { state, metadata } = await loadStateDictFile(path);
    assert.deepEqual(metadata, { arch: 'small' });
    b.loadStateDict(state);
    for (const t of state.values()) t.dispose();
    for (const [name, t] of a.stateDict()) assert.deepEqual(values(b.stateDict().get(name)!), values(t), name);
    tidy(() => {
      const x = rand([3, 1, 12, 12]);
      assert.deepEqual(values(noGrad(() => b.forward(x))), values(noGrad(() => a.forward(x))));
    });
    a.dispose();
    b.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every reid dtype survives the safetensors round trip', () => {
  const before = liveTensors();
  const state = new Map<string, Tensor>([
    ['f32', tensor([1.5, -2])],
    ['f64', tensor([Math.PI], [1, 1], { dtype: 'float64' })],
    ['i64', tensor([2 ** 40, -3], undefined, { dtype: 'int64' })],
    ['i32', tensor(new Int32Array([-7]))],
    ['u8', tensor(new Uint8Array([255]))],
    ['b', tensor([1, 0], undefined, { dtype: 'bool' })],
    ['scalar', tensor([3], [])],
  ]);
  const entries = stateDictToSafetensors(state);
  assert.deepEqual(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.dtype])), { f32: 'F32', f64: 'F64', i64: 'I64', i32: 'I32', u8: 'U8', b: 'BOOL', scalar: 'F32' });
  const back = safetensorsToStateDict(entries);
  for (const [name, t] of state) {
    const u = back.get(name)!;
    assert.equal(u.dtype, t.dtype, name);
    assert.deepEqual([...u.shape], [...t.shape], name);
    assert.deepEqual(values(u), values(t), name);
  }
  for (const t of [...state.values(), ...back.values()]) t.dispose();
  assert.equal(liveTensors(), before);
});

test('a dtype reid cannot hold is a DataError naming the tensor', () => {
  assert.throws(() => safetensorsToStateDict({ w: { dtype: 'I16', shape: [1], data: new Int16Array([1]) } }, 'x.safetensors'),
    (e: unknown) => e instanceof DataError && /I16/.test(e.message) && /\bw\b/.test(e.message));
});
