// An exponential moving average of a model's weights and running statistics (Polyak averaging,
// kept as timm's ModelEmaV2 keeps it: in a second model of the same architecture, so nothing is
// swapped in and out of the one the optimiser steps). Validation, the checkpoints and the bundle
// can read the average instead of the raw weights. The decay is min(decay, 1 − 1/t) at optimiser
// step t: the plain mean of the weights after steps 1..t until that is longer than the EMA's horizon,
// so neither the initial weights nor the first steps are frozen into it. (TensorFlow's warm-up,
// min(decay, (1 + t)/(10 + t)), stays below 0.997 for a whole 3,000-step run, whatever the decay.)
import type { Callback } from '../callback.ts';
import type { Learner } from '../learner.ts';
import type { Module } from '../../nn/module.ts';
import { noGrad } from '../../tensor/grad-mode.ts';
import { copyInPlace, lerpInPlace } from '../../tensor/in-place.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { ArgumentError } from '../../util/errors.ts';

export interface WeightAverageOptions<M extends Module = Module> {
  /** The model the optimiser trains. */
  model: Module;
  /** A model of the same architecture that holds the average (its weights are overwritten with model's now). */
  average: M;
  /** Per-step decay, in (0, 1): 0.998 remembers about the last 500 steps. */
  decay: number;
}

export class WeightAverage<M extends Module = Module> implements Callback {
  readonly #pairs: [average: Tensor, raw: Tensor, floating: boolean][];
  readonly average: M;
  readonly decay: number;

  constructor(options: WeightAverageOptions<M>) {
    if (!(options.decay > 0 && options.decay < 1)) throw new ArgumentError(`WeightAverage: expected decay in (0, 1) but received ${options.decay}.`);
    const raw = options.model.stateDict();
    const average = options.average.stateDict();
    const names = [...raw.keys()];
    if (names.length !== average.size || names.some((name) => average.get(name)?.shape.join() !== raw.get(name)!.shape.join())) {
      throw new ArgumentError('WeightAverage: expected average to have the parameter names and shapes of model (the same architecture and embedding size).');
    }
    this.#pairs = names.map((name) => [average.get(name)!, raw.get(name)!, raw.get(name)!.dtype === 'float32']);
    this.average = options.average.eval();
    this.decay = options.decay;
    noGrad(() => {
      for (const [a, r] of this.#pairs) copyInPlace(a, r);
    });
  }

  afterBatch(learner: Learner): void {
    const t = learner.optimizer.steps;
    const decay = Math.min(this.decay, 1 - 1 / t);
    noGrad(() => {
      // Counters (BatchNorm's num_batches_tracked) are copied; everything floating is averaged.
      for (const [a, r, floating] of this.#pairs) floating ? lerpInPlace(a, r, 1 - decay) : copyInPlace(a, r);
    });
  }
}
