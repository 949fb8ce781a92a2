// An embedding network as inference sees it: a tensor-free list of steps with BatchNorm already
// folded into the weights. One walk of the module tree (fold-batch-norm.ts) feeds both the
// libtorch inference module and the ONNX exporter, so the two cannot disagree about the graph.

/** Float weights with their shape (row-major, PyTorch layout). */
export interface Weights {
  data: Float32Array;
  shape: number[];
}

export type InferenceStep =
  /** Convolution with bias (BatchNorm folded in) and, when `relu`, a ReLU after it. */
  | { kind: 'conv'; weight: Weights; bias: Float32Array; stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number; relu: boolean }
  /** Per-channel y = x·scale + shift on dim 1 (a BatchNorm that had no convolution or linear map to fold into). */
  | { kind: 'affine'; scale: Float32Array; shift: Float32Array; relu: boolean }
  | { kind: 'relu' }
  | { kind: 'max-pool'; kernel: [number, number]; stride: [number, number]; padding: [number, number]; ceilMode: boolean }
  /** relu?(main(x) + shortcut(x)); an empty shortcut is the identity. */
  | { kind: 'residual'; main: InferenceStep[]; shortcut: InferenceStep[]; relu: boolean }
  /** Global pooling to 1×1: max, average, or fastai's concat [max, avg] on channels. */
  | { kind: 'global-pool'; pool: 'max' | 'avg' | 'concat' }
  | { kind: 'flatten' }
  /** x·weightᵀ + bias, weight (out, in). */
  | { kind: 'linear'; weight: Weights; bias: Float32Array | null }
  | { kind: 'l2-normalize'; eps: number };

export interface InferencePlan {
  /** Input channels (the first convolution's). */
  inChannels: number;
  steps: InferenceStep[];
}

/** Number of steps, counting those inside residual blocks (for reports). */
export function countSteps(steps: readonly InferenceStep[]): number {
  return steps.reduce((n, s) => n + (s.kind === 'residual' ? 1 + countSteps(s.main) + countSteps(s.shortcut) : 1), 0);
}
