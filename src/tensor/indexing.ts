// Gathering, scattering and masking.
import { ArgumentError } from '../util/errors.ts';
import { native } from './engine.ts';
import { fromHandle, handleOf, type Tensor } from './tensor.ts';

export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  return fromHandle(native().indexSelect(handleOf(x, 'indexSelect'), dim, handleOf(index, 'indexSelect')));
}
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  return fromHandle(native().gather(handleOf(x, 'gather'), dim, handleOf(index, 'gather')));
}
/** Out-of-place scatter: a copy of x with src (or a number) written at index along dim. */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number): Tensor {
  const s = typeof src === 'number' ? src : handleOf(src, 'scatter');
  return fromHandle(native().scatter(handleOf(x, 'scatter'), dim, handleOf(index, 'scatter'), s));
}
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  return fromHandle(native().scatterAdd(handleOf(x, 'scatterAdd'), dim, handleOf(index, 'scatterAdd'), handleOf(src, 'scatterAdd')));
}
// libtorch 1.13 ignores a float mask in masked_fill (the result is x unchanged), so check here.
function checkMask(fn: string, mask: Tensor): void {
  if (mask.dtype !== 'bool') throw new ArgumentError(`${fn}: expected a bool tensor for mask but received dtype ${mask.dtype}. Hint: compare first, e.g. gt(x, 0).`);
}
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  checkMask('maskedFill', mask);
  return fromHandle(native().maskedFill(handleOf(x, 'maskedFill'), handleOf(mask, 'maskedFill'), value));
}
/** 1-D tensor of the elements where mask is true. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkMask('maskedSelect', mask);
  return fromHandle(native().maskedSelect(handleOf(x, 'maskedSelect'), handleOf(mask, 'maskedSelect')));
}
/** (n, rank) indices of non-zero elements. */
export function nonzero(x: Tensor): Tensor {
  return fromHandle(native().nonzero(handleOf(x, 'nonzero')));
}
