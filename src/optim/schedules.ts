// Learning-rate and momentum schedules as pure functions of progress in [0, 1],
// after fastai's Scheduler (combined_cos / SchedCos / SchedExp).

/** fastai's SchedCos: cosine from start (pos 0) to end (pos 1). */
export const cosineAnneal = (start: number, end: number, pos: number): number =>
  start + ((1 + Math.cos(Math.PI * (1 - pos))) * (end - start)) / 2;

/** fastai's SchedExp: geometric from start to end. */
export const exponentialAnneal = (start: number, end: number, pos: number): number => start * (end / start) ** pos;

export interface OneCycleOptions {
  maxLr: number;
  /** Fraction of the steps spent warming up (fastai: 0.25). */
  pctStart?: number;
  /** Start lr = maxLr / div (fastai: 25). */
  div?: number;
  /** Final lr = maxLr / divFinal (fastai: 1e5). */
  divFinal?: number;
  /** Momentum (beta1) at start, middle and end (fastai: 0.95, 0.85, 0.95). */
  moms?: readonly [number, number, number];
}

export interface Hyper {
  lr: number;
  momentum: number;
}

/** fastai's fit_one_cycle schedule at progress pos ∈ [0, 1] (iteration / total iterations). */
export function oneCycle(options: OneCycleOptions, pos: number): Hyper {
  const pct = options.pctStart ?? 0.25;
  const div = options.div ?? 25;
  const divFinal = options.divFinal ?? 1e5;
  const [m0, m1, m2] = options.moms ?? [0.95, 0.85, 0.95];
  const { maxLr } = options;
  if (pos < pct) {
    const p = pos / pct;
    return { lr: cosineAnneal(maxLr / div, maxLr, p), momentum: cosineAnneal(m0, m1, p) };
  }
  const p = (pos - pct) / (1 - pct);
  return { lr: cosineAnneal(maxLr, maxLr / divFinal, p), momentum: cosineAnneal(m1, m2, p) };
}
