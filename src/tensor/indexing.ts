// Gathering, scattering and masking.
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
export function maskedFill(x: Tensor, mask: Tensor, value: number): Tensor {
  return fromHandle(native().maskedFill(handleOf(x, 'maskedFill'), handleOf(mask, 'maskedFill'), value));
}
/** 1-D tensor of the elements where mask is true. */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  return fromHandle(native().maskedSelect(handleOf(x, 'maskedSelect'), handleOf(mask, 'maskedSelect')));
}
/** (n, rank) indices of non-zero elements. */
export function nonzero(x: Tensor): Tensor {
  return fromHandle(native().nonzero(handleOf(x, 'nonzero')));
}
