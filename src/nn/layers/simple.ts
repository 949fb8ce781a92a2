// Stateless layers: activations, pooling, dropout, reshaping, normalisation.
import { relu } from '../../tensor/elementwise.ts';
import { cat, flatten } from '../../tensor/shape.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { Pair } from '../functional/convolution.ts';
import { dropout, normalize } from '../functional/normalization.ts';
import { adaptiveAvgPool2d, adaptiveMaxPool2d, maxPool2d, type Pool2dOptions } from '../functional/pooling.ts';
import { Module } from '../module.ts';

export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}
export class MaxPool2d extends Module {
  constructor(readonly kernelSize: Pair, readonly options: Pool2dOptions = {}) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }
}
export class AdaptiveAvgPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
}
export class AdaptiveMaxPool2d extends Module {
  constructor(readonly outputSize: Pair) {
    super();
  }
  forward(x: Tensor): Tensor {
    return adaptiveMaxPool2d(x, this.outputSize);
  }
}
/** fastai's AdaptiveConcatPool2d: [max, avg] pooled to 1×1 and concatenated on channels. */
export class AdaptiveConcatPool2d extends Module {
  forward(x: Tensor): Tensor {
    return cat([adaptiveMaxPool2d(x, 1), adaptiveAvgPool2d(x, 1)], 1);
  }
}
export class Dropout extends Module {
  constructor(readonly p = 0.5) {
    super();
  }
  forward(x: Tensor): Tensor {
    return this.p === 0 ? x : dropout(x, this.p, this.training);
  }
}
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}
/** Scales each row to unit L2 norm, so embeddings live on the hypersphere. */
export class L2Normalize extends Module {
  forward(x: Tensor): Tensor {
    return normalize(x, { dim: 1 });
  }
}
