// Fused optimiser updates: one native call for every parameter of a step (native/src/optim.cc).
// They run the same ATen ops as the per-parameter in-place calls, so results are bit-identical.
import { native } from './engine.ts';
import { handleOf, type Tensor } from './tensor.ts';

/** Which of params hold an accumulated gradient, without making gradient tensors. */
export function definedGrads(params: readonly Tensor[]): boolean[] {
  return native().definedGrads(params.map((p) => handleOf(p, 'definedGrads')));
}

/** Per parameter of adamStepInPlace: how weight decay applies and the step's scalars. */
export interface AdamCoefficients {
  /** 0 none, 1 decoupled (p ·= decay), 2 L2 (grad + decay · p). */
  mode: 0 | 1 | 2;
  decay: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  sqrtBias2: number;
  eps: number;
  /** −lr / bias1. */
  stepScale: number;
}

/** In place, for each i: the Adam(W) update of params[i] with moments ms[i], vs[i] and its own gradient. */
export function adamStepInPlace(params: readonly Tensor[], ms: readonly Tensor[], vs: readonly Tensor[], coefficients: readonly AdamCoefficients[]): void {
  const flat: number[] = [];
  for (const c of coefficients) flat.push(c.mode, c.decay, c.oneMinusBeta1, c.beta2, c.oneMinusBeta2, c.sqrtBias2, c.eps, c.stepScale);
  const h = (list: readonly Tensor[]) => list.map((t) => handleOf(t, 'adamStepInPlace'));
  native().adamStep(h(params), h(ms), h(vs), flat);
}
