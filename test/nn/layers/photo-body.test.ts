// The photo network: EmbeddingNet arch 'photo' (strided stem + one basic block per stage) maps RGB
// photographs of 96-224 px to unit-length embeddings, with a fixed, documented parameter count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddingNet, photoBody } from '../../../src/nn/index.ts';
import { liveTensors, manualSeed, noGrad, norm, rand, setNumThreads, tidy } from '../../../src/tensor/index.ts';
import { assertClose } from '../../tensor/helpers/values.ts';

setNumThreads(1);

const count = (net: { parameters(): { numel: number }[] }): number => net.parameters().reduce((n, p) => n + p.numel, 0);

/** Parameters of a BasicBlock from i to o channels (two 3×3 convs, two BNs, a 1×1 downsample + BN when the shape changes). */
const basicBlock = (i: number, o: number): number => 9 * i * o + 9 * o * o + 4 * o + (i === o ? 0 : i * o + 2 * o);

test('the photo body: stem conv 3×3/2 (32) and one basic block per stage (32, 64, 128, 256); its parameter count is the formula\'s', () => {
  const { body, features } = photoBody({ inChannels: 3 });
  assert.equal(features, 256);
  const stem = 9 * 3 * 32 + 2 * 32;
  assert.equal(count(body), stem + basicBlock(32, 32) + basicBlock(32, 64) + basicBlock(64, 128) + basicBlock(128, 256));
  const names = body.namedParameters().map(([n]) => n);
  assert.deepEqual(names.slice(0, 3), ['0.weight', '1.weight', '1.bias']);
  assert.ok(names.includes('7.0.downsample.0.weight'), names.join(', '));
  body.dispose();
  // With the head (concat pool → BN1d(512) → Linear(512, dim)): 1,292,960 parameters at dim 128.
  const net = new EmbeddingNet({ arch: 'photo', dim: 128, inChannels: 3 });
  assert.equal(count(net), 1_292_960);
  net.dispose();
});

test('EmbeddingNet photo maps (N,3,H,W) photographs of 96 to 224 px to unit-length (N,dim) embeddings without leaking', () => {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'photo', dim: 16, inChannels: 3 });
  const before = liveTensors();
  tidy(() => {
    const y = net.forward(rand([2, 3, 96, 96]));
    assert.deepEqual([...y.shape], [2, 16]);
    assertClose(norm(y, { dim: 1 }), [1, 1], 1e-5);
    net.eval();
    const wide = noGrad(() => net.forward(rand([1, 3, 224, 160])));
    assert.deepEqual([...wide.shape], [1, 16]);
    assertClose(norm(wide, { dim: 1 }), [1], 1e-5);
  });
  assert.equal(liveTensors(), before);
  net.dispose();
});
