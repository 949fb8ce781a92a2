// What a pair miner returns: positive pairs and negative pairs, for pair losses
// such as contrastive loss (pml's (a1, p, a2, n) tuple).
import type { Tensor } from '../../tensor/index.ts';

/** int64 1-D index vectors: positive pair i is (positiveAnchors[i], positives[i]), likewise negatives. */
export interface PairIndices {
  positiveAnchors: Tensor;
  positives: Tensor;
  negativeAnchors: Tensor;
  negatives: Tensor;
}

/** Anything that picks positive and negative pairs from a labelled batch. */
export interface PairMiner {
  mine(embeddings: Tensor, labels: Tensor): PairIndices;
}
