// ONNX's linear quantization, as the int8 graph uses it: QuantizeLinear y = sat(round(x / scale) + zp)
// and DequantizeLinear x = (y − zp)·scale. Activations are uint8 over a measured range that contains 0
// (so a ReLU's zero and the convolutions' zero padding are exact), weights symmetric int8 per output
// channel, biases int32 at input scale × weight scale: the u8·s8 layout VNNI multiplies fastest.
import { ArgumentError } from '../../util/errors.ts';

/** The range of one activation tensor over calibration images. */
export interface ActivationRange {
  min: number;
  max: number;
}

/** uint8 quantization of one tensor. */
export interface Uint8Params {
  scale: number;
  zeroPoint: number;
}

/** uint8 scale and zero point covering `range` (widened to contain 0). */
export function uint8Params(range: ActivationRange, where = 'uint8Params'): Uint8Params {
  if (!Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min > range.max) {
    throw new ArgumentError(`${where}: expected a finite range with min ≤ max but received [${range.min}, ${range.max}]`);
  }
  const lo = Math.min(0, range.min);
  const hi = Math.max(0, range.max);
  // A tensor that is 0 everywhere still needs a positive scale.
  const scale = hi > lo ? Math.fround((hi - lo) / 255) : 1;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-lo / scale))) };
}

/** Per-output-channel symmetric int8 weights (dim 0 is the output channel). */
export function int8Weights(weights: Float32Array, outChannels: number): { values: Int8Array; scales: Float32Array } {
  if (outChannels < 1 || weights.length % outChannels !== 0) {
    throw new ArgumentError(`int8Weights: expected a weight count divisible by ${outChannels} output channels but received ${weights.length}`);
  }
  const per = weights.length / outChannels;
  const values = new Int8Array(weights.length);
  const scales = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    let peak = 0;
    for (let i = o * per; i < (o + 1) * per; i++) peak = Math.max(peak, Math.abs(weights[i]!));
    const scale = peak > 0 ? Math.fround(peak / 127) : 1;
    scales[o] = scale;
    for (let i = o * per; i < (o + 1) * per; i++) values[i] = Math.max(-127, Math.min(127, Math.round(weights[i]! / scale)));
  }
  return { values, scales };
}

/** int32 biases at scale inputScale × weightScales[o], as QLinearConv adds them to its accumulators. */
export function int32Biases(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  const scales = Float32Array.from(weightScales, (s) => inputScale * s);
  const values = Int32Array.from(bias, (b, o) => Math.round(b / scales[o]!));
  return { values, scales };
}
