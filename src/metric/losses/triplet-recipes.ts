// The three triplet-loss recipes people reach for, as settings of TripletMarginLoss:
// each fixes a miner, margin kind and reducer, and shares one distance with its miner.
import type { BaseDistance } from '../distances/base-distance.ts';
import { LpDistance } from '../distances/lp-distance.ts';
import { BatchAllMiner } from '../miners/batch-all-miner.ts';
import { BatchHardMiner } from '../miners/batch-hard-miner.ts';
import { SemiHardMiner } from '../miners/semi-hard-miner.ts';
import { AvgNonZeroReducer } from '../reducers/avg-non-zero-reducer.ts';
import { MeanReducer } from '../reducers/mean-reducer.ts';
import { TripletMarginLoss } from './triplet-margin-loss.ts';

export interface TripletRecipeOptions {
  /** Used by both the miner and the loss (default LpDistance, not normalised). */
  distance?: BaseDistance;
}

export interface HingeRecipeOptions extends TripletRecipeOptions {
  /** Hinge margin (defaults differ per recipe; see each). */
  margin?: number;
}

/**
 * FaceNet's online semi-hard triplet loss, as in TF Addons' TripletSemiHardLoss and its
 * tutorial: SemiHardMiner, hinge margin (default 1.0, TF Addons' default), mean over all
 * anchor–positive pairs.
 */
export function semiHardTripletLoss(options: HingeRecipeOptions = {}): TripletMarginLoss {
  const distance = options.distance ?? new LpDistance();
  return new TripletMarginLoss({
    distance,
    miner: new SemiHardMiner({ distance }),
    margin: { kind: 'hinge', value: options.margin ?? 1.0 },
    reducer: new MeanReducer(),
  });
}

/**
 * Hermans et al.'s batch-hard triplet loss with the soft margin log(1 + exp(d_ap − d_an)),
 * their best re-identification setting: BatchHardMiner, mean over anchors.
 */
export function batchHardSoftMarginLoss(options: TripletRecipeOptions = {}): TripletMarginLoss {
  const distance = options.distance ?? new LpDistance();
  return new TripletMarginLoss({
    distance,
    miner: new BatchHardMiner({ distance }),
    margin: { kind: 'soft' },
    reducer: new MeanReducer(),
  });
}

/**
 * Hermans et al.'s "batch all": every valid triplet with a hinge margin (default 0.2),
 * averaged over the triplets whose loss is non-zero (AvgNonZeroReducer).
 */
export function batchAllTripletLoss(options: HingeRecipeOptions = {}): TripletMarginLoss {
  const distance = options.distance ?? new LpDistance();
  return new TripletMarginLoss({
    distance,
    miner: new BatchAllMiner({ distance }),
    margin: { kind: 'hinge', value: options.margin ?? 0.2 },
    reducer: new AvgNonZeroReducer(),
  });
}
