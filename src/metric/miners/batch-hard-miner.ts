// Batch-hard mining (Hermans, Beyer & Leibe 2017, "In Defense of the Triplet Loss"):
// one triplet per anchor, with its farthest positive and its closest negative.
import { any, indexSelect, logicalAnd, max, min, nonzero, select, where, type Tensor } from '../../tensor/index.ts';
import type { LabelMasks } from '../label-masks.ts';
import { BaseTripletMiner, type BaseTripletMinerOptions, type TripletIndices } from './base-triplet-miner.ts';

export type BatchHardMinerOptions = BaseTripletMinerOptions;

/**
 * For each anchor a: p = argmax farness over positives, n = argmin farness over negatives.
 * Anchors without a positive (a label seen once) or without a negative are skipped.
 * Triplets come out in anchor order.
 */
export class BatchHardMiner extends BaseTripletMiner {
  constructor(options: BatchHardMinerOptions = {}) {
    super(options);
  }

  protected choose(pairwise: Tensor, masks: LabelMasks): TripletIndices {
    const farness = this.distance.farness(pairwise);
    const hardestPositive = max(where(masks.positive, farness, -Infinity), 1).indices;
    const hardestNegative = min(where(masks.negative, farness, Infinity), 1).indices;
    const usable = logicalAnd(any(masks.positive, 1), any(masks.negative, 1));
    const anchors = select(nonzero(usable), 1, 0);
    return {
      anchors,
      positives: indexSelect(hardestPositive, 0, anchors),
      negatives: indexSelect(hardestNegative, 0, anchors),
    };
  }
}
