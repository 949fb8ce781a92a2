// Reading matrix[rows[i], cols[i]] for index vectors, differentiably (a flat gather),
// so a loss can recompute distances with gradients at the pairs a miner chose.
import { add, indexSelect, mul, reshape, type Tensor } from '../tensor/index.ts';

/** matrix (N,M) at (rows[i], cols[i]) for int64 index vectors of equal length: a 1-D tensor. */
export function pairValues(matrix: Tensor, rows: Tensor, cols: Tensor): Tensor {
  const width = matrix.shape[1]!;
  return indexSelect(reshape(matrix, [-1]), 0, add(mul(rows, width), cols));
}
