// Classification and regression losses.
import { ArgumentError } from '../../util/errors.ts';
import { native } from '../../tensor/engine.ts';
import { fromHandle, handleOf, type Tensor } from '../../tensor/tensor.ts';

export type Reduction = 'none' | 'mean' | 'sum';
const reductionCode = (r: Reduction): 0 | 1 | 2 => ({ none: 0, mean: 1, sum: 2 } as const)[r];

/** Cross-entropy of logits (N,C) against int64 class indices (N). */
export function crossEntropy(logits: Tensor, target: Tensor, o: { reduction?: Reduction; labelSmoothing?: number } = {}): Tensor {
  if (target.dtype !== 'int64') throw new ArgumentError(`crossEntropy: expected int64 class indices for target but received ${target.dtype}`);
  return fromHandle(native().crossEntropy(handleOf(logits, 'crossEntropy'), handleOf(target, 'crossEntropy'), reductionCode(o.reduction ?? 'mean'), o.labelSmoothing ?? 0));
}
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return fromHandle(native().mseLoss(handleOf(input, 'mseLoss'), handleOf(target, 'mseLoss'), reductionCode(reduction)));
}
