// float16 tensors: half bit patterns in and out, conversion to and from float32.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor } from '../../src/tensor/index.ts';

test('float16 holds half bit patterns and converts to and from float32', () => {
  const half = tensor(Float32Array.from([1, 0.5, -2, 65504, 1 / 3]), [5]).to('float16');
  assert.equal(half.dtype, 'float16');
  const bits = half.data<'float16'>();
  assert.ok(bits instanceof Uint16Array);
  assert.deepEqual(Array.from(bits.subarray(0, 4)), [0x3c00, 0x3800, 0xc000, 0x7bff]);
  const back = tensor(bits, [5], { dtype: 'float16' }).to('float32').data<'float32'>();
  assert.deepEqual(Array.from(back.subarray(0, 4)), [1, 0.5, -2, 65504]);
  assert.ok(Math.abs(back[4]! - 1 / 3) < 1e-3);
  assert.throws(() => tensor([1, 2], [2], { dtype: 'float16' }), /Uint16Array of half bit patterns/);
});
