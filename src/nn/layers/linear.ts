import { zeros } from '../../tensor/creation.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { linear } from '../functional/convolution.ts';
import { torchDefaultUniform, uniform } from '../init.ts';
import { Module } from '../module.ts';

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: { bias?: boolean } = {}) {
    super();
    this.weight = this.registerParameter('weight', zeros([outFeatures, inFeatures]));
    torchDefaultUniform(this.weight);
    if (options.bias ?? true) {
      this.bias = this.registerParameter('bias', zeros([outFeatures]));
      uniform(this.bias, 1 / Math.sqrt(inFeatures));
    } else this.bias = null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}
