// Shows batch, loss, images/s and ETA while training; plain lines when not on a TTY.
import { Progress, type ProgressStream } from '../../util/progress.ts';
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export class ProgressBar implements Callback {
  readonly order = 40;
  private bar: Progress | undefined;

  constructor(private readonly options: { stream?: ProgressStream; quiet?: boolean } = {}) {}

  beforeEpoch(learner: Learner): void {
    this.bar = new Progress({
      total: learner.batchesPerEpoch,
      label: `epoch ${learner.epoch + 1}/${learner.epochs}`,
      unit: 'batch',
      stream: this.options.stream,
      quiet: this.options.quiet,
    });
    if (learner.startAt.batch > 0 && learner.epoch === learner.startAt.epoch) this.bar.tick(learner.startAt.batch, { resumed: 'yes' });
  }

  afterBatch(learner: Learner): void {
    const stats = learner.lastStats;
    this.bar?.tick(1, {
      loss: learner.lastLoss.toFixed(4),
      'img/s': Math.round(learner.imagesPerSecond),
      ...(stats.activeFraction !== undefined ? { active: stats.activeFraction.toFixed(2) } : {}),
    });
  }

  afterEpoch(learner: Learner): void {
    const metrics = Object.entries(learner.metrics).map(([k, v]) => [k, v.toFixed(4)] as const);
    this.bar?.done(Object.fromEntries(metrics));
    this.bar = undefined;
  }

  afterFit(): void {
    this.bar?.done();
  }
}
