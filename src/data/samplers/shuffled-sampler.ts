// Plain batches over all images, shuffled per epoch (for classification training) or in order
// (for embedding a whole dataset). fastai's training loader drops the last short batch
// (dropLast: true) because a tiny batch gives noisy gradients and BatchNorm statistics.
import { ArgumentError } from '../../util/errors.ts';
import { Random } from '../../util/random.ts';
import type { BatchSampler } from './batch-sampler.ts';

export interface ShuffledSamplerOptions {
  batchSize: number;
  seed: number;
  /** Shuffle each epoch; default true. False gives 0, 1, 2... (evaluation, embedding). */
  shuffle?: boolean;
  /** Leave out the last batch when it is short; default false (set true for training). */
  dropLast?: boolean;
}

export class ShuffledSampler implements BatchSampler {
  readonly batchesPerEpoch: number;
  private readonly length: number;
  private readonly options: ShuffledSamplerOptions;

  constructor(length: number, options: ShuffledSamplerOptions) {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new ArgumentError(`ShuffledSampler: expected a positive integer for batchSize but received ${String(options.batchSize)}.`);
    }
    if (!Number.isInteger(length) || length < 0) throw new ArgumentError(`ShuffledSampler: expected a dataset length ≥ 0 but received ${String(length)}.`);
    this.length = length;
    this.options = options;
    this.batchesPerEpoch = options.dropLast ? Math.floor(length / options.batchSize) : Math.ceil(length / options.batchSize);
  }

  batches(epoch: number): Int32Array[] {
    const order = Array.from({ length: this.length }, (_, i) => i);
    if (this.options.shuffle ?? true) new Random(this.options.seed).fork(epoch).shuffle(order);
    const { batchSize } = this.options;
    return Array.from({ length: this.batchesPerEpoch }, (_, b) => Int32Array.from(order.slice(b * batchSize, (b + 1) * batchSize)));
  }
}
