// An InferencePlan as an ONNX graph: uint8 or float pixels in (N×C×H×W, dynamic N), the model's
// (x/255 − mean)/std inside the graph, L2-normalised embeddings out. BatchNorm arrives folded
// into Conv/Gemm weights; a BatchNorm left over is a Mul and an Add (exact, unlike
// BatchNormalization with a made-up variance). Dropout is not in the plan at all.
import { ArgumentError } from '../../util/errors.ts';
import type { InferencePlan, InferenceStep } from '../inference/inference-plan.ts';
import { ActivationQuantizer, activationTapCount, quantizesInput, type OnnxPrecision } from './activation-quantizer.ts';
import { encodeModel, OnnxGraph, type ModelMetadata } from './onnx-graph.ts';

export interface OnnxInput {
  /**
   * uint8: raw planar pixels 0–255, normalised in the graph (what a browser or phone has);
   * float32: already normalised input, as reid's libtorch path takes it.
   */
  kind: 'uint8' | 'float32';
  height: number;
  width: number;
  /** Per-channel mean and std of x/255 (used for uint8 input). */
  mean: readonly number[];
  std: readonly number[];
}

export interface PlanToOnnxOptions {
  input: OnnxInput;
  /** Embedding size (the output's second dimension). */
  dim: number;
  metadata: ModelMetadata;
  /** Default float32; 'taps' adds every activation tap as an output; 'int8' quantizes (activation-quantizer.ts). */
  precision?: OnnxPrecision;
}

/** Names of the graph's input and output. */
export const onnxInputName = 'pixels';
export const onnxOutputName = 'embeddings';

export function planToOnnx(plan: InferencePlan, options: PlanToOnnxOptions): Uint8Array {
  const { input, dim } = options;
  const channels = plan.inChannels;
  if (input.mean.length !== channels || input.std.length !== channels) {
    throw new ArgumentError(`planToOnnx: expected ${channels} means and stds for input but received ${input.mean.length} and ${input.std.length}`);
  }
  const g = new OnnxGraph();
  let x = onnxInputName;
  if (input.kind === 'uint8') {
    x = g.node('Cast', [x], { to: 1 });
    const scale = Float32Array.from(input.std, (s) => 1 / (255 * s));
    const shift = Float32Array.from(input.mean, (m, c) => -m / input.std[c]!);
    x = g.node('Mul', [x, g.constant('pixel_scale', scale, [1, channels, 1, 1])]);
    x = g.node('Add', [x, g.constant('pixel_shift', shift, [1, channels, 1, 1])]);
  }
  const precision = options.precision ?? { kind: 'float32' };
  if (precision.kind === 'int8' && precision.activations.length !== activationTapCount(plan)) {
    throw new ArgumentError(`planToOnnx: expected ${activationTapCount(plan)} activation ranges for this network but received ${precision.activations.length}`);
  }
  const q = new ActivationQuantizer(precision);
  emitSteps(g, plan.steps, quantizesInput(plan) ? q.activation(g, x, false) : x, 4, q);
  // The last node's output takes the graph output's name.
  g.nodes.at(-1)!.output = [onnxOutputName];
  return encodeModel(g, { name: onnxInputName, elemType: input.kind, dims: ['batch', channels, input.height, input.width] },
    [{ name: onnxOutputName, elemType: 'float32', dims: ['batch', dim] }, ...q.taps.map((name) => ({ name, elemType: 'float32' as const }))], options.metadata);
}

/** Emits steps on value `x` of rank `rank`; returns the last value's name. */
function emitSteps(g: OnnxGraph, steps: readonly InferenceStep[], x: string, rank: number, q: ActivationQuantizer): string {
  let value = x;
  let r = rank;
  for (const step of steps) {
    value = emitStep(g, step, value, r, q);
    if (step.kind === 'flatten') r = 2;
  }
  return value;
}

function emitStep(g: OnnxGraph, step: InferenceStep, x: string, rank: number, q: ActivationQuantizer): string {
  switch (step.kind) {
    case 'conv': return q.activation(g, q.conv(g, x, step), step.relu);
    case 'affine': {
      const c = step.scale.length;
      const dims = rank === 4 ? [1, c, 1, 1] : [1, c];
      const y = g.node('Add', [g.node('Mul', [x, g.constant('bn_scale', step.scale, dims)]), g.constant('bn_shift', step.shift, dims)]);
      return step.relu ? g.node('Relu', [y]) : y;
    }
    case 'relu': return g.node('Relu', [x]);
    case 'max-pool':
      return q.keepQuantization(g, x, g.node('MaxPool', [x], {
        kernel_shape: step.kernel, strides: step.stride,
        pads: [step.padding[0], step.padding[1], step.padding[0], step.padding[1]], ceil_mode: step.ceilMode ? 1 : 0,
      }));
    case 'residual': {
      const main = emitSteps(g, step.main, x, rank, q);
      const shortcut = step.shortcut.length ? emitSteps(g, step.shortcut, x, rank, q) : x;
      return q.activation(g, g.node('Add', [main, shortcut]), step.relu);
    }
    case 'global-pool':
      if (step.pool === 'max') return g.node('GlobalMaxPool', [x]);
      if (step.pool === 'avg') return g.node('GlobalAveragePool', [x]);
      return g.node('Concat', [g.node('GlobalMaxPool', [x]), g.node('GlobalAveragePool', [x])], { axis: 1 });
    case 'flatten': return g.node('Flatten', [x], { axis: 1 });
    case 'linear': {
      const [outFeatures] = step.weight.shape as [number, number];
      const w = g.constant('fc_w', step.weight.data, step.weight.shape);
      return g.node('Gemm', [x, w, g.constant('fc_b', step.bias ?? new Float32Array(outFeatures), [outFeatures])], { transB: 1 });
    }
    case 'l2-normalize': {
      // x / max(‖x‖₂, eps): torch.nn.functional.normalize's definition (LpNormalization has no eps).
      const norm = g.node('ReduceL2', [x], { axes: [1], keepdims: 1 });
      const floor = g.node('Max', [norm, g.constant('l2_eps', Float32Array.of(step.eps), [])]);
      return g.node('Div', [x, floor]);
    }
  }
}

