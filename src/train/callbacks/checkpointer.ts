// Saves `last.ckpt` every N batches and at the end of each epoch (so a killed run resumes),
// and `best.ckpt` when the monitored metric improves.
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { Callback } from '../callback.ts';
import { saveCheckpoint } from '../checkpoint.ts';
import type { Learner } from '../learner.ts';

export interface CheckpointerOptions {
  dir: string;
  /** Also checkpoint every this many batches within an epoch (0: only at epoch ends). */
  everyBatches?: number;
  /** Metric on learner.metrics that decides "best" (higher is better). */
  monitor?: string;
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

  async afterBatch(learner: Learner): Promise<void> {
    const every = this.options.everyBatches ?? 0;
    const next = learner.batchIndex + 1;
    if (every > 0 && next % every === 0 && next < learner.batchesPerEpoch) {
      await saveCheckpoint(this.lastPath, learner.model, learner.optimizer, { epoch: learner.epoch, batch: next, optimizerSteps: learner.optimizer.steps });
    }
  }

  async afterEpoch(learner: Learner): Promise<void> {
    const position = { epoch: learner.epoch + 1, batch: 0, optimizerSteps: learner.optimizer.steps };
    await saveCheckpoint(this.lastPath, learner.model, learner.optimizer, position, { metrics: learner.metrics });
    const value = this.options.monitor ? learner.metrics[this.options.monitor] : undefined;
    if (value !== undefined && value > this.best) {
      this.best = value;
      this.bestEpoch = learner.epoch;
      await saveCheckpoint(this.bestPath, learner.model, learner.optimizer, position, { metrics: learner.metrics });
    }
  }
}
