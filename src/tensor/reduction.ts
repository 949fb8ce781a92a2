// Reductions, sorting and selection. `dim` may be negative, as in PyTorch.
import { native } from './engine.ts';
import { fromHandle, handleOf, type Tensor } from './tensor.ts';

export interface ReduceOptions {
  /** Dimensions to reduce; all when omitted. */
  dim?: number | readonly number[];
  keepdim?: boolean;
}
const dims = (d: ReduceOptions['dim']): readonly number[] | null => (d === undefined ? null : typeof d === 'number' ? [d] : d);

export function sum(x: Tensor, options: ReduceOptions = {}): Tensor {
  return fromHandle(native().sum(handleOf(x, 'sum'), dims(options.dim), options.keepdim ?? false));
}
export function mean(x: Tensor, options: ReduceOptions = {}): Tensor {
  return fromHandle(native().mean(handleOf(x, 'mean'), dims(options.dim), options.keepdim ?? false));
}
/** Variance with Bessel's correction by default (correction 1), as torch.var. */
export function variance(x: Tensor, options: ReduceOptions & { correction?: number } = {}): Tensor {
  return fromHandle(native().var(handleOf(x, 'var'), dims(options.dim), options.correction ?? 1, options.keepdim ?? false));
}
export function std(x: Tensor, options: ReduceOptions & { correction?: number } = {}): Tensor {
  return fromHandle(native().std(handleOf(x, 'std'), dims(options.dim), options.correction ?? 1, options.keepdim ?? false));
}
/** Largest element of the whole tensor. */
export function maxAll(x: Tensor): Tensor {
  return fromHandle(native().maxAll(handleOf(x, 'max')));
}
export function minAll(x: Tensor): Tensor {
  return fromHandle(native().minAll(handleOf(x, 'min')));
}
/** Largest values along dim, with their indices. */
export function max(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  const [values, indices] = native().max(handleOf(x, 'max'), dim, keepdim);
  return { values: fromHandle(values), indices: fromHandle(indices) };
}
export function min(x: Tensor, dim: number, keepdim = false): { values: Tensor; indices: Tensor } {
  const [values, indices] = native().min(handleOf(x, 'min'), dim, keepdim);
  return { values: fromHandle(values), indices: fromHandle(indices) };
}
export function amax(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  return fromHandle(native().amax(handleOf(x, 'amax'), dims(dim)!, keepdim));
}
export function amin(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  return fromHandle(native().amin(handleOf(x, 'amin'), dims(dim)!, keepdim));
}
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return fromHandle(native().argmax(handleOf(x, 'argmax'), dim ?? null, keepdim));
}
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return fromHandle(native().argmin(handleOf(x, 'argmin'), dim ?? null, keepdim));
}

export interface SortOptions {
  dim?: number;
  descending?: boolean;
  /** Keep the order of equal elements (default true, so results are reproducible). */
  stable?: boolean;
}
export function sort(x: Tensor, options: SortOptions = {}): { values: Tensor; indices: Tensor } {
  const [values, indices] = native().sort(handleOf(x, 'sort'), options.dim ?? -1, options.descending ?? false, options.stable ?? true);
  return { values: fromHandle(values), indices: fromHandle(indices) };
}
export function argsort(x: Tensor, options: SortOptions = {}): Tensor {
  return fromHandle(native().argsort(handleOf(x, 'argsort'), options.dim ?? -1, options.descending ?? false, options.stable ?? true));
}
/** The k largest (or smallest) elements along dim, sorted. */
export function topk(x: Tensor, k: number, options: { dim?: number; largest?: boolean } = {}): { values: Tensor; indices: Tensor } {
  const [values, indices] = native().topk(handleOf(x, 'topk'), k, options.dim ?? -1, options.largest ?? true, true);
  return { values: fromHandle(values), indices: fromHandle(indices) };
}
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  return fromHandle(native().logsumexp(handleOf(x, 'logsumexp'), dims(dim)!, keepdim));
}
/** p-norm over dims (all when omitted). */
export function norm(x: Tensor, options: ReduceOptions & { p?: number } = {}): Tensor {
  return fromHandle(native().norm(handleOf(x, 'norm'), options.p ?? 2, dims(options.dim), options.keepdim ?? false));
}
export function cumsum(x: Tensor, dim: number): Tensor {
  return fromHandle(native().cumsum(handleOf(x, 'cumsum'), dim));
}
export function all(x: Tensor, dim?: number, keepdim = false): Tensor {
  return fromHandle(native().all(handleOf(x, 'all'), dim ?? null, keepdim));
}
export function any(x: Tensor, dim?: number, keepdim = false): Tensor {
  return fromHandle(native().any(handleOf(x, 'any'), dim ?? null, keepdim));
}
/** For each value, the index of the first element of sorted (last dim) that is > value (right) or ≥ value. */
export function searchsorted(sorted: Tensor, values: Tensor, options: { right?: boolean } = {}): Tensor {
  return fromHandle(native().searchsorted(handleOf(sorted, 'searchsorted'), handleOf(values, 'searchsorted'), options.right ?? false));
}
