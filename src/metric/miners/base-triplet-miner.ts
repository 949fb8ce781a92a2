// What a triplet miner returns, and the shared path every triplet miner takes: check
// inputs, compare all pairs without gradients, then choose (anchor, positive, negative).
import { noGrad, tidy, type Tensor } from '../../tensor/index.ts';
import { checkEmbeddingsAndLabels } from '../check-inputs.ts';
import type { BaseDistance } from '../distances/base-distance.ts';
import { LpDistance } from '../distances/lp-distance.ts';
import { labelMasks, type LabelMasks } from '../label-masks.ts';

/** Index tuples into the batch: triplet i is (anchors[i], positives[i], negatives[i]); int64, 1-D. */
export interface TripletIndices {
  anchors: Tensor;
  positives: Tensor;
  negatives: Tensor;
}

/** Anything that picks triplets from a labelled batch. */
export interface TripletMiner {
  mine(embeddings: Tensor, labels: Tensor): TripletIndices;
}

export interface BaseTripletMinerOptions {
  /** How the miner compares embeddings (default from defaultDistance(): LpDistance). */
  distance?: BaseDistance;
}

/**
 * Mining runs under noGrad on detached embeddings: it only chooses indices, and the
 * loss recomputes the chosen distances with gradients.
 */
export abstract class BaseTripletMiner implements TripletMiner {
  readonly distance: BaseDistance;

  constructor(options: BaseTripletMinerOptions = {}) {
    this.distance = options.distance ?? this.defaultDistance();
  }

  /** Override to change the distance a subclass uses when none is passed. */
  protected defaultDistance(): BaseDistance {
    return new LpDistance();
  }

  mine(embeddings: Tensor, labels: Tensor): TripletIndices {
    checkEmbeddingsAndLabels(`${this.constructor.name}.mine`, embeddings, labels);
    return noGrad(() => tidy(() => this.choose(this.distance.pairwise(embeddings.detach()), labelMasks(labels))));
  }

  /** Chooses triplets from the (N,N) pairwise values and the label masks. */
  protected abstract choose(pairwise: Tensor, masks: LabelMasks): TripletIndices;
}
