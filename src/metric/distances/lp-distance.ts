// Euclidean (L2) distance with a gradient that stays finite where two points coincide.
import { add, arange, eq, le, matmul, mul, sqrt, sub, sum, transpose, unsqueeze, where, type Tensor } from '../../tensor/index.ts';
import { BaseDistance, type BaseDistanceOptions } from './base-distance.ts';

export type LpDistanceOptions = BaseDistanceOptions;

/**
 * Squared Euclidean distances ‖x‖² + ‖y‖² − 2x·y (one matmul, no (N,M,D) tensor). On the
 * self-comparison the diagonal is set to exactly 0, as rounding would leave it ±1e-16.
 */
export function squaredEuclidean(query: Tensor, ref: Tensor, isSelf: boolean): Tensor {
  const queryNorms = unsqueeze(sum(mul(query, query), { dim: 1 }), 1);
  const refNorms = isSelf ? transpose(queryNorms, 0, 1) : unsqueeze(sum(mul(ref, ref), { dim: 1 }), 0);
  const squared = sub(add(queryNorms, refNorms), mul(matmul(query, transpose(ref, 0, 1)), 2));
  if (!isSelf) return squared;
  const index = arange(0, query.shape[0]!, 1, { device: query.device });
  return where(eq(unsqueeze(index, 1), unsqueeze(index, 0)), 0, squared);
}

/**
 * ‖x − y‖₂, computed as TF Addons' pairwise_distance does: tiny negative squares from
 * rounding count as 0, and sqrt is only taken of positive entries. d sqrt(s)/ds is
 * infinite at s = 0, so the zero entries are swapped for 1 before sqrt and back to 0
 * after; their gradient is 0 instead of NaN (the "double where" guard).
 */
export class LpDistance extends BaseDistance {
  readonly isInverted = false;

  constructor(options: LpDistanceOptions = {}) {
    super(options);
  }

  protected compute(query: Tensor, ref: Tensor, isSelf: boolean): Tensor {
    const squared = squaredEuclidean(query, ref, isSelf);
    const zero = le(squared, 0);
    return where(zero, 0, sqrt(where(zero, 1, squared)));
  }
}
