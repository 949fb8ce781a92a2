export { Tensor } from './tensor.ts';
export type { Device } from './tensor.ts';
export type { DType, TypedArrayOf, AnyTypedArray } from './dtype.ts';
export { tidy, keep, dispose, liveTensors } from './memory.ts';
export { noGrad, isGradEnabled } from './grad-mode.ts';
export {
  tensor, scalar, zeros, ones, full, arange, linspace, rand, randn, randint, randperm, eye, zerosLike, onesLike,
} from './creation.ts';
export type { CreateOptions } from './creation.ts';
export {
  add, sub, mul, div, pow, eq, ne, lt, le, gt, ge, remainder, rsub, maximum, minimum,
  logicalAnd, logicalOr, logicalXor, logicalNot, neg, abs, exp, log, log1p, sqrt, rsqrt, square, sign,
  floor, ceil, round, sin, cos, tanh, sigmoid, relu, gelu, softplus, isnan, isfinite, where, clamp, clampMin, clampMax,
} from './elementwise.ts';
export { matmul, bmm, addmm } from './matrix.ts';
export {
  sum, mean, variance, std, maxAll, minAll, max, min, amax, amin, argmax, argmin, sort, argsort, topk,
  logsumexp, norm, cumsum, all, any, searchsorted,
} from './reduction.ts';
export type { ReduceOptions, SortOptions } from './reduction.ts';
export {
  reshape, permute, transpose, unsqueeze, squeeze, flatten, contiguous, channelsLast, cat, stack, split, slice, select,
  repeat, expand, flip, triu, diagonal,
} from './shape.ts';
export { indexSelect, gather, scatter, scatterAdd, maskedFill, maskedSelect, nonzero } from './indexing.ts';
export {
  addInPlace, mulInPlace, addcmulInPlace, addcdivInPlace, lerpInPlace, copyInPlace, fillInPlace, zeroInPlace,
} from './in-place.ts';
export {
  manualSeed, getNumThreads, setNumThreads, torchVersion, cudaAvailable, cudaDeviceCount, buildConfig, parallelInfo,
  hasMkldnn, nativeHandleCount, threadCount, allocatorStats, releaseMemory, type ThreadUse,
} from './system.ts';
