// The closed list of training events and the Callback shape (after fastai): everything
// beyond the bare loop (progress, schedules, validation, checkpoints...) is a callback.
import type { Learner } from './learner.ts';

export type TrainEvent = 'beforeFit' | 'beforeEpoch' | 'beforeBatch' | 'afterBatch' | 'afterEpoch' | 'afterFit';

export interface Callback {
  /** Lower runs first (defaults to 0). Schedulers run before progress, validation before checkpoints. */
  readonly order?: number;
  beforeFit?(learner: Learner): void | Promise<void>;
  beforeEpoch?(learner: Learner): void | Promise<void>;
  beforeBatch?(learner: Learner): void | Promise<void>;
  afterBatch?(learner: Learner): void | Promise<void>;
  afterEpoch?(learner: Learner): void | Promise<void>;
  afterFit?(learner: Learner): void | Promise<void>;
}

export async function runEvent(callbacks: readonly Callback[], event: TrainEvent, learner: Learner): Promise<void> {
  for (const cb of callbacks) await cb[event]?.(learner);
}

export function sortCallbacks(callbacks: readonly Callback[]): Callback[] {
  return [...callbacks].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
}
