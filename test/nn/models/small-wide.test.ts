// 'small-wide' is the glyph CNN at 48/96 channels: the same layers and state-dict names as
// 'small' (so folding, ONNX and bundles need nothing new), only wider.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbeddingNet, smallCnnBody } from '../../../src/nn/index.ts';
import { liveTensors, manualSeed, norm, rand, setNumThreads, tidy } from '../../../src/tensor/index.ts';
import { assertClose } from '../../tensor/helpers/values.ts';

setNumThreads(1);

test('EmbeddingNet small-wide: small\'s names at 48/96 channels, head over 2×96 pooled features', () => {
  const small = new EmbeddingNet({ arch: 'small' });
  const wide = new EmbeddingNet({ arch: 'small-wide' });
  assert.deepEqual(wide.namedParameters().map(([n]) => n), small.namedParameters().map(([n]) => n));
  assert.deepEqual(wide.namedBuffers().map(([n]) => n), small.namedBuffers().map(([n]) => n));
  const shapes = Object.fromEntries(wide.namedParameters().map(([n, t]) => [n, [...t.shape]]));
  assert.deepEqual(shapes['0.0.weight'], [48, 1, 3, 3]);
  assert.deepEqual(shapes['0.3.weight'], [48, 48, 3, 3]);
  assert.deepEqual(shapes['0.7.weight'], [96, 48, 3, 3]);
  assert.deepEqual(shapes['0.10.weight'], [96, 96, 3, 3]);
  assert.deepEqual(shapes['1.4.weight'], [128, 192]);
  small.dispose();
  wide.dispose();
});

test('smallCnnBody(width): default 32 is the reference body; features are twice the width', () => {
  const reference = smallCnnBody(1);
  const wide = smallCnnBody(3, 16);
  assert.equal(reference.features, 64);
  assert.equal(wide.features, 32);
  assert.deepEqual([...wide.body.namedParameters()[0]![1].shape], [16, 3, 3, 3]);
  reference.body.dispose();
  wide.body.dispose();
});

test('EmbeddingNet small-wide maps (N,1,28,28) to unit-length embeddings without leaking', () => {
  manualSeed(0);
  const net = new EmbeddingNet({ arch: 'small-wide', dim: 16 });
  const before = liveTensors();
  tidy(() => {
    const y = net.forward(rand([3, 1, 28, 28]));
    assert.deepEqual([...y.shape], [3, 16]);
    assertClose(norm(y, { dim: 1 }), [1, 1, 1], 1e-5);
  });
  assert.equal(liveTensors(), before);
  net.dispose();
});
