// Every valid triplet of the batch (Hermans et al. 2017, "batch all"), optionally only
// those a hinge loss with the given margin still penalises.
import { logicalAnd, lt, nonzero, select, unsqueeze, type Tensor } from '../../tensor/index.ts';
import { checkFinite } from '../check-inputs.ts';
import type { LabelMasks } from '../label-masks.ts';
import { BaseTripletMiner, type BaseTripletMinerOptions, type TripletIndices } from './base-triplet-miner.ts';

/** Which of the valid triplets to keep. */
export type TripletFilter =
  | { kind: 'all' }
  /** Only triplets with separation d(a,n) − d(a,p) < margin, i.e. a positive hinge loss. */
  | { kind: 'violating'; margin: number };

export interface BatchAllMinerOptions extends BaseTripletMinerOptions {
  /** Default { kind: 'all' }. */
  filter?: TripletFilter;
}

/**
 * All (a, p, n) with label[a] = label[p], a ≠ p, label[n] ≠ label[a], in lexicographic
 * order. Builds an (N,N,N) mask, so memory grows as N³ (16M entries at N = 256).
 */
export class BatchAllMiner extends BaseTripletMiner {
  readonly filter: TripletFilter;

  constructor(options: BatchAllMinerOptions = {}) {
    super(options);
    this.filter = options.filter ?? { kind: 'all' };
    if (this.filter.kind === 'violating') checkFinite('BatchAllMiner', 'filter.margin', this.filter.margin);
  }

  protected choose(pairwise: Tensor, masks: LabelMasks): TripletIndices {
    let valid = logicalAnd(unsqueeze(masks.positive, 2), unsqueeze(masks.negative, 1));
    const filter = this.filter;
    switch (filter.kind) {
      case 'all':
        break;
      case 'violating': {
        // separation[a,p,n] = how much farther n is than p from a.
        const separation = this.distance.separation(unsqueeze(pairwise, 2), unsqueeze(pairwise, 1));
        valid = logicalAnd(valid, lt(separation, filter.margin));
        break;
      }
    }
    const triplets = nonzero(valid);
    return { anchors: select(triplets, 1, 0), positives: select(triplets, 1, 1), negatives: select(triplets, 1, 2) };
  }
}
