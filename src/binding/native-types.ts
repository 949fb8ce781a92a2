// The typed surface of the native addon (native/src/*.cc). Handles are opaque; only
// src/tensor unwraps them. Argument order mirrors the C++ registrations.

/** An opaque native tensor handle. */
export interface TensorHandle {
  dispose(): void;
  isDisposed(): boolean;
}

type H = TensorHandle;
type Num = H | number;
type Ints = readonly number[];
/** Dtype codes shared with native/src/args.cc. */
export type DtypeCode = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The caching CPU allocator's counters (zeros and caching false under REID_CPU_CACHE_MB=0). */
export interface AllocatorStats {
  caching: boolean;
  /** Bytes of cached-size blocks held by live tensors, and free ones kept for reuse. */
  liveBytes: number;
  cachedBytes: number;
  limitBytes: number;
  /** Requests served from the free list, and ones that mapped a new block. */
  hits: number;
  misses: number;
}

export interface NativeBinding {
  TensorHandle: abstract new () => TensorHandle;
  // creation and inspection
  fromData(data: ArrayBufferView, shape: Ints, dtype: DtypeCode, device?: string): H;
  toData(t: H): ArrayBuffer;
  shape(t: H): number[];
  dtype(t: H): number;
  device(t: H): string;
  numel(t: H): number;
  item(t: H): number | boolean;
  isContiguous(t: H): boolean;
  to(t: H, dtype: DtypeCode, device: string): H;
  clone(t: H): H;
  contiguous(t: H): H;
  channelsLast(t: H): H;
  zeros(shape: Ints, dtype: DtypeCode, device?: string): H;
  ones(shape: Ints, dtype: DtypeCode, device?: string): H;
  full(shape: Ints, value: number, dtype: DtypeCode, device?: string): H;
  arange(start: number, end: number, step: number, dtype: DtypeCode, device?: string): H;
  linspace(start: number, end: number, steps: number, dtype: DtypeCode, device?: string): H;
  rand(shape: Ints, dtype: DtypeCode, device?: string): H;
  randn(shape: Ints, dtype: DtypeCode, device?: string): H;
  randint(low: number, high: number, shape: Ints, dtype: DtypeCode, device?: string): H;
  randperm(n: number, dtype: DtypeCode, device?: string): H;
  eye(n: number, m: number, dtype: DtypeCode, device?: string): H;
  zerosLike(t: H): H;
  onesLike(t: H): H;
  // elementwise
  add(a: H, b: Num): H;
  sub(a: H, b: Num): H;
  mul(a: H, b: Num): H;
  div(a: H, b: Num): H;
  pow(a: H, b: Num): H;
  eq(a: H, b: Num): H;
  ne(a: H, b: Num): H;
  lt(a: H, b: Num): H;
  le(a: H, b: Num): H;
  gt(a: H, b: Num): H;
  ge(a: H, b: Num): H;
  remainder(a: H, b: Num): H;
  rsub(a: H, b: number): H;
  maximum(a: H, b: H): H;
  minimum(a: H, b: H): H;
  logicalAnd(a: H, b: H): H;
  logicalOr(a: H, b: H): H;
  logicalXor(a: H, b: H): H;
  logicalNot(a: H): H;
  neg(a: H): H;
  abs(a: H): H;
  exp(a: H): H;
  log(a: H): H;
  log1p(a: H): H;
  sqrt(a: H): H;
  rsqrt(a: H): H;
  square(a: H): H;
  sign(a: H): H;
  floor(a: H): H;
  ceil(a: H): H;
  round(a: H): H;
  sin(a: H): H;
  cos(a: H): H;
  tanh(a: H): H;
  sigmoid(a: H): H;
  relu(a: H): H;
  isnan(a: H): H;
  isfinite(a: H): H;
  gelu(a: H): H;
  softplus(a: H, beta: number, threshold: number): H;
  where(cond: H, a: Num, b: Num): H;
  clamp(a: H, min?: number | null, max?: number | null): H;
  matmul(a: H, b: H): H;
  bmm(a: H, b: H): H;
  mm(a: H, b: H): H;
  addmm(input: H, a: H, b: H, beta: number, alpha: number): H;
  // in place
  mul_(t: H, b: Num): void;
  add_(t: H, b: Num, alpha?: number): void;
  addcmul_(t: H, a: H, b: H, value: number): void;
  addcdiv_(t: H, a: H, b: H, value: number): void;
  lerp_(t: H, end: H, weight: number): void;
  copy_(dst: H, src: H): void;
  zero_(t: H): void;
  fill_(t: H, value: number): void;
  maskedFill_(t: H, mask: H, value: number): void;
  // fused optimiser steps (native/src/optim.cc)
  definedGrads(params: H[]): boolean[];
  adamStep(params: H[], ms: H[], vs: H[], coefficients: number[]): void;
  // exact search's quantised scan (native/src/scan.cc); sizes and bounds are checked in src/gallery/quantised-scan.ts
  scanCodesTopK(codes: Uint8Array, count: number, dim: number, bias: Float32Array, weights: Int16Array, offset: number, scale: number, k: number, threads: number, blocked?: boolean): [Int32Array, Float32Array];
  blockedScan(): boolean;
  /** The scan kernel in use: the CPU's widest, capped by REID_SCAN_KERNEL. */
  scanKernel(): 'plain' | 'avx2' | 'avx512-vnni';
  blockCodes(codes: Uint8Array, count: number, dim: number): Uint8Array;
  rerankTopK(rows: Float32Array, count: number, dim: number, query: Float32Array, candidates: Int32Array, k: number): [Int32Array, Float64Array];
  encodeCodes(vectors: Float32Array, count: number, dim: number, lo: Float32Array, step: Float32Array): [Uint8Array, Float32Array, number, number];
  // reductions
  sum(t: H, dims: Ints | null, keepdim: boolean): H;
  mean(t: H, dims: Ints | null, keepdim: boolean): H;
  prod(t: H, dim?: number | null, keepdim?: boolean): H;
  std(t: H, dims: Ints | null, correction: number, keepdim: boolean): H;
  var(t: H, dims: Ints | null, correction: number, keepdim: boolean): H;
  maxAll(t: H): H;
  minAll(t: H): H;
  max(t: H, dim: number, keepdim: boolean): [H, H];
  min(t: H, dim: number, keepdim: boolean): [H, H];
  amax(t: H, dims: Ints, keepdim: boolean): H;
  amin(t: H, dims: Ints, keepdim: boolean): H;
  argmax(t: H, dim?: number | null, keepdim?: boolean): H;
  argmin(t: H, dim?: number | null, keepdim?: boolean): H;
  sort(t: H, dim: number, descending: boolean, stable: boolean): [H, H];
  argsort(t: H, dim: number, descending: boolean, stable: boolean): H;
  topk(t: H, k: number, dim: number, largest: boolean, sorted: boolean): [H, H];
  logsumexp(t: H, dims: Ints, keepdim: boolean): H;
  norm(t: H, p: number, dims: Ints | null, keepdim: boolean): H;
  cumsum(t: H, dim: number): H;
  all(t: H, dim?: number | null, keepdim?: boolean): H;
  any(t: H, dim?: number | null, keepdim?: boolean): H;
  countNonzero(t: H, dims: Ints): H;
  searchsorted(sorted: H, values: H, right: boolean): H;
  // shape and indexing
  reshape(t: H, shape: Ints): H;
  permute(t: H, dims: Ints): H;
  transpose(t: H, d0: number, d1: number): H;
  unsqueeze(t: H, dim: number): H;
  squeeze(t: H, dim?: number | null): H;
  flatten(t: H, start: number, end: number): H;
  cat(ts: readonly H[], dim: number): H;
  stack(ts: readonly H[], dim: number): H;
  split(t: H, sizes: Ints, dim: number): H[];
  slice(t: H, dim: number, start: number, end: number, step: number): H;
  select(t: H, dim: number, index: number): H;
  indexSelect(t: H, dim: number, index: H): H;
  gather(t: H, dim: number, index: H): H;
  scatter(t: H, dim: number, index: H, src: Num): H;
  scatterAdd(t: H, dim: number, index: H, src: H): H;
  maskedFill(t: H, mask: H, value: number): H;
  maskedSelect(t: H, mask: H): H;
  repeat(t: H, reps: Ints): H;
  expand(t: H, sizes: Ints): H;
  nonzero(t: H): H;
  triu(t: H, diagonal: number): H;
  diagonal(t: H, offset: number, d0: number, d1: number): H;
  flip(t: H, dims: Ints): H;
  // nn
  conv2d(x: H, w: H, b: H | null, stride: Ints, padding: Ints, dilation: Ints, groups: number): H;
  maxPool2d(x: H, kernel: Ints, stride: Ints, padding: Ints, ceilMode: boolean): H;
  avgPool2d(x: H, kernel: Ints, stride: Ints, padding: Ints, ceilMode: boolean): H;
  adaptiveAvgPool2d(x: H, size: Ints): H;
  adaptiveMaxPool2d(x: H, size: Ints): H;
  batchNorm(x: H, w: H | null, b: H | null, rm: H | null, rv: H | null, training: boolean, momentum: number, eps: number): H;
  dropout(x: H, p: number, training: boolean): H;
  linear(x: H, w: H, b: H | null): H;
  logSoftmax(x: H, dim: number): H;
  softmax(x: H, dim: number): H;
  crossEntropy(logits: H, target: H, reduction: 0 | 1 | 2, labelSmoothing: number): H;
  mseLoss(a: H, b: H, reduction: 0 | 1 | 2): H;
  normalize(x: H, p: number, dim: number, eps: number): H;
  cdist(a: H, b: H, p: number): H;
  interpolate(x: H, size: Ints, mode: 0 | 1, alignCorners: boolean): H;
  pad(x: H, pads: Ints, value: number): H;
  // autograd
  setRequiresGrad(t: H, flag: boolean): void;
  requiresGrad(t: H): boolean;
  isLeaf(t: H): boolean;
  grad(t: H): H | null;
  clearGrad(t: H): void;
  setGrad(t: H, g: H): void;
  backward(t: H, gradient: H | null, retainGraph: boolean): void;
  detach(t: H): H;
  setGradEnabled(flag: boolean): boolean;
  isGradEnabled(): boolean;
  // system
  torchVersion(): string;
  getNumThreads(): number;
  setNumThreads(n: number): void;
  manualSeed(seed: number): void;
  cudaAvailable(): boolean;
  cudaDeviceCount(): number;
  buildConfig(): string;
  parallelInfo(): string;
  hasMkldnn(): boolean;
  liveHandles(): number;
  // caching CPU allocator for tensor buffers (native/src/allocator.cc)
  allocatorStats(): AllocatorStats;
  releaseMemory(): number;
  setErrorClasses(torchError: new (message: string) => Error, disposedError: new (message: string) => Error): void;
}
