// Semi-hard negatives exactly as FaceNet (Schroff et al. 2015) and TF Addons'
// triplet_semihard_loss choose them. Note: pml's TripletMarginMiner("semihard") differs
// (it keeps only negatives inside the margin band and never falls back).
import {
  any, expand, logicalAnd, max, min, nonzero, select, unsqueeze, where, type Tensor,
} from '../../tensor/index.ts';
import type { LabelMasks } from '../label-masks.ts';
import { pairValues } from '../pair-values.ts';
import { BaseTripletMiner, type BaseTripletMinerOptions, type TripletIndices } from './base-triplet-miner.ts';

export type SemiHardMinerOptions = BaseTripletMinerOptions;

/**
 * One triplet per anchor–positive pair (a ≠ p, same label). The negative is the closest
 * negative strictly farther from a than p is; when there is none, the farthest negative
 * (TF Addons' fallback). Anchors with no negative at all are skipped (TF Addons would
 * compare them with d(a,a) = 0). Triplets come out in (anchor, positive) order.
 * Builds an (N,N,N) mask, so memory grows as N³.
 */
export class SemiHardMiner extends BaseTripletMiner {
  constructor(options: SemiHardMinerOptions = {}) {
    super(options);
  }

  protected choose(pairwise: Tensor, masks: LabelMasks): TripletIndices {
    const n = pairwise.shape[0]!;
    const farness = this.distance.farness(pairwise);
    // semiHard[a,p,k]: k is a negative of a and strictly farther from a than p is.
    const fartherThanPositive = this.distance.closer(unsqueeze(pairwise, 2), unsqueeze(pairwise, 1));
    const semiHard = logicalAnd(fartherThanPositive, unsqueeze(masks.negative, 1));
    const closestSemiHard = min(where(semiHard, unsqueeze(farness, 1), Infinity), 2).indices;
    const farthestNegative = max(where(masks.negative, farness, -Infinity), 1).indices;
    const chosen = where(any(semiHard, 2), closestSemiHard, expand(unsqueeze(farthestNegative, 1), [n, n]));

    const pairs = nonzero(logicalAnd(masks.positive, unsqueeze(any(masks.negative, 1), 1)));
    const anchors = select(pairs, 1, 0);
    const positives = select(pairs, 1, 1);
    return { anchors, positives, negatives: pairValues(chosen, anchors, positives) };
  }
}
