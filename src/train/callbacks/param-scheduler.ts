// Sets lr and momentum before every batch from a schedule of training progress.
import type { Hyper } from '../../optim/schedules.ts';
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';

export class ParamScheduler implements Callback {
  readonly order = -20;
  current: Hyper = { lr: Number.NaN, momentum: Number.NaN };

  /** schedule(pos): pos = iteration / total iterations, in [0, 1). */
  constructor(private readonly schedule: (pos: number) => Partial<Hyper>) {}

  beforeBatch(learner: Learner): void {
    const hyper = this.schedule(learner.iteration / learner.totalIterations);
    learner.optimizer.setHyper(hyper);
    this.current = { ...this.current, ...hyper } as Hyper;
  }
}
