// Metric learning: distances, miners, reducers and losses, composed pml-style.
export { BaseDistance } from './distances/base-distance.ts';
export type { BaseDistanceOptions } from './distances/base-distance.ts';
export { LpDistance } from './distances/lp-distance.ts';
export type { LpDistanceOptions } from './distances/lp-distance.ts';
export { SquaredEuclideanDistance } from './distances/squared-euclidean-distance.ts';
export type { SquaredEuclideanDistanceOptions } from './distances/squared-euclidean-distance.ts';
export { CosineSimilarity } from './distances/cosine-similarity.ts';

export { BaseTripletMiner } from './miners/base-triplet-miner.ts';
export type { TripletIndices, TripletMiner, BaseTripletMinerOptions } from './miners/base-triplet-miner.ts';
export { SemiHardMiner } from './miners/semi-hard-miner.ts';
export type { SemiHardMinerOptions } from './miners/semi-hard-miner.ts';
export { BatchHardMiner } from './miners/batch-hard-miner.ts';
export type { BatchHardMinerOptions } from './miners/batch-hard-miner.ts';
export { BatchAllMiner } from './miners/batch-all-miner.ts';
export type { BatchAllMinerOptions, TripletFilter } from './miners/batch-all-miner.ts';
export type { PairIndices, PairMiner } from './miners/pair-miner.ts';
export { AllPairsMiner } from './miners/all-pairs-miner.ts';

export type { Reducer } from './reducers/reducer.ts';
export { MeanReducer } from './reducers/mean-reducer.ts';
export { AvgNonZeroReducer } from './reducers/avg-non-zero-reducer.ts';
export { SumReducer } from './reducers/sum-reducer.ts';

export type { MetricLoss, MetricLossOutput, MetricLossStats } from './losses/metric-loss.ts';
export { BaseMetricLoss } from './losses/base-metric-loss.ts';
export type { BaseMetricLossOptions } from './losses/base-metric-loss.ts';
export { TripletMarginLoss } from './losses/triplet-margin-loss.ts';
export type { TripletMargin, TripletMarginLossOptions } from './losses/triplet-margin-loss.ts';
export { ContrastiveLoss } from './losses/contrastive-loss.ts';
export type { ContrastiveLossOptions } from './losses/contrastive-loss.ts';
export { ArcFaceLoss, ArcFaceWeights } from './losses/arc-face-loss.ts';
export type { ArcFaceLossOptions } from './losses/arc-face-loss.ts';
export { WeightedSumLoss } from './losses/weighted-sum-loss.ts';
export type { WeightedLossTerm } from './losses/weighted-sum-loss.ts';
export { semiHardTripletLoss, batchHardSoftMarginLoss, batchAllTripletLoss } from './losses/triplet-recipes.ts';
export type { TripletRecipeOptions, HingeRecipeOptions } from './losses/triplet-recipes.ts';

export { checkCollapse } from './collapse.ts';
export type { CollapseCheckOptions, CollapseWarning } from './collapse.ts';
