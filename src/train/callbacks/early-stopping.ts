// Stops when a monitored metric has not improved for `patience` epochs.
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export class EarlyStopping implements Callback {
  readonly order = 60;
  private best = Number.NEGATIVE_INFINITY;
  private waited = 0;

  constructor(private readonly options: { monitor: string; patience?: number; minDelta?: number; mode?: 'max' | 'min' }) {}

  afterEpoch(learner: Learner): void {
    const raw = learner.metrics[this.options.monitor];
    if (raw === undefined) return;
    const value = (this.options.mode ?? 'max') === 'max' ? raw : -raw;
    if (value > this.best + (this.options.minDelta ?? 0)) {
      this.best = value;
      this.waited = 0;
    } else if (++this.waited >= (this.options.patience ?? 3)) {
      learner.stopRequested = true;
    }
  }
}
