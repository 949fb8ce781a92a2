// Appends one JSON object per epoch (and per batch, optionally) to a log file.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export class JsonlLog implements Callback {
  readonly order = 70;
  private epochStart = 0;

  constructor(private readonly file: string, private readonly options: { everyBatches?: number } = {}) {
    mkdirSync(dirname(file), { recursive: true });
  }

  private write(record: object): void {
    appendFileSync(this.file, JSON.stringify({ time: new Date().toISOString(), ...record }) + '\n');
  }

  beforeEpoch(): void {
    this.epochStart = performance.now();
  }

  afterBatch(learner: Learner): void {
    const every = this.options.everyBatches ?? 0;
    if (every > 0 && learner.batchIndex % every === 0) {
      this.write({ kind: 'batch', epoch: learner.epoch, batch: learner.batchIndex, loss: learner.lastLoss, lr: learner.optimizer.groups[0]?.options.lr, ...learner.lastStats });
    }
  }

  afterEpoch(learner: Learner): void {
    this.write({ kind: 'epoch', epoch: learner.epoch, seconds: (performance.now() - this.epochStart) / 1000, loss: learner.lastLoss, ...learner.metrics });
  }
}
