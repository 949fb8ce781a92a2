// inferencePlan: walks a module tree by layer type and folds each eval-mode BatchNorm into the
// convolution before it (or the linear map after it), and each ReLU into the step before it.
// Pure: the module is read, never changed. Dropout is the identity at inference and is dropped.
import { ArgumentError } from '../../util/errors.ts';
import { pair } from '../functional/convolution.ts';
import { BatchNorm1d, BatchNorm2d } from '../layers/batch-norm.ts';
import { Conv2d } from '../layers/conv2d.ts';
import { Linear } from '../layers/linear.ts';
import { BasicBlock } from '../layers/resnet.ts';
import { Sequential } from '../layers/sequential.ts';
import { AdaptiveAvgPool2d, AdaptiveConcatPool2d, AdaptiveMaxPool2d, Dropout, Flatten, L2Normalize, MaxPool2d, ReLU } from '../layers/simple.ts';
import { EmbeddingNet } from '../models/embedding-net.ts';
import type { Module } from '../module.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { InferencePlan, InferenceStep, Weights } from './inference-plan.ts';

const floats = (t: Tensor): Float32Array => Float32Array.from(t.data() as ArrayLike<number>);
const weights = (t: Tensor): Weights => ({ data: floats(t), shape: [...t.shape] });

/** BatchNorm in eval mode as y = x·scale + shift. */
function batchNormAffine(bn: BatchNorm1d | BatchNorm2d): { scale: Float32Array; shift: Float32Array } {
  const eps = bn.options.eps ?? 1e-5;
  const mean = floats(bn.runningMean);
  const variance = floats(bn.runningVar);
  const gamma = bn.weight ? floats(bn.weight) : new Float32Array(mean.length).fill(1);
  const beta = bn.bias ? floats(bn.bias) : new Float32Array(mean.length);
  const scale = new Float32Array(mean.length);
  const shift = new Float32Array(mean.length);
  for (let c = 0; c < mean.length; c++) {
    // In float64, then rounded once: the folded weights differ from eval-mode BN by rounding only.
    const s = gamma[c]! / Math.sqrt(variance[c]! + eps);
    scale[c] = s;
    shift[c] = beta[c]! - mean[c]! * s;
  }
  return { scale, shift };
}

/** The unfused steps of one module (children walked recursively). */
function stepsOf(module: Module, path: string): InferenceStep[] {
  const where = path || '(root)';
  if (module instanceof EmbeddingNet) return fuse(stepsOf(module.net, path));
  if (module instanceof Sequential) return fuse(module.namedChildren().flatMap(([name, child]) => stepsOf(child, path ? `${path}.${name}` : name)));
  if (module instanceof Conv2d) {
    const o = module.options;
    return [{
      kind: 'conv', weight: weights(module.weight), bias: module.bias ? floats(module.bias) : new Float32Array(module.outChannels),
      stride: pair(o.stride ?? 1), padding: pair(o.padding ?? 0), dilation: pair(o.dilation ?? 1), groups: o.groups ?? 1, relu: false,
    }];
  }
  if (module instanceof BatchNorm1d || module instanceof BatchNorm2d) return [{ kind: 'affine', ...batchNormAffine(module), relu: false }];
  if (module instanceof ReLU) return [{ kind: 'relu' }];
  if (module instanceof MaxPool2d) {
    const o = module.options;
    return [{ kind: 'max-pool', kernel: pair(module.kernelSize), stride: pair(o.stride ?? module.kernelSize), padding: pair(o.padding ?? 0), ceilMode: o.ceilMode ?? false }];
  }
  if (module instanceof AdaptiveConcatPool2d) return [{ kind: 'global-pool', pool: 'concat' }];
  if (module instanceof AdaptiveAvgPool2d || module instanceof AdaptiveMaxPool2d) {
    const [h, w] = pair(module.outputSize);
    if (h !== 1 || w !== 1) throw new ArgumentError(`inferencePlan: expected an output size of 1 for ${module.constructor.name} at ${where} but received ${h}×${w}. Hint: only global pooling is exported.`);
    return [{ kind: 'global-pool', pool: module instanceof AdaptiveAvgPool2d ? 'avg' : 'max' }];
  }
  if (module instanceof Dropout) return [];
  if (module instanceof Flatten) {
    if (module.startDim !== 1 || module.endDim !== -1) throw new ArgumentError(`inferencePlan: expected Flatten(1, -1) at ${where} but received Flatten(${module.startDim}, ${module.endDim})`);
    return [{ kind: 'flatten' }];
  }
  if (module instanceof Linear) return [{ kind: 'linear', weight: weights(module.weight), bias: module.bias ? floats(module.bias) : null }];
  if (module instanceof L2Normalize) return [{ kind: 'l2-normalize', eps: 1e-12 }];
  if (module instanceof BasicBlock) {
    const main = fuse([module.conv1, module.bn1, new ReLU(), module.conv2, module.bn2].flatMap((m, i) => stepsOf(m, `${where}.${i}`)));
    return [{ kind: 'residual', main, shortcut: module.downsample ? stepsOf(module.downsample, `${where}.downsample`) : [], relu: true }];
  }
  throw new ArgumentError(`inferencePlan: expected a layer reid can fold and export (Conv2d, BatchNorm, ReLU, MaxPool2d, pooling, Flatten, Linear, L2Normalize, Dropout, BasicBlock, Sequential) for ${where} but received ${module.constructor.name}. Hint: teach src/nn/inference/fold-batch-norm.ts the new layer.`);
}

/** conv→BN and BN→linear folded; a ReLU after a conv or affine step folded into it. */
function fuse(steps: InferenceStep[]): InferenceStep[] {
  const out: InferenceStep[] = [];
  for (const step of steps) {
    const last = out.at(-1);
    if (step.kind === 'affine' && last?.kind === 'conv' && !last.relu) out[out.length - 1] = foldIntoConv(last, step);
    else if (step.kind === 'linear' && last?.kind === 'affine' && !last.relu) out[out.length - 1] = foldIntoLinear(step, last);
    else if (step.kind === 'relu' && (last?.kind === 'conv' || last?.kind === 'affine') && !last.relu) out[out.length - 1] = { ...last, relu: true };
    else out.push(step);
  }
  return out;
}

type Conv = Extract<InferenceStep, { kind: 'conv' }>;
type Affine = Extract<InferenceStep, { kind: 'affine' }>;
type LinearStep = Extract<InferenceStep, { kind: 'linear' }>;

/** w'[o] = w[o]·scale[o], b' = b·scale + shift. */
function foldIntoConv(conv: Conv, bn: Affine): Conv {
  const per = conv.weight.data.length / conv.bias.length;
  const data = new Float32Array(conv.weight.data.length);
  const bias = new Float32Array(conv.bias.length);
  for (let o = 0; o < bias.length; o++) {
    const s = bn.scale[o]!;
    for (let i = o * per; i < (o + 1) * per; i++) data[i] = conv.weight.data[i]! * s;
    bias[o] = conv.bias[o]! * s + bn.shift[o]!;
  }
  return { ...conv, weight: { data, shape: conv.weight.shape }, bias };
}

/** W(x·scale + shift) + b = (W·diag(scale))x + (W·shift + b). */
function foldIntoLinear(linear: LinearStep, bn: Affine): LinearStep {
  const [outFeatures, inFeatures] = linear.weight.shape as [number, number];
  const data = new Float32Array(linear.weight.data.length);
  const bias = new Float32Array(outFeatures);
  for (let o = 0; o < outFeatures; o++) {
    let acc = linear.bias ? linear.bias[o]! : 0;
    for (let i = 0; i < inFeatures; i++) {
      const w = linear.weight.data[o * inFeatures + i]!;
      data[o * inFeatures + i] = w * bn.scale[i]!;
      acc += w * bn.shift[i]!;
    }
    bias[o] = acc;
  }
  return { kind: 'linear', weight: { data, shape: [outFeatures, inFeatures] }, bias };
}

/** The model's inference plan; `inChannels` from its first convolution. */
export function inferencePlan(model: Module): InferencePlan {
  const steps = stepsOf(model, '');
  const first = findFirstConv(steps);
  if (!first) throw new ArgumentError('inferencePlan: expected a network with at least one Conv2d for model but received none');
  return { inChannels: first.weight.shape[1]! * first.groups, steps };
}

function findFirstConv(steps: readonly InferenceStep[]): Conv | undefined {
  for (const s of steps) {
    if (s.kind === 'conv') return s;
    if (s.kind === 'residual') return findFirstConv(s.main);
  }
  return undefined;
}
