// Which pairs of a batch share a label: the masks every miner starts from.
import { arange, eq, logicalAnd, logicalNot, unsqueeze, type Tensor } from '../tensor/index.ts';

export interface LabelMasks {
  /** (N,N) bool: same label and not the same item (a valid anchor–positive pair). */
  positive: Tensor;
  /** (N,N) bool: different labels (a valid anchor–negative pair). */
  negative: Tensor;
}

/** Positive and negative pair masks for int64 labels (N). */
export function labelMasks(labels: Tensor): LabelMasks {
  const n = labels.shape[0]!;
  const index = arange(0, n, 1, { device: labels.device });
  const same = eq(unsqueeze(labels, 1), unsqueeze(labels, 0));
  const diagonal = eq(unsqueeze(index, 1), unsqueeze(index, 0));
  return { positive: logicalAnd(same, logicalNot(diagonal)), negative: logicalNot(same) };
}
