// Builds the loss a recipe names: triplet (with a miner and a hinge or soft margin) or contrastive.
import {
  AvgNonZeroReducer, BatchAllMiner, BatchHardMiner, ContrastiveLoss, LpDistance, MeanReducer, SemiHardMiner, TripletMarginLoss,
  type MetricLoss,
} from '../metric/index.ts';

export type LossKind = 'triplet' | 'contrastive';
export type MinerKind = 'semihard' | 'batchhard' | 'all';
export type MarginSpec = number | 'soft';

export interface LossSpec {
  loss: LossKind;
  miner: MinerKind;
  margin: MarginSpec;
}

export function buildLoss(spec: LossSpec): MetricLoss {
  const distance = new LpDistance();
  if (spec.loss === 'contrastive') return new ContrastiveLoss({ distance, negMargin: typeof spec.margin === 'number' ? spec.margin : 1 });
  const miner = spec.miner === 'semihard' ? new SemiHardMiner({ distance })
    : spec.miner === 'batchhard' ? new BatchHardMiner({ distance })
      : new BatchAllMiner({ distance });
  const margin = spec.margin === 'soft' ? { kind: 'soft' as const } : { kind: 'hinge' as const, value: spec.margin };
  const reducer = spec.miner === 'all' ? new AvgNonZeroReducer() : new MeanReducer();
  return new TripletMarginLoss({ distance, miner, margin, reducer });
}
