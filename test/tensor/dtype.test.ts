import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, tidy, zeros } from '../../src/tensor/index.ts';
import { bytesPerElement, dtypeCode, dtypeFromCode, dtypeOfArray, type DType } from '../../src/tensor/dtype.ts';

test('every dtype round-trips through its TypedArray unchanged', () => tidy(() => {
  const cases: [DType, ArrayBufferView, new (...args: never[]) => ArrayBufferView][] = [
    ['float32', new Float32Array([1.5, -0, Number.NaN, Infinity, 3.4e38, 1e-45]), Float32Array],
    ['float64', new Float64Array([Math.PI, -1e300, 5e-324, Number.NaN]), Float64Array],
    ['int64', new BigInt64Array([-(2n ** 63n), 2n ** 62n + 1n, 0n, -1n]), BigInt64Array],
    ['int32', new Int32Array([-(2 ** 31), 2 ** 31 - 1, 0, 7]), Int32Array],
    ['uint8', new Uint8Array([0, 1, 128, 255]), Uint8Array],
    ['bool', new Uint8Array([1, 0, 0, 1]), Uint8Array],
  ];
  for (const [dtype, data, kind] of cases) {
    const t = tensor(data, undefined, { dtype });
    assert.equal(t.dtype, dtype);
    const back = t.data();
    assert.ok(back instanceof kind, `${dtype} reads back as ${kind.name}`);
    assert.deepEqual(new Uint8Array(back.buffer, back.byteOffset, back.byteLength), new Uint8Array(data.buffer, data.byteOffset, data.byteLength), `${dtype} bytes`);
  }
}));

test('a TypedArray view with an offset is read from its own window', () => tidy(() => {
  const whole = new Float32Array([9, 1, 2, 3, 9]);
  assert.deepEqual([...tensor(whole.subarray(1, 4)).data()], [1, 2, 3]);
}));

test('to() converts dtypes as PyTorch does (truncation toward zero, bool is nonzero)', () => tidy(() => {
  const x = tensor([-1.7, 0, 0.4, 2.9]);
  assert.deepEqual([...x.to('int32').data()], [-1, 0, 0, 2]);
  assert.deepEqual([...x.to('bool').data()], [1, 0, 1, 1]);
  assert.deepEqual([...x.to('int64').data()], [-1n, 0n, 0n, 2n]);
  assert.equal(x.to('float64').dtype, 'float64');
  assert.equal(x.to('cpu').dtype, 'float32');
}));

test('item() reads bool, int64 and float scalars as numbers', () => tidy(() => {
  assert.equal(tensor([1], [], { dtype: 'bool' }).item(), 1);
  assert.equal(tensor([-(2 ** 40)], [], { dtype: 'int64' }).item(), -(2 ** 40));
  assert.equal(tensor([0.25], []).item(), 0.25);
}));

test('dtype codes and sizes agree with the native layer', () => tidy(() => {
  const all: DType[] = ['float32', 'float64', 'int64', 'int32', 'uint8', 'bool', 'float16'];
  for (const d of all) {
    assert.equal(dtypeFromCode(dtypeCode(d)), d);
    assert.equal(zeros([1], { dtype: d }).dtype, d);
    assert.equal(zeros([3], { dtype: d }).data().byteLength, 3 * bytesPerElement(d));
  }
  assert.throws(() => dtypeCode('bfloat16' as DType), TypeError);
  assert.throws(() => dtypeOfArray(new Int16Array(2)), TypeError);
}));
