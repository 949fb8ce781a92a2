// In-place updates, for optimisers and running statistics: they mutate `target`
// and must run outside autograd (noGrad) on leaf parameters.
import { native } from './engine.ts';
import { handleOf, type Tensor } from './tensor.ts';

/** target += alpha · other (or += a number). */
export function addInPlace(target: Tensor, other: Tensor | number, alpha = 1): void {
  if (typeof other === 'number') native().add_(handleOf(target, 'addInPlace'), other * alpha);
  else native().add_(handleOf(target, 'addInPlace'), handleOf(other, 'addInPlace'), alpha);
}
export function mulInPlace(target: Tensor, other: Tensor | number): void {
  native().mul_(handleOf(target, 'mulInPlace'), typeof other === 'number' ? other : handleOf(other, 'mulInPlace'));
}
/** target += value · a · b. */
export function addcmulInPlace(target: Tensor, a: Tensor, b: Tensor, value = 1): void {
  native().addcmul_(handleOf(target, 'addcmulInPlace'), handleOf(a, 'addcmulInPlace'), handleOf(b, 'addcmulInPlace'), value);
}
/** target += value · a / b. */
export function addcdivInPlace(target: Tensor, a: Tensor, b: Tensor, value = 1): void {
  native().addcdiv_(handleOf(target, 'addcdivInPlace'), handleOf(a, 'addcdivInPlace'), handleOf(b, 'addcdivInPlace'), value);
}
/** target += weight · (end − target). */
export function lerpInPlace(target: Tensor, end: Tensor, weight: number): void {
  native().lerp_(handleOf(target, 'lerpInPlace'), handleOf(end, 'lerpInPlace'), weight);
}
export function copyInPlace(target: Tensor, source: Tensor): void {
  native().copy_(handleOf(target, 'copyInPlace'), handleOf(source, 'copyInPlace'));
}
export function fillInPlace(target: Tensor, value: number): void {
  native().fill_(handleOf(target, 'fillInPlace'), value);
}
export function zeroInPlace(target: Tensor): void {
  native().zero_(handleOf(target, 'zeroInPlace'));
}
