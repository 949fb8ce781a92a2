// Matrix products.
import { native } from './engine.ts';
import { fromHandle, handleOf, type Tensor } from './tensor.ts';

export function matmul(a: Tensor, b: Tensor): Tensor {
  return fromHandle(native().matmul(handleOf(a, 'matmul'), handleOf(b, 'matmul')));
}

/** Batched matrix product of (B,N,M) and (B,M,P). */
export function bmm(a: Tensor, b: Tensor): Tensor {
  return fromHandle(native().bmm(handleOf(a, 'bmm'), handleOf(b, 'bmm')));
}

/** beta·input + alpha·(a @ b). */
export function addmm(input: Tensor, a: Tensor, b: Tensor, options: { beta?: number; alpha?: number } = {}): Tensor {
  return fromHandle(native().addmm(handleOf(input, 'addmm'), handleOf(a, 'addmm'), handleOf(b, 'addmm'), options.beta ?? 1, options.alpha ?? 1));
}
