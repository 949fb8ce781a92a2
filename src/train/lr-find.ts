// The LR finder (Smith 2015; fastai's lr_find): an exponential lr sweep over a few batches,
// recording the smoothed loss, stopping when it explodes, then restoring the weights.
import { noGrad } from '../tensor/grad-mode.ts';
import { dispose } from '../tensor/memory.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { exponentialAnneal } from '../optim/schedules.ts';
import { ArgumentError } from '../util/errors.ts';
import type { Callback } from './callback.ts';
import { ParamScheduler } from './callbacks/param-scheduler.ts';
import type { Learner } from './learner.ts';
import { suggestLr, type LrSuggestions } from './suggest-lr.ts';

export interface LrFindOptions {
  startLr?: number;
  endLr?: number;
  iterations?: number;
  /** Stop when the smoothed loss exceeds this multiple of its minimum (fastai: 4). */
  divergeFactor?: number;
  /**
   * Callbacks that see the sweep (e.g. a ProgressBar). The learner's own callbacks do not:
   * a sweep must not write checkpoints, validate, log or record into the real run's history.
   */
  callbacks?: Callback[];
}

export interface LrFindResult {
  lrs: number[];
  losses: number[];
  suggestions: LrSuggestions;
}

class SweepRecorder implements Callback {
  readonly order = 30;
  readonly lrs: number[] = [];
  readonly losses: number[] = [];
  private average = 0;
  private best = Number.POSITIVE_INFINITY;

  constructor(private readonly iterations: number, private readonly divergeFactor: number) {}

  afterBatch(learner: Learner): void {
    const beta = 0.98;
    this.average = beta * this.average + (1 - beta) * learner.lastLoss;
    const smoothed = this.average / (1 - beta ** (this.lrs.length + 1));
    this.lrs.push(learner.optimizer.groups[0]!.options.lr);
    this.losses.push(smoothed);
    this.best = Math.min(this.best, smoothed);
    const exploded = !Number.isFinite(smoothed) || smoothed > this.divergeFactor * this.best;
    if (exploded || this.lrs.length >= this.iterations) learner.stopRequested = true;
  }
}

export async function lrFind(learner: Learner, options: LrFindOptions = {}): Promise<LrFindResult> {
  const start = options.startLr ?? 1e-7;
  const end = options.endLr ?? 10;
  const iterations = options.iterations ?? 100;
  if (!Number.isInteger(iterations) || iterations < 2) throw new ArgumentError(`lrFind: expected an integer ≥ 2 for iterations but received ${iterations}`);
  const snapshot = noGrad(() => new Map([...learner.model.stateDict()].map(([k, t]) => [k, t.clone()] as [string, Tensor])));
  const optimizerState = new Map([...learner.optimizer.stateTensors()].map(([k, t]) => [k, t.clone()] as [string, Tensor]));
  const steps = learner.optimizer.steps;
  const savedLr = learner.optimizer.groups.map((g) => ({ ...g.options }));
  const recorder = new SweepRecorder(iterations, options.divergeFactor ?? 4);
  const epochs = Math.ceil(iterations / learner.batchesPerEpoch);
  const scheduler = new ParamScheduler((pos) => ({ lr: exponentialAnneal(start, end, Math.min(1, (pos * epochs * learner.batchesPerEpoch) / (iterations - 1))) }));
  const ownCallbacks = learner.callbacks;
  learner.callbacks = [...(options.callbacks ?? [])];
  try {
    await learner.fit(epochs, [scheduler, recorder]);
  } finally {
    learner.callbacks = ownCallbacks;
    learner.model.loadStateDict(snapshot);
    // Drop the sweep's state first: loading only overwrites what was saved, so moments the sweep
    // created (e.g. on a fresh optimiser) would otherwise leak into the real run.
    learner.optimizer.dispose();
    learner.optimizer.loadStateTensors(optimizerState, steps);
    learner.optimizer.groups.forEach((g, i) => Object.assign(g.options, savedLr[i]));
    dispose([...snapshot.values(), ...optimizerState.values()]);
  }
  return { lrs: recorder.lrs, losses: recorder.losses, suggestions: suggestLr(recorder.lrs, recorder.losses) };
}
