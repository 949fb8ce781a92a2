// fastai's fit_one_cycle: a one-cycle schedule of lr and momentum, then fit.
import { oneCycle, type OneCycleOptions } from '../optim/schedules.ts';
import { ParamScheduler } from './callbacks/param-scheduler.ts';
import type { Learner } from './learner.ts';

export async function fitOneCycle(learner: Learner, epochs: number, options: OneCycleOptions): Promise<void> {
  await learner.fit(epochs, [new ParamScheduler((pos) => oneCycle(options, pos))]);
}
