// Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019): the same update; AdamW
// decays weights directly instead of adding wd·p to the gradient.
import { zerosLike } from '../tensor/creation.ts';
import { add, div, mul, sqrt } from '../tensor/elementwise.ts';
import { adamStepInPlace, definedGrads, type AdamCoefficients } from '../tensor/fused-step.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { addcdivInPlace, addcmulInPlace, lerpInPlace, mulInPlace } from '../tensor/in-place.ts';
import { keep, tidy } from '../tensor/memory.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { Optimizer, type GroupOptions, type GroupSpec } from './optimizer.ts';

export interface AdamOptions extends GroupOptions {
  /** beta2 (beta1 is `momentum`, so one-cycle can move it). */
  beta2: number;
  eps: number;
  /** Decoupled weight decay (AdamW) instead of L2 added to the gradient (Adam). */
  decoupled: boolean;
}

export class Adam extends Optimizer<AdamOptions> {
  readonly #state = new Map<Tensor, { m: Tensor; v: Tensor; step: number }>();

  constructor(params: Tensor[] | GroupSpec<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, { lr: 1e-3, momentum: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, ...options });
  }

  #stateOf(p: Tensor): { m: Tensor; v: Tensor; step: number } {
    let s = this.#state.get(p);
    if (!s) {
      s = { m: keep(zerosLike(p)), v: keep(zerosLike(p)), step: 0 };
      this.#state.set(p, s);
    }
    return s;
  }

  /**
   * Every parameter with a gradient in one native call (the same ATen ops as update(), so the
   * same numbers), rather than ~9 calls and 3 temporaries per parameter from JS.
   */
  override step(): void {
    this.stepCount++;
    const params: Tensor[] = [];
    const ms: Tensor[] = [];
    const vs: Tensor[] = [];
    const coefficients: AdamCoefficients[] = [];
    noGrad(() => tidy(() => {
      for (const group of this.groups) {
        const o = group.options;
        const has = definedGrads(group.params);
        group.params.forEach((p, i) => {
          if (!has[i]) return;
          const s = this.#stateOf(p);
          s.step++;
          params.push(p);
          ms.push(s.m);
          vs.push(s.v);
          coefficients.push({
            mode: o.weightDecay === 0 ? 0 : o.decoupled ? 1 : 2,
            decay: o.decoupled ? 1 - o.lr * o.weightDecay : o.weightDecay,
            oneMinusBeta1: 1 - o.momentum, beta2: o.beta2, oneMinusBeta2: 1 - o.beta2,
            sqrtBias2: Math.sqrt(1 - o.beta2 ** s.step), eps: o.eps, stepScale: -o.lr / (1 - o.momentum ** s.step),
          });
        });
      }
      if (params.length > 0) adamStepInPlace(params, ms, vs, coefficients);
    }));
  }

  /** One parameter from JS, op by op: the reference the fused step() matches (kept for tests). */
  protected update(p: Tensor, g: Tensor, o: AdamOptions): void {
    const s = this.#stateOf(p);
    s.step++;
    let grad = g;
    if (o.weightDecay !== 0) {
      if (o.decoupled) mulInPlace(p, 1 - o.lr * o.weightDecay);
      else grad = add(g, mul(p, o.weightDecay));
    }
    lerpInPlace(s.m, grad, 1 - o.momentum);
    mulInPlace(s.v, o.beta2);
    addcmulInPlace(s.v, grad, grad, 1 - o.beta2);
    const bias1 = 1 - o.momentum ** s.step;
    const bias2 = 1 - o.beta2 ** s.step;
    const denom = add(div(sqrt(s.v), Math.sqrt(bias2)), o.eps);
    addcdivInPlace(p, s.m, denom, -o.lr / bias1);
  }

  stateTensors(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    let i = 0;
    for (const g of this.groups) for (const p of g.params) {
      const s = this.#state.get(p);
      if (s) {
        out.set(`${i}.m`, s.m);
        out.set(`${i}.v`, s.v);
      }
      i++;
    }
    return out;
  }

  /** Restores moments saved by stateTensors() (after the same number of steps). */
  loadStateTensors(state: ReadonlyMap<string, Tensor>, step: number): void {
    let i = 0;
    for (const g of this.groups) for (const p of g.params) {
      const m = state.get(`${i}.m`);
      const v = state.get(`${i}.v`);
      if (m && v) {
        this.#state.get(p)?.m.dispose();
        this.#state.get(p)?.v.dispose();
        this.#state.set(p, { m: keep(m.clone()), v: keep(v.clone()), step });
      }
      i++;
    }
    this.steps = step;
  }

  dispose(): void {
    for (const s of this.#state.values()) {
      s.m.dispose();
      s.v.dispose();
    }
    this.#state.clear();
  }
}

export class AdamW extends Adam {
  constructor(params: Tensor[] | GroupSpec<AdamOptions>[], options: Partial<AdamOptions> = {}) {
    super(params, { weightDecay: 0.01, ...options, decoupled: true });
  }
}
