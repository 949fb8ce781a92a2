// Pairwise distances.
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';

/** p-norm distance between every row of a (N,D) and every row of b (M,D): (N,M). */
export function cdist(a: Tensor, b: Tensor, p = 2): Tensor {
  return fromHandle(native().cdist(handleOf(a, 'cdist'), handleOf(b, 'cdist'), p));
}
