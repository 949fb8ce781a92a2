// Cosine similarity: the dot product of L2-normalised vectors. Larger means closer.
import { matmul, transpose, type Tensor } from '../../tensor/index.ts';
import { BaseDistance } from './base-distance.ts';

/** cos(x, y) in [−1, 1]; rows are always normalised (an inverted measure: isInverted is true). */
export class CosineSimilarity extends BaseDistance {
  readonly isInverted = true;

  constructor() {
    super({ normalizeEmbeddings: true });
  }

  protected compute(query: Tensor, ref: Tensor): Tensor {
    return matmul(query, transpose(ref, 0, 1));
  }
}
