// Pooling and resizing.
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';
import { pair, type Pair } from './convolution.ts';

export interface Pool2dOptions {
  /** Defaults to the kernel size. */
  stride?: Pair;
  padding?: Pair;
  ceilMode?: boolean;
}

export function maxPool2d(x: Tensor, kernel: Pair, o: Pool2dOptions = {}): Tensor {
  return fromHandle(native().maxPool2d(handleOf(x, 'maxPool2d'), pair(kernel), pair(o.stride ?? kernel), pair(o.padding ?? 0), o.ceilMode ?? false));
}
export function avgPool2d(x: Tensor, kernel: Pair, o: Pool2dOptions = {}): Tensor {
  return fromHandle(native().avgPool2d(handleOf(x, 'avgPool2d'), pair(kernel), pair(o.stride ?? kernel), pair(o.padding ?? 0), o.ceilMode ?? false));
}
export function adaptiveAvgPool2d(x: Tensor, size: Pair): Tensor {
  return fromHandle(native().adaptiveAvgPool2d(handleOf(x, 'adaptiveAvgPool2d'), pair(size)));
}
export function adaptiveMaxPool2d(x: Tensor, size: Pair): Tensor {
  return fromHandle(native().adaptiveMaxPool2d(handleOf(x, 'adaptiveMaxPool2d'), pair(size)));
}

/** Resizes (N,C,H,W) to size with nearest or bilinear sampling. */
export function interpolate(x: Tensor, size: Pair, o: { mode?: 'nearest' | 'bilinear'; alignCorners?: boolean } = {}): Tensor {
  const mode = (o.mode ?? 'nearest') === 'nearest' ? 0 : 1;
  return fromHandle(native().interpolate(handleOf(x, 'interpolate'), pair(size), mode, o.alignCorners ?? false));
}
