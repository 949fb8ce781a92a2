// Softmax family.
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';

export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return fromHandle(native().logSoftmax(handleOf(x, 'logSoftmax'), dim));
}
export function softmax(x: Tensor, dim = -1): Tensor {
  return fromHandle(native().softmax(handleOf(x, 'softmax'), dim));
}
