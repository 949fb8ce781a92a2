// The training loop. It fits on one screen; everything else is a callback.
import { tensor } from '../tensor/creation.ts';
import { tidy } from '../tensor/memory.ts';
import { channelsLast } from '../tensor/shape.ts';
import { manualSeed, releaseMemory } from '../tensor/system.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { Module } from '../nn/module.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import type { Batch, BatchLoader } from '../data/batch-loader.ts';
import type { ImageShape } from '../data/dataset.ts';
import type { MetricLoss } from '../metric/losses/metric-loss.ts';
import { runEvent, sortCallbacks, type Callback } from './callback.ts';

export interface LearnerOptions {
  model: Module;
  loss: MetricLoss;
  loader: BatchLoader;
  optimizer: Optimizer;
  shape: ImageShape;
  callbacks?: Callback[];
  /** Seeds libtorch per batch (dropout), so a resumed run continues bit-for-bit. */
  seed?: number;
  /** Feed convolutions channels-last tensors (oneDNN's preferred layout). */
  channelsLast?: boolean;
}

export class Learner {
  readonly model: Module;
  readonly loss: MetricLoss;
  readonly loader: BatchLoader;
  readonly optimizer: Optimizer;
  callbacks: Callback[];
  // Loop state, read by callbacks.
  epoch = 0;
  epochs = 0;
  batchIndex = 0;
  /** Batches done since the start of fit, counting resumed ones. */
  iteration = 0;
  totalIterations = 0;
  lastLoss = Number.NaN;
  lastStats: Readonly<Record<string, number>> = {};
  lastBatchSize = 0;
  /** Smoothed training throughput. */
  imagesPerSecond = 0;
  /** Metrics of the current epoch, filled by callbacks such as Validation. */
  metrics: Record<string, number> = {};
  /** Set by a callback to end fit after the current batch. */
  stopRequested = false;
  /** Where fit starts (set by a checkpoint to resume). */
  startAt = { epoch: 0, batch: 0 };

  constructor(private readonly options: LearnerOptions) {
    this.model = options.model;
    this.loss = options.loss;
    this.loader = options.loader;
    this.optimizer = options.optimizer;
    this.callbacks = sortCallbacks(options.callbacks ?? []);
  }

  get batchesPerEpoch(): number {
    return this.loader.batchesPerEpoch;
  }

  async fit(epochs: number, extra: Callback[] = []): Promise<void> {
    const saved = this.callbacks;
    this.callbacks = sortCallbacks([...saved, ...extra]);
    this.epochs = epochs;
    this.totalIterations = epochs * this.batchesPerEpoch;
    this.stopRequested = false;
    try {
      await runEvent(this.callbacks, 'beforeFit', this);
      for (this.epoch = this.startAt.epoch; this.epoch < epochs && !this.stopRequested; this.epoch++) {
        this.model.train();
        this.metrics = {};
        await runEvent(this.callbacks, 'beforeEpoch', this);
        for await (const batch of this.loader.batches(this.epoch)) {
          if (this.epoch === this.startAt.epoch && batch.batchIndex < this.startAt.batch) continue;
          this.batchIndex = batch.batchIndex;
          this.iteration = this.epoch * this.batchesPerEpoch + batch.batchIndex;
          await runEvent(this.callbacks, 'beforeBatch', this);
          const started = performance.now();
          this.trainStep(batch);
          const rate = batch.labels.length / ((performance.now() - started) / 1000);
          this.imagesPerSecond = this.imagesPerSecond === 0 ? rate : 0.9 * this.imagesPerSecond + 0.1 * rate;
          await runEvent(this.callbacks, 'afterBatch', this);
          if (this.stopRequested) break;
        }
        this.startAt = { epoch: 0, batch: 0 };
        if (!this.stopRequested) await runEvent(this.callbacks, 'afterEpoch', this);
      }
      await runEvent(this.callbacks, 'afterFit', this);
    } finally {
      this.callbacks = saved;
      // The step's cached tensor blocks (native/src/allocator.cc) go back to the kernel: a long-running
      // process (serve, the demo) need not hold a training run's activations after it.
      releaseMemory();
    }
  }

  /** One optimisation step on a batch; returns the loss. */
  trainStep(batch: Batch): number {
    const { channels, height, width } = this.options.shape;
    this.lastBatchSize = batch.labels.length;
    if (this.options.seed !== undefined) manualSeed(mixSeed(this.options.seed, this.epoch, batch.batchIndex));
    this.lastLoss = tidy(() => {
      let x: Tensor = tensor(batch.pixels, [batch.labels.length, channels, height, width]);
      if (this.options.channelsLast) x = channelsLast(x);
      const labels = tensor(batch.labels).to('int64');
      const { loss, stats } = this.loss.forward(this.model.forward(x), labels);
      this.lastStats = { ...stats };
      this.optimizer.zeroGrad();
      loss.backward();
      this.optimizer.step();
      return loss.item();
    });
    return this.lastLoss;
  }
}

/** A 31-bit seed from (seed, epoch, batch), so each batch's randomness depends only on its position. */
export function mixSeed(seed: number, epoch: number, batch: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [epoch, batch]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
  }
  return h & 0x7fffffff;
}
