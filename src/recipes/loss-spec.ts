// Builds the loss a recipe names: triplet (with a miner and a hinge or soft margin), contrastive,
// or ArcFace / sub-center ArcFace (which learn one or more centres per training identity, so they
// need the number of identities and the embedding size).
import {
  ArcFaceLoss, AvgNonZeroReducer, BatchAllMiner, BatchHardMiner, ContrastiveLoss, LpDistance, MeanReducer, SemiHardMiner, TripletMarginLoss,
  type MetricLoss,
} from '../metric/index.ts';
import { ArgumentError } from '../util/errors.ts';

export type LossKind = 'triplet' | 'contrastive' | 'arcface' | 'subcenter-arcface';
export type MinerKind = 'semihard' | 'batchhard' | 'all';
export type MarginSpec = number | 'soft';

export interface LossSpec {
  loss: LossKind;
  miner: MinerKind;
  margin: MarginSpec;
  /** ArcFace's logit scale (default 30: its 64 suits thousands of classes, 30 trains faster on fewer). */
  arcScale?: number;
}

/** What a loss with learned centres must know about the run. */
export interface LossContext {
  classes: number;
  dim: number;
}

export const lossKinds: readonly LossKind[] = ['triplet', 'contrastive', 'arcface', 'subcenter-arcface'];

export function buildLoss(spec: LossSpec, context?: LossContext): MetricLoss {
  const distance = new LpDistance();
  switch (spec.loss) {
    case 'contrastive':
      return new ContrastiveLoss({ distance, negMargin: typeof spec.margin === 'number' ? spec.margin : 1 });
    case 'arcface':
    case 'subcenter-arcface': {
      if (!context) throw new ArgumentError(`buildLoss: expected the number of identities and the embedding size for loss "${spec.loss}".`);
      // margin 'soft' (the triplet default) means "the loss's own default" here: ArcFace's 0.5 rad.
      const margin = typeof spec.margin === 'number' ? spec.margin : 0.5;
      return new ArcFaceLoss({ ...context, margin, scale: spec.arcScale ?? 30, subCenters: spec.loss === 'subcenter-arcface' ? 3 : 1 });
    }
    case 'triplet': {
      const miner = spec.miner === 'semihard' ? new SemiHardMiner({ distance })
        : spec.miner === 'batchhard' ? new BatchHardMiner({ distance })
          : new BatchAllMiner({ distance });
      const margin = spec.margin === 'soft' ? { kind: 'soft' as const } : { kind: 'hinge' as const, value: spec.margin };
      const reducer = spec.miner === 'all' ? new AvgNonZeroReducer() : new MeanReducer();
      return new TripletMarginLoss({ distance, miner, margin, reducer });
    }
  }
}
