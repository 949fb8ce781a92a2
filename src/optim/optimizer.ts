// Optimizer base: parameter groups with their own hyper-parameters, and per-parameter state.
// Updates run in place under noGrad, each step in its own tidy scope.
import { ArgumentError } from '../util/errors.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { tidy } from '../tensor/memory.ts';
import type { Tensor } from '../tensor/tensor.ts';

export interface GroupOptions {
  lr: number;
  weightDecay: number;
  /** Momentum (SGD) or beta1 (Adam); one-cycle schedules move it. */
  momentum: number;
}

export interface ParamGroup<O extends GroupOptions = GroupOptions> {
  params: Tensor[];
  options: O;
}

export type GroupSpec<O extends GroupOptions> = { params: Tensor[] } & Partial<O>;

export abstract class Optimizer<O extends GroupOptions = GroupOptions> {
  readonly groups: ParamGroup<O>[];
  protected stepCount = 0;

  constructor(params: Tensor[] | GroupSpec<O>[], defaults: O) {
    const specs: GroupSpec<O>[] = params.length > 0 && !('params' in params[0]!) ? [{ params: params as Tensor[] } as GroupSpec<O>] : (params as GroupSpec<O>[]);
    this.groups = specs.map(({ params: list, ...overrides }) => ({ params: list, options: { ...defaults, ...overrides } as O }));
    for (const g of this.groups) {
      if (!(g.options.lr >= 0)) throw new ArgumentError(`${this.constructor.name}: expected a non-negative number for lr but received ${g.options.lr}`);
    }
  }

  /** Sets lr (and momentum, when given) on every group: used by schedules. */
  setHyper(values: { lr?: number; momentum?: number }): void {
    for (const g of this.groups) {
      if (values.lr !== undefined) g.options.lr = values.lr;
      if (values.momentum !== undefined) g.options.momentum = values.momentum;
    }
  }

  zeroGrad(): void {
    for (const g of this.groups) for (const p of g.params) p.clearGrad();
  }

  step(): void {
    this.stepCount++;
    noGrad(() => {
      for (const group of this.groups) {
        for (const param of group.params) {
          tidy(() => {
            const grad = param.grad;
            if (grad) this.update(param, grad, group.options);
          });
        }
      }
    });
  }

  /** In-place update of one parameter; temporaries are released by step()'s tidy. */
  protected abstract update(param: Tensor, grad: Tensor, options: O): void;

  /** Per-parameter state tensors (for checkpoints), in a stable order. */
  abstract stateTensors(): Map<string, Tensor>;
  /** Restores what stateTensors() returned, after `step` optimiser steps (copies the tensors). */
  abstract loadStateTensors(state: ReadonlyMap<string, Tensor>, step: number): void;
  get steps(): number {
    return this.stepCount;
  }
  set steps(n: number) {
    this.stepCount = n;
  }

  abstract dispose(): void;
}
