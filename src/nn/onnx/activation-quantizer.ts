// Where the int8 graph quantizes, and how: a "tap" is every convolution's output (after its ReLU),
// every residual sum and, for colour input, the normalised pixels. Measuring ranges and quantizing
// walk the same steps in the same order, so range i always belongs to tap i. A convolution whose
// input is quantized runs int8 (ONNX Runtime fuses DequantizeLinear → Conv → QuantizeLinear into
// QLinearConv, on VNNI where the CPU has it).
import { ArgumentError } from '../../util/errors.ts';
import type { InferencePlan, InferenceStep } from '../inference/inference-plan.ts';
import { int32Biases, int8Weights, uint8Params, type ActivationRange, type Uint8Params } from './int8-params.ts';
import type { OnnxGraph } from './onnx-graph.ts';

/** How planToOnnx treats activations. */
export type OnnxPrecision =
  | { kind: 'float32' }
  /** float32, with every tap also a graph output (after the embeddings), to measure ranges. */
  | { kind: 'taps' }
  /** uint8 activations over these ranges (one per tap), int8 weights. */
  | { kind: 'int8'; activations: readonly ActivationRange[] };

/**
 * Whether the first convolution runs int8 on quantized pixels. Measured on 2 cores
 * (onnxruntime-node 1.30, ORT's profiler): on one grey channel its int8 kernel took 3× the float
 * one's time (the small CNN's 3×3×1 stem), while the photo stem on three channels in float left its
 * max-pool in ORT's slow plain layout (a whole batch: 181 ms float, 193 ms with a float stem, 107 ms int8 throughout).
 */
export function quantizesInput(plan: InferencePlan): boolean {
  return plan.inChannels >= 3;
}

/** Number of taps in `plan` (the length `{kind: 'int8'}` needs). */
export function activationTapCount(plan: InferencePlan): number {
  return (quantizesInput(plan) ? 1 : 0) + stepTaps(plan.steps);
}

function stepTaps(steps: readonly InferenceStep[]): number {
  return steps.reduce((n, s) => n + (s.kind === 'conv' ? 1 : s.kind === 'residual' ? stepTaps(s.main) + stepTaps(s.shortcut) + 1 : 0), 0);
}

type ConvStep = Extract<InferenceStep, { kind: 'conv' }>;

export class ActivationQuantizer {
  /** In 'taps' mode, the tapped values in order. */
  readonly taps: string[] = [];
  readonly #params = new Map<string, Uint8Params>();
  #next = 0;

  constructor(readonly precision: OnnxPrecision) {}

  /** A convolution's or residual sum's output `x`, ReLU'd when `relu`; returns what later steps read. */
  activation(g: OnnxGraph, x: string, relu: boolean): string {
    if (this.precision.kind !== 'int8') {
      const y = relu ? g.node('Relu', [x]) : x;
      if (this.precision.kind === 'taps') this.taps.push(y);
      return y;
    }
    const at = this.#next++;
    const range = this.precision.activations[at];
    if (!range) throw new ArgumentError(`planToOnnx: expected a range for activation tap ${at} but received ${this.precision.activations.length} ranges`);
    const params = uint8Params(range, `planToOnnx: activation tap ${at}`);
    // After a ReLU the range starts at 0, so the zero point is 0 and QuantizeLinear's clamp is the ReLU.
    return this.quantize(g, relu && params.zeroPoint !== 0 ? g.node('Relu', [x]) : x, params);
  }

  /** A max-pool keeps its input's quantization (max commutes with a monotone map): uint8 in, uint8 out. */
  keepQuantization(g: OnnxGraph, input: string, output: string): string {
    const params = this.#params.get(input);
    return params ? this.quantize(g, output, params) : output;
  }


  /** The convolution of `step` on x, before its ReLU: int8 weights when x is quantized. */
  conv(g: OnnxGraph, x: string, step: ConvStep): string {
    const shape = step.weight.shape as [number, number, number, number];
    const [o, , kh, kw] = shape;
    const attributes = {
      kernel_shape: [kh, kw], strides: step.stride, pads: [step.padding[0], step.padding[1], step.padding[0], step.padding[1]],
      dilations: step.dilation, group: step.groups,
    };
    const input = this.#params.get(x);
    if (!input) return g.node('Conv', [x, g.constant('conv_w', step.weight.data, shape), g.constant('conv_b', step.bias, [o])], attributes);
    const weights = int8Weights(step.weight.data, o);
    const w = g.node('DequantizeLinear', [g.integers('conv_wq', weights.values, shape), g.constant('conv_ws', weights.scales, [o]), g.integers('conv_wz', new Int8Array(o), [o])], { axis: 0 });
    const biases = int32Biases(step.bias, input.scale, weights.scales);
    const b = g.node('DequantizeLinear', [g.integers('conv_bq', biases.values, [o]), g.constant('conv_bs', biases.scales, [o]), g.integers('conv_bz', new Int32Array(o), [o])], { axis: 0 });
    return g.node('Conv', [x, w, b], attributes);
  }

  /** QuantizeLinear → DequantizeLinear: the float value later steps read, known to be on `params`' grid. */
  private quantize(g: OnnxGraph, x: string, params: Uint8Params): string {
    const scale = g.constant('q_scale', Float32Array.of(params.scale), []);
    const zero = g.integers('q_zero', Uint8Array.of(params.zeroPoint), []);
    const y = g.node('DequantizeLinear', [g.node('QuantizeLinear', [x, scale, zero]), scale, zero]);
    this.#params.set(y, params);
    return y;
  }
}
