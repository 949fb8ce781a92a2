import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddingNet, safetensorsToStateDict, stateDictToSafetensors } from '../../../src/nn/index.ts';
import { liveTensors, manualSeed, noGrad, norm, rand, setNumThreads, tensor, tidy } from '../../../src/tensor/index.ts';
import { ArgumentError } from '../../../src/util/errors.ts';
import { decodeSafetensors, encodeSafetensors, loadSafetensors } from '../../../src/util/safetensors.ts';
import { assertClose } from '../../tensor/helpers/values.ts';
import { halfToFloat, upcastHalves } from '../helpers.ts';

setNumThreads(1); // small batches: the thread hand-off costs more than it saves on a busy machine

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'torch-embedding-net.safetensors');

test('EmbeddingNet small: parameter and buffer names are PyTorch\'s nn.Sequential(body, head) names', () => {
  const net = new EmbeddingNet({ arch: 'small' });
  const conv = ['0.0', '0.3', '0.7', '0.10'];
  const bn2d = ['0.1', '0.4', '0.8', '0.11'];
  assert.deepEqual(net.namedParameters().map(([n]) => n), [
    ...conv.flatMap((c, i) => [`${c}.weight`, `${bn2d[i]}.weight`, `${bn2d[i]}.bias`]),
    '1.2.weight', '1.2.bias', '1.4.weight',
  ]);
  assert.deepEqual(net.namedBuffers().map(([n]) => n), [...bn2d, '1.2'].flatMap((b) => [`${b}.running_mean`, `${b}.running_var`, `${b}.num_batches_tracked`]));
  const shapes = Object.fromEntries(net.namedParameters().map(([n, t]) => [n, [...t.shape]]));
  assert.deepEqual(shapes['0.0.weight'], [32, 1, 3, 3]);
  assert.deepEqual(shapes['0.10.weight'], [64, 64, 3, 3]);
  assert.deepEqual(shapes['1.4.weight'], [128, 128]);
  net.dispose();
});

test('EmbeddingNet small maps (N,1,28,28) to unit-length (N,dim) embeddings without leaking', () => {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'small', dim: 16 });
  const before = liveTensors();
  tidy(() => {
    const y = net.forward(rand([3, 1, 28, 28]));
    assert.deepEqual([...y.shape], [3, 16]);
    assertClose(norm(y, { dim: 1 }), [1, 1, 1], 1e-5);
    net.eval();
    assert.deepEqual([...noGrad(() => net.forward(rand([2, 1, 20, 20]))).shape], [2, 16]); // any input size
  });
  assert.equal(liveTensors(), before);
  net.dispose();
  assert.throws(() => new EmbeddingNet({ arch: 'small', dim: 1 }), ArgumentError);
  assert.throws(() => new EmbeddingNet({ arch: 'vgg' as never }), ArgumentError);
});

test('weights written by PyTorch load into reid\'s EmbeddingNet and give PyTorch\'s outputs (1e-5)', async () => {
  const file = await loadSafetensors(fixture);
  const { 'test.input': input, 'test.output': output, ...weights } = file.tensors;
  assert.ok(input && output && input.dtype === 'F32' && output.dtype === 'F32');
  assert.match(file.metadata.model ?? '', /arch=small dim=32/);
  const state = safetensorsToStateDict(upcastHalves(weights), fixture);
  const net = new EmbeddingNet({ arch: 'small', dim: 32 });
  net.loadStateDict(state); // strict: every name matches PyTorch's
  assert.equal(state.get('0.1.num_batches_tracked')!.item(), 3);
  net.eval();
  tidy(() => {
    const y = noGrad(() => net.forward(tensor(input.data, input.shape)));
    assert.deepEqual([...y.shape], output.shape);
    assertClose(y, output.data, 1e-5, 'reid vs PyTorch');
  });
  for (const t of state.values()) t.dispose();
  net.dispose();
});

test('reid\'s state dict has exactly the names, shapes and dtypes PyTorch\'s load_state_dict expects', async () => {
  const pytorch = (await loadSafetensors(fixture)).tensors;
  const net = new EmbeddingNet({ arch: 'small', dim: 32 });
  const ours = decodeSafetensors(encodeSafetensors(stateDictToSafetensors(net.stateDict()))).tensors;
  const theirs = Object.keys(pytorch).filter((k) => !k.startsWith('test.'));
  assert.deepEqual(Object.keys(ours).sort(), theirs.sort());
  for (const name of theirs) {
    assert.deepEqual(ours[name]!.shape, pytorch[name]!.shape, name);
    const expectedDtype = pytorch[name]!.dtype === 'F16' ? 'F32' : pytorch[name]!.dtype; // fixture stores big weights as F16
    assert.equal(ours[name]!.dtype, expectedDtype, name);
  }
  net.dispose();
});

test('halfToFloat decodes normal, subnormal and special halves', () => {
  const v = halfToFloat(new Uint16Array([0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0x7c00, 0xfc00, 0x0000, 0x8000]));
  assert.deepEqual([...v.slice(0, 2)], [1, -2]);
  assert.equal(v[2], Math.fround(0.333251953125));
  assert.equal(v[3], 2 ** -24);
  assert.deepEqual([...v.slice(4, 7)], [65504, Infinity, -Infinity]);
  assert.ok(Object.is(v[8], -0));
  assert.ok(Number.isNaN(halfToFloat(new Uint16Array([0x7e00]))[0]));
});
