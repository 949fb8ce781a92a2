// The triplet loss, written once for any distance, miner, reducer and margin kind.
import { gt, le, neg, relu, rsub, softplus, type Tensor } from '../../tensor/index.ts';
import { ArgumentError, expected } from '../../util/errors.ts';
import { checkFinite } from '../check-inputs.ts';
import { BatchAllMiner } from '../miners/batch-all-miner.ts';
import type { TripletMiner } from '../miners/base-triplet-miner.ts';
import { pairValues } from '../pair-values.ts';
import { BaseMetricLoss, type BaseMetricLossOptions } from './base-metric-loss.ts';
import { summariseTuples, type MetricLossOutput } from './metric-loss.ts';

/**
 * hinge: max(m − s, 0) (FaceNet); soft: log(1 + exp(−s)) (Hermans et al.'s soft margin,
 * no margin to tune), where s = separation = d(a,n) − d(a,p) for distances.
 */
export type TripletMargin = { kind: 'hinge'; value: number } | { kind: 'soft' };

export interface TripletMarginLossOptions extends BaseMetricLossOptions {
  /** Which triplets to penalise (default from defaultMiner(): every valid triplet, BatchAllMiner with this loss's distance). */
  miner?: TripletMiner;
  /** Default { kind: 'hinge', value: 0.2 } (FaceNet's α). */
  margin?: TripletMargin;
}

/**
 * loss = reducer([ℓ(s_i)]) over mined triplets i, with s_i = distance.separation(d(a,p), d(a,n))
 * and ℓ from the margin. Distances are recomputed with gradients at the mined indices.
 * Defaults: LpDistance, all triplets, MeanReducer (pml defaults to AvgNonZeroReducer).
 */
export class TripletMarginLoss extends BaseMetricLoss {
  readonly miner: TripletMiner;
  readonly margin: TripletMargin;

  constructor(options: TripletMarginLossOptions = {}) {
    super(options);
    this.miner = options.miner ?? this.defaultMiner();
    this.margin = options.margin ?? { kind: 'hinge', value: 0.2 };
    checkMargin(this.margin);
  }

  /** Every valid triplet, compared with this loss's own distance. */
  protected defaultMiner(): TripletMiner {
    return new BatchAllMiner({ distance: this.distance });
  }

  protected compute(embeddings: Tensor, labels: Tensor): MetricLossOutput {
    const { anchors, positives, negatives } = this.miner.mine(embeddings, labels);
    const pairwise = this.distance.pairwise(embeddings);
    const positive = pairValues(pairwise, anchors, positives);
    const negative = pairValues(pairwise, anchors, negatives);
    const separation = this.distance.separation(positive, negative);
    const margin = this.margin;
    let losses: Tensor;
    let active: Tensor;
    switch (margin.kind) {
      case 'hinge':
        losses = relu(rsub(separation, margin.value));
        active = gt(losses, 0);
        break;
      case 'soft':
        losses = softplus(neg(separation));
        active = le(separation, 0);
        break;
    }
    return { loss: this.reducer.reduce(losses), stats: summariseTuples({ positive, negative, active }) };
  }
}

/** Rejects margins a JS caller could pass past the types (unknown kind, NaN value). */
function checkMargin(margin: TripletMargin): void {
  switch (margin.kind) {
    case 'hinge':
      checkFinite('TripletMarginLoss', 'margin.value', margin.value);
      return;
    case 'soft':
      return;
    default:
      throw new ArgumentError(expected('TripletMarginLoss', 'margin', "{ kind: 'hinge', value } or { kind: 'soft' }", margin as unknown));
  }
}
