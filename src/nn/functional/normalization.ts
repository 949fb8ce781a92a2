// Batch normalisation, dropout and vector normalisation.
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';

export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  /** Use batch statistics and update the running ones (true while training). */
  training: boolean;
  momentum?: number;
  eps?: number;
}

/** Batch norm over dim 1 of (N,C) or (N,C,H,W); updates running stats in place when training. */
export function batchNorm(x: Tensor, o: BatchNormOptions): Tensor {
  const h = (t: Tensor | null | undefined) => (t ? handleOf(t, 'batchNorm') : null);
  return fromHandle(native().batchNorm(handleOf(x, 'batchNorm'), h(o.weight), h(o.bias), h(o.runningMean), h(o.runningVar),
    o.training, o.momentum ?? 0.1, o.eps ?? 1e-5));
}

/** Zeroes elements with probability p and scales the rest by 1/(1-p) when training. */
export function dropout(x: Tensor, p: number, training: boolean): Tensor {
  if (!(p >= 0 && p < 1)) throw new RangeError(`dropout: expected a probability in [0, 1) for p but received ${p}`);
  return fromHandle(native().dropout(handleOf(x, 'dropout'), p, training));
}

/** x / max(‖x‖_p, eps) along dim (default: L2 over the last dimension). */
export function normalize(x: Tensor, o: { p?: number; dim?: number; eps?: number } = {}): Tensor {
  return fromHandle(native().normalize(handleOf(x, 'normalize'), o.p ?? 2, o.dim ?? -1, o.eps ?? 1e-12));
}
