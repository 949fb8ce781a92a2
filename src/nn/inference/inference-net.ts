// The libtorch inference module: runs an InferencePlan (BatchNorm folded, ReLU fused into the
// step before it) in eval mode. Channels-last activations are an option, measured in
// bench/inference.ts. Not trainable: its weights are constants made from the plan.
import { tensor } from '../../tensor/creation.ts';
import { add, relu } from '../../tensor/elementwise.ts';
import { keep } from '../../tensor/memory.ts';
import { cat, channelsLast, flatten } from '../../tensor/shape.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { conv2d, linear } from '../functional/convolution.ts';
import { normalize } from '../functional/normalization.ts';
import { adaptiveAvgPool2d, adaptiveMaxPool2d, maxPool2d } from '../functional/pooling.ts';
import { Module } from '../module.ts';
import { mul } from '../../tensor/elementwise.ts';
import type { InferencePlan, InferenceStep } from './inference-plan.ts';

type Compiled =
  | { kind: 'conv'; weight: Tensor; bias: Tensor; step: Extract<InferenceStep, { kind: 'conv' }> }
  | { kind: 'affine'; scale: Tensor; shift: Tensor; scale4: Tensor; shift4: Tensor; relu: boolean }
  | { kind: 'linear'; weight: Tensor; bias: Tensor | null }
  | { kind: 'residual'; main: Compiled[]; shortcut: Compiled[]; relu: boolean }
  | Exclude<InferenceStep, { kind: 'conv' | 'affine' | 'linear' | 'residual' }>;

export interface InferenceNetOptions {
  /** Convert the input (and so every activation) to channels-last before the first step (default false). */
  channelsLast?: boolean;
}

export class InferenceNet extends Module {
  readonly #steps: Compiled[];
  readonly #owned: Tensor[] = [];

  constructor(readonly plan: InferencePlan, readonly options: InferenceNetOptions = {}) {
    super();
    this.#steps = plan.steps.map((s) => this.#compile(s));
    this.eval();
  }

  #constant(data: Float32Array, shape: readonly number[]): Tensor {
    let t = keep(tensor(data, shape));
    if (this.options.channelsLast && shape.length === 4) {
      const cl = keep(channelsLast(t));
      t.dispose();
      t = cl;
    }
    this.#owned.push(t);
    return t;
  }

  #compile(s: InferenceStep): Compiled {
    switch (s.kind) {
      case 'conv': return { kind: 'conv', weight: this.#constant(s.weight.data, s.weight.shape), bias: this.#constant(s.bias, [s.bias.length]), step: s };
      case 'affine': {
        const c = s.scale.length;
        return {
          kind: 'affine', scale: this.#constant(s.scale, [1, c]), shift: this.#constant(s.shift, [1, c]),
          scale4: this.#constant(s.scale, [1, c, 1, 1]), shift4: this.#constant(s.shift, [1, c, 1, 1]), relu: s.relu,
        };
      }
      case 'linear': return { kind: 'linear', weight: this.#constant(s.weight.data, s.weight.shape), bias: s.bias && this.#constant(s.bias, [s.bias.length]) };
      case 'residual': return { kind: 'residual', main: s.main.map((m) => this.#compile(m)), shortcut: s.shortcut.map((m) => this.#compile(m)), relu: s.relu };
      default: return s;
    }
  }

  forward(x: Tensor): Tensor {
    const input = this.options.channelsLast ? channelsLast(x) : x;
    const out = run(this.#steps, input);
    if (input !== x && input !== out) input.dispose();
    return out;
  }

  override dispose(): void {
    for (const t of this.#owned) t.dispose();
    this.#owned.length = 0;
  }
}

/** Runs steps in order, releasing each intermediate as soon as the next step has consumed it. */
function run(steps: readonly Compiled[], x: Tensor): Tensor {
  let out = x;
  for (const step of steps) {
    const next = apply(step, out);
    if (out !== x && next !== out) out.dispose();
    out = next;
  }
  return out;
}

function apply(step: Compiled, x: Tensor): Tensor {
  switch (step.kind) {
    case 'conv': {
      const s = step.step;
      const y = conv2d(x, step.weight, step.bias, { stride: s.stride, padding: s.padding, dilation: s.dilation, groups: s.groups });
      return s.relu ? reluReplacing(y) : y;
    }
    case 'affine': {
      const four = x.rank === 4;
      const scaled = mul(x, four ? step.scale4 : step.scale);
      const y = add(scaled, four ? step.shift4 : step.shift);
      scaled.dispose();
      return step.relu ? reluReplacing(y) : y;
    }
    case 'relu': return relu(x);
    case 'max-pool': return maxPool2d(x, step.kernel, { stride: step.stride, padding: step.padding, ceilMode: step.ceilMode });
    case 'residual': {
      const main = run(step.main, x);
      const shortcut = step.shortcut.length ? run(step.shortcut, x) : x;
      const sum = add(main, shortcut);
      main.dispose();
      if (shortcut !== x) shortcut.dispose();
      return step.relu ? reluReplacing(sum) : sum;
    }
    case 'global-pool': {
      if (step.pool === 'avg') return adaptiveAvgPool2d(x, 1);
      if (step.pool === 'max') return adaptiveMaxPool2d(x, 1);
      const max = adaptiveMaxPool2d(x, 1);
      const avg = adaptiveAvgPool2d(x, 1);
      const both = cat([max, avg], 1);
      max.dispose();
      avg.dispose();
      return both;
    }
    case 'flatten': return flatten(x, 1, -1);
    case 'linear': return linear(x, step.weight, step.bias);
    case 'l2-normalize': return normalize(x, { dim: 1, eps: step.eps });
  }
}

function reluReplacing(y: Tensor): Tensor {
  const r = relu(y);
  y.dispose();
  return r;
}
