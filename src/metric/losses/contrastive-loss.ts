// Contrastive loss (Hadsell, Chopra & LeCun 2006) on mined pairs, squared as in the paper,
// composed pml-style: the reducer runs over positive and negative pairs separately.
import { add, cat, gt, relu, square, type Tensor } from '../../tensor/index.ts';
import { checkFinite } from '../check-inputs.ts';
import { AllPairsMiner } from '../miners/all-pairs-miner.ts';
import type { PairMiner } from '../miners/pair-miner.ts';
import { pairValues } from '../pair-values.ts';
import { AvgNonZeroReducer } from '../reducers/avg-non-zero-reducer.ts';
import type { Reducer } from '../reducers/reducer.ts';
import { BaseMetricLoss, type BaseMetricLossOptions } from './base-metric-loss.ts';
import { summariseTuples, type MetricLossOutput } from './metric-loss.ts';

export interface ContrastiveLossOptions extends BaseMetricLossOptions {
  /** Which pairs to penalise (default from defaultMiner(): AllPairsMiner, every ordered pair). */
  miner?: PairMiner;
  /** Positive pairs closer than this cost nothing (default 0; use 1 for CosineSimilarity). */
  posMargin?: number;
  /** Negative pairs farther than this cost nothing (default 1; use 0 for CosineSimilarity). */
  negMargin?: number;
}

/**
 * For distances:
 *   loss = reducer([relu(d(p) − posMargin)²]) + reducer([relu(negMargin − d(n))²])
 * over mined positive pairs p and negative pairs n; for similarities the differences flip
 * (relu(posMargin − s)², relu(s − negMargin)²). Default reducer AvgNonZeroReducer (pml's),
 * so each half is the mean over the pairs that still cost something.
 */
export class ContrastiveLoss extends BaseMetricLoss {
  readonly miner: PairMiner;
  readonly posMargin: number;
  readonly negMargin: number;

  constructor(options: ContrastiveLossOptions = {}) {
    super(options);
    this.miner = options.miner ?? this.defaultMiner();
    this.posMargin = options.posMargin ?? 0;
    this.negMargin = options.negMargin ?? 1;
    checkFinite('ContrastiveLoss', 'posMargin', this.posMargin);
    checkFinite('ContrastiveLoss', 'negMargin', this.negMargin);
  }

  protected override defaultReducer(): Reducer {
    return new AvgNonZeroReducer();
  }

  protected defaultMiner(): PairMiner {
    return new AllPairsMiner();
  }

  protected compute(embeddings: Tensor, labels: Tensor): MetricLossOutput {
    const pairs = this.miner.mine(embeddings, labels);
    const pairwise = this.distance.pairwise(embeddings);
    const positive = pairValues(pairwise, pairs.positiveAnchors, pairs.positives);
    const negative = pairValues(pairwise, pairs.negativeAnchors, pairs.negatives);
    // A positive pair costs what it lacks of being posMargin close; a negative pair what it
    // lacks of being negMargin far: separation(x, y) measures how much farther y is than x.
    const positiveLosses = square(relu(this.distance.separation(this.posMargin, positive)));
    const negativeLosses = square(relu(this.distance.separation(negative, this.negMargin)));
    return {
      loss: add(this.reducer.reduce(positiveLosses), this.reducer.reduce(negativeLosses)),
      stats: summariseTuples({ positive, negative, active: gt(cat([positiveLosses, negativeLosses]), 0) }),
    };
  }
}
