// Weight initialisation, in place, matching torch.nn.init's formulas.
import { noGrad } from '../tensor/grad-mode.ts';
import { tidy } from '../tensor/memory.ts';
import { rand, randn } from '../tensor/creation.ts';
import { add, mul } from '../tensor/elementwise.ts';
import { copyInPlace } from '../tensor/in-place.ts';
import type { Tensor } from '../tensor/tensor.ts';

export type FanMode = 'fanIn' | 'fanOut';
export type Nonlinearity = 'relu' | 'leakyRelu' | 'linear';

/** fan_in and fan_out of a weight (out, in, ...kernel). */
export function fans(t: Tensor): { fanIn: number; fanOut: number } {
  const [out = 1, inp = 1, ...kernel] = t.shape;
  const receptive = kernel.reduce((a, b) => a * b, 1);
  return { fanIn: inp * receptive, fanOut: out * receptive };
}

export function gain(nonlinearity: Nonlinearity, slope = 0.01): number {
  switch (nonlinearity) {
    case 'relu': return Math.SQRT2;
    case 'leakyRelu': return Math.sqrt(2 / (1 + slope * slope));
    case 'linear': return 1;
  }
}

/** Fills t with U(-bound, bound). */
export function uniform(t: Tensor, bound: number): void {
  noGrad(() => tidy(() => copyInPlace(t, add(mul(rand([...t.shape], { dtype: t.dtype }), 2 * bound), -bound))));
}
/** Fills t with N(0, std²). */
export function normal(t: Tensor, std: number): void {
  noGrad(() => tidy(() => copyInPlace(t, mul(randn([...t.shape], { dtype: t.dtype }), std))));
}

export interface KaimingOptions {
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
  /** Negative slope of the leaky ReLU (PyTorch's `a`). */
  slope?: number;
}
/** He et al. 2015: std = gain / sqrt(fan). */
export function kaimingNormal(t: Tensor, o: KaimingOptions = {}): void {
  const fan = fans(t)[o.mode ?? 'fanIn'];
  normal(t, gain(o.nonlinearity ?? 'relu', o.slope) / Math.sqrt(fan));
}
export function kaimingUniform(t: Tensor, o: KaimingOptions = {}): void {
  const fan = fans(t)[o.mode ?? 'fanIn'];
  uniform(t, gain(o.nonlinearity ?? 'relu', o.slope) * Math.sqrt(3 / fan));
}
/** Glorot & Bengio 2010. */
export function xavierUniform(t: Tensor, gainValue = 1): void {
  const { fanIn, fanOut } = fans(t);
  uniform(t, gainValue * Math.sqrt(6 / (fanIn + fanOut)));
}
export function xavierNormal(t: Tensor, gainValue = 1): void {
  const { fanIn, fanOut } = fans(t);
  normal(t, gainValue * Math.sqrt(2 / (fanIn + fanOut)));
}
/** PyTorch's default for Conv2d/Linear weights: kaiming_uniform(a=√5), i.e. U(±1/√fan_in). */
export function torchDefaultUniform(t: Tensor): void {
  kaimingUniform(t, { nonlinearity: 'leakyRelu', slope: Math.sqrt(5) });
}
