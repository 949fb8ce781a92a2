// Shape changes and joins. Shapes are validated here so that a mistake reads as
// a ShapeError naming the function, not as a libtorch message.
import { ShapeError } from '../util/errors.ts';
import { native } from './engine.ts';
import { fromHandle, handleOf, type Tensor } from './tensor.ts';

/** New shape with the same elements; one dimension may be -1. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const inferred = shape.filter((d) => d === -1).length;
  const ok = shape.every((d) => Number.isInteger(d) && d >= -1) && inferred <= 1 &&
    (inferred === 0 ? known === x.numel : known > 0 && x.numel % known === 0);
  if (!ok) {
    throw new ShapeError(`reshape: expected a shape with ${x.numel} elements for shape but received [${shape.join(', ')}] (input shape [${x.shape.join(', ')}])`);
  }
  return fromHandle(native().reshape(handleOf(x, 'reshape'), shape));
}
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  return fromHandle(native().permute(handleOf(x, 'permute'), dims));
}
export function transpose(x: Tensor, dim0 = -2, dim1 = -1): Tensor {
  return fromHandle(native().transpose(handleOf(x, 'transpose'), dim0, dim1));
}
export function unsqueeze(x: Tensor, dim: number): Tensor {
  return fromHandle(native().unsqueeze(handleOf(x, 'unsqueeze'), dim));
}
/** Removes size-1 dimensions (only `dim` when given). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  return fromHandle(native().squeeze(handleOf(x, 'squeeze'), dim ?? null));
}
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  return fromHandle(native().flatten(handleOf(x, 'flatten'), startDim, endDim));
}
export function contiguous(x: Tensor): Tensor {
  return fromHandle(native().contiguous(handleOf(x, 'contiguous')));
}
/** NCHW tensor stored channels-last (NHWC in memory), which oneDNN convolutions prefer. */
export function channelsLast(x: Tensor): Tensor {
  return fromHandle(native().channelsLast(handleOf(x, 'channelsLast')));
}
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('cat: expected at least one tensor for tensors but received an empty array');
  return fromHandle(native().cat(tensors.map((t) => handleOf(t, 'cat')), dim));
}
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError('stack: expected at least one tensor for tensors but received an empty array');
  return fromHandle(native().stack(tensors.map((t) => handleOf(t, 'stack')), dim));
}
/** Splits into chunks of `size` (last may be smaller) or into the given sizes. */
export function split(x: Tensor, sizes: number | readonly number[], dim = 0): Tensor[] {
  const d = dim < 0 ? dim + x.rank : dim;
  const length = x.shape[d];
  if (length === undefined) throw new ShapeError(`split: expected a dimension of a rank-${x.rank} tensor for dim but received ${dim}`);
  let list: number[];
  if (typeof sizes === 'number') {
    if (!(sizes > 0)) throw new ShapeError(`split: expected a positive chunk size for sizes but received ${sizes}`);
    list = [];
    for (let start = 0; start < length; start += sizes) list.push(Math.min(sizes, length - start));
  } else {
    list = [...sizes];
    if (list.reduce((a, b) => a + b, 0) !== length) {
      throw new ShapeError(`split: expected sizes summing to ${length} for sizes but received [${list.join(', ')}]`);
    }
  }
  return native().split(handleOf(x, 'split'), list, d).map(fromHandle);
}
/** Elements start..end (exclusive, negative counts from the end) with step along dim; a view. */
export function slice(x: Tensor, dim: number, start = 0, end?: number, step = 1): Tensor {
  return fromHandle(native().slice(handleOf(x, 'slice'), dim, start, end ?? Number.MAX_SAFE_INTEGER, step));
}
/** The index-th slice along dim, with that dimension removed. */
export function select(x: Tensor, dim: number, index: number): Tensor {
  return fromHandle(native().select(handleOf(x, 'select'), dim, index));
}
export function repeat(x: Tensor, repeats: readonly number[]): Tensor {
  return fromHandle(native().repeat(handleOf(x, 'repeat'), repeats));
}
/** Broadcast view to a larger shape (-1 keeps a dimension). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  return fromHandle(native().expand(handleOf(x, 'expand'), shape));
}
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  return fromHandle(native().flip(handleOf(x, 'flip'), dims));
}
export function triu(x: Tensor, diagonal = 0): Tensor {
  return fromHandle(native().triu(handleOf(x, 'triu'), diagonal));
}
export function diagonal(x: Tensor, offset = 0, dim0 = 0, dim1 = 1): Tensor {
  return fromHandle(native().diagonal(handleOf(x, 'diagonal'), offset, dim0, dim1));
}
