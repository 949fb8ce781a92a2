// BatchNorm1d over (N,C) and BatchNorm2d over (N,C,H,W): one concept, the input rank is the only difference.
import { ones, zeros } from '../../tensor/creation.ts';
import { noGrad } from '../../tensor/grad-mode.ts';
import { addInPlace } from '../../tensor/in-place.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { ShapeError } from '../../util/errors.ts';
import { batchNorm } from '../functional/normalization.ts';
import { Module } from '../module.ts';

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
  /** Learnable scale and shift (default true). */
  affine?: boolean;
}

class BatchNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  readonly numBatchesTracked: Tensor;

  constructor(readonly numFeatures: number, private readonly rank: number, readonly options: BatchNormOptions = {}) {
    super();
    const affine = options.affine ?? true;
    this.weight = affine ? this.registerParameter('weight', ones([numFeatures])) : null;
    this.bias = affine ? this.registerParameter('bias', zeros([numFeatures])) : null;
    this.runningMean = this.registerBuffer('running_mean', zeros([numFeatures]));
    this.runningVar = this.registerBuffer('running_var', ones([numFeatures]));
    this.numBatchesTracked = this.registerBuffer('num_batches_tracked', zeros([], { dtype: 'int64' }));
  }

  forward(x: Tensor): Tensor {
    if (x.rank !== this.rank || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${this.constructor.name}: expected a ${this.rank}-D input with ${this.numFeatures} channels in dim 1 but received shape [${x.shape.join(', ')}]`);
    }
    if (this.training) noGrad(() => addInPlace(this.numBatchesTracked, 1));
    return batchNorm(x, {
      weight: this.weight, bias: this.bias, runningMean: this.runningMean, runningVar: this.runningVar,
      training: this.training, momentum: this.options.momentum ?? 0.1, eps: this.options.eps ?? 1e-5,
    });
  }
}

export class BatchNorm1d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, 2, options);
  }
}
export class BatchNorm2d extends BatchNorm {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, 4, options);
  }
}
