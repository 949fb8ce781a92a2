import { zeros } from '../../tensor/creation.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { conv2d, pair, type Pair } from '../functional/convolution.ts';
import { fans, torchDefaultUniform, uniform } from '../init.ts';
import { Module } from '../module.ts';

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
  /** Default true. */
  bias?: boolean;
}

export class Conv2d extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inChannels: number, readonly outChannels: number, readonly kernelSize: Pair, readonly options: Conv2dOptions = {}) {
    super();
    const [kh, kw] = pair(kernelSize);
    const groups = options.groups ?? 1;
    this.weight = this.registerParameter('weight', zeros([outChannels, inChannels / groups, kh, kw]));
    torchDefaultUniform(this.weight);
    if (options.bias ?? true) {
      this.bias = this.registerParameter('bias', zeros([outChannels]));
      uniform(this.bias, 1 / Math.sqrt(fans(this.weight).fanIn));
    } else this.bias = null;
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.options);
  }
}
