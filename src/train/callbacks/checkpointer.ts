// Saves `last.ckpt` every N batches and at the end of each epoch (so a killed run resumes),
// and `best.ckpt` when the monitored metric improves. Every checkpoint records the best so far,
// so a resumed run keeps comparing against it rather than starting from -Infinity.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Callback } from '../callback.ts';
import { saveCheckpoint } from '../checkpoint.ts';
import type { Learner } from '../learner.ts';
import type { Module } from '../../nn/module.ts';

export interface CheckpointerOptions {
  dir: string;
  /** Also checkpoint every this many batches within an epoch (0: only at epoch ends). */
  everyBatches?: number;
  /** Metric on learner.metrics that decides "best" (higher is better). */
  monitor?: string;
  /** More state for every checkpoint's info (e.g. the run's history), read back on resume. */
  info?: () => Record<string, unknown>;
  /** A weight average (WeightAverage.average) saved beside the raw weights, so a resumed run keeps it. */
  average?: Module;
}

export class Checkpointer implements Callback {
  readonly order = 80;
  best = Number.NEGATIVE_INFINITY;
  bestEpoch = -1;

  constructor(private readonly options: CheckpointerOptions) {
    mkdirSync(options.dir, { recursive: true });
  }

  get lastPath(): string {
    return join(this.options.dir, 'last.ckpt');
  }
  get bestPath(): string {
    return join(this.options.dir, 'best.ckpt');
  }

  /** Takes up the best so far from the info of the checkpoint a run resumes from. */
  restore(info: Record<string, unknown>): void {
    const best = info.best as { value?: unknown; epoch?: unknown } | undefined;
    if (typeof best?.value === 'number' && Number.isFinite(best.value) && Number.isInteger(best.epoch)) {
      this.best = best.value;
      this.bestEpoch = best.epoch as number;
    }
  }

  private info(learner: Learner, withMetrics: boolean): Record<string, unknown> {
    const best = this.bestEpoch >= 0 ? { best: { value: this.best, epoch: this.bestEpoch } } : {};
    return { ...this.options.info?.(), ...(withMetrics ? { metrics: learner.metrics } : {}), ...best };
  }

  async afterBatch(learner: Learner): Promise<void> {
    const every = this.options.everyBatches ?? 0;
    const next = learner.batchIndex + 1;
    if (every > 0 && next % every === 0 && next < learner.batchesPerEpoch) {
      await saveCheckpoint(this.lastPath, learner.model, learner.optimizer, { epoch: learner.epoch, batch: next, optimizerSteps: learner.optimizer.steps }, this.info(learner, false), learner.loss.learned, this.options.average);
    }
  }

  async afterEpoch(learner: Learner): Promise<void> {
    const position = { epoch: learner.epoch + 1, batch: 0, optimizerSteps: learner.optimizer.steps };
    const value = this.options.monitor ? learner.metrics[this.options.monitor] : undefined;
    // best.ckpt before last.ckpt: a crash between them resumes before this epoch, which then runs again.
    if (value !== undefined && value > this.best) {
      this.best = value;
      this.bestEpoch = learner.epoch;
      await saveCheckpoint(this.bestPath, learner.model, learner.optimizer, position, this.info(learner, true), learner.loss.learned, this.options.average);
    }
    await saveCheckpoint(this.lastPath, learner.model, learner.optimizer, position, this.info(learner, true), learner.loss.learned, this.options.average);
  }
}
