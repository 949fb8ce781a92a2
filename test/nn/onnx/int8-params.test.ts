// ONNX linear quantization parameters against hand-worked values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int32Biases, int8Weights, uint8Params } from '../../../src/nn/onnx/index.ts';
import { ArgumentError } from '../../../src/util/errors.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-7, `${a} vs ${b}`);

test('uint8Params: a post-ReLU range has zero point 0; a signed range puts 0 on the grid; the range always contains 0', () => {
  const relu = uint8Params({ min: 0, max: 2.55 });
  close(relu.scale, 0.01);
  assert.equal(relu.zeroPoint, 0);
  // [-1, 1.55]: 2.55 / 255 = 0.01 a step, 0 sits 100 steps up.
  const signed = uint8Params({ min: -1, max: 1.55 });
  close(signed.scale, 0.01);
  assert.equal(signed.zeroPoint, 100);
  // [0.5, 2.55] widens to [0, 2.55]; [-2.55, -1] to [-2.55, 0] (zero point 255).
  assert.equal(uint8Params({ min: 0.5, max: 2.55 }).zeroPoint, 0);
  assert.equal(uint8Params({ min: -2.55, max: -1 }).zeroPoint, 255);
  // A tensor that is 0 everywhere still gets a usable scale.
  assert.deepEqual(uint8Params({ min: 0, max: 0 }), { scale: 1, zeroPoint: 0 });
});

test('uint8Params refuses a range that is not finite or is upside down, naming the tap', () => {
  assert.throws(() => uint8Params({ min: 0, max: Number.NaN }, 'planToOnnx: activation tap 2'), (e: Error) => e instanceof ArgumentError && /activation tap 2: expected a finite range/.test(e.message));
  assert.throws(() => uint8Params({ min: 1, max: 0 }), ArgumentError);
  assert.throws(() => uint8Params({ min: -Infinity, max: 0 }), ArgumentError);
});

test('int8Weights: symmetric per output channel, the peak at ±127', () => {
  // Channel 0: [0.5, -1] → scale 1/127, values [round(63.5) = 64, -127].
  // Channel 1: [0.25, 0.127] → scale 0.25/127, values [127, round(64.516) = 65].
  // Channel 2: all zero → scale 1, values 0.
  const { values, scales } = int8Weights(Float32Array.of(0.5, -1, 0.25, 0.127, 0, 0), 3);
  assert.deepEqual([...values], [64, -127, 127, 65, 0, 0]);
  close(scales[0]!, 1 / 127);
  close(scales[1]!, 0.25 / 127);
  assert.equal(scales[2], 1);
  assert.throws(() => int8Weights(new Float32Array(5), 2), ArgumentError);
});

test('int32Biases: at input scale × weight scale per channel', () => {
  // Input scale 0.1, weight scales [0.02, 0.5]: bias scales [0.002, 0.05]; 0.0131 / 0.002 = 6.55 → 7, -0.26 / 0.05 = -5.2 → -5.
  const { values, scales } = int32Biases(Float32Array.of(0.0131, -0.26), 0.1, Float32Array.of(0.02, 0.5));
  assert.deepEqual([...values], [7, -5]);
  close(scales[0]!, 0.002);
  close(scales[1]!, 0.05);
});
