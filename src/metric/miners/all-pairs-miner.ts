// Every ordered pair of the batch: (i, j) with i ≠ j and the same label is positive,
// with different labels negative. Each unordered pair appears twice, as in pml.
import { noGrad, nonzero, select, tidy, type Tensor } from '../../tensor/index.ts';
import { checkEmbeddingsAndLabels } from '../check-inputs.ts';
import { labelMasks } from '../label-masks.ts';
import type { PairIndices, PairMiner } from './pair-miner.ts';

export class AllPairsMiner implements PairMiner {
  mine(embeddings: Tensor, labels: Tensor): PairIndices {
    checkEmbeddingsAndLabels('AllPairsMiner.mine', embeddings, labels);
    return noGrad(() => tidy(() => {
      const masks = labelMasks(labels);
      const positive = nonzero(masks.positive);
      const negative = nonzero(masks.negative);
      return {
        positiveAnchors: select(positive, 1, 0),
        positives: select(positive, 1, 1),
        negativeAnchors: select(negative, 1, 0),
        negatives: select(negative, 1, 1),
      };
    }));
  }
}
