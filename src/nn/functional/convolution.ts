// Convolution and linear maps.
import { ShapeError } from '../../util/errors.ts';
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';

export type Pair = number | readonly [number, number];
export const pair = (v: Pair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

export interface Conv2dOptions {
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  groups?: number;
}

/** 2-D convolution of x (N,C,H,W) with weight (O,C/groups,kH,kW). */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, o: Conv2dOptions = {}): Tensor {
  if (x.rank !== 4) throw new ShapeError(`conv2d: expected a 4-D (N,C,H,W) tensor for input but received shape [${x.shape.join(', ')}]`);
  const groups = o.groups ?? 1;
  if (x.shape[1] !== weight.shape[1]! * groups) {
    throw new ShapeError(`conv2d: expected ${weight.shape[1]! * groups} input channels for input but received ${x.shape[1]} (shape [${x.shape.join(', ')}])`);
  }
  return fromHandle(native().conv2d(handleOf(x, 'conv2d'), handleOf(weight, 'conv2d'), bias && handleOf(bias, 'conv2d'),
    pair(o.stride ?? 1), pair(o.padding ?? 0), pair(o.dilation ?? 1), groups));
}

/** x @ weightᵀ + bias. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (x.shape.at(-1) !== weight.shape[1]) {
    throw new ShapeError(`linear: expected ${weight.shape[1]} features in the last dimension of input but received shape [${x.shape.join(', ')}]`);
  }
  return fromHandle(native().linear(handleOf(x, 'linear'), handleOf(weight, 'linear'), bias && handleOf(bias, 'linear')));
}
