// Several metric losses on the same batch, summed with weights: Luo et al.'s "Bag of Tricks"
// trains re-ID with a triplet loss beside an identity-classification loss (here ArcFace), whose
// gradient cannot vanish when the embeddings coincide, as the batch-hard triplet's does.
import { Module } from '../../nn/module.ts';
import { add, mul, tidy, type Tensor } from '../../tensor/index.ts';
import { ArgumentError } from '../../util/errors.ts';
import { checkFinite } from '../check-inputs.ts';
import type { MetricLoss, MetricLossOutput } from './metric-loss.ts';

export interface WeightedLossTerm {
  loss: MetricLoss;
  /** Default 1. */
  weight?: number;
}

/** Holds the learned state of every term (e.g. ArcFace's centres) under "0.*", "1.*", ... by term. */
class LearnedTerms extends Module {
  constructor(terms: readonly WeightedLossTerm[]) {
    super();
    terms.forEach((term, i) => {
      if (term.loss.learned) this.registerModule(String(i), term.loss.learned);
    });
  }
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * loss = Σ weight_i · loss_i(embeddings, labels). The statistics (what the collapse monitor and
 * the logs read) are the first term's, so put the triplet term first.
 */
export class WeightedSumLoss implements MetricLoss {
  readonly terms: readonly Required<WeightedLossTerm>[];
  readonly learned?: Module;

  constructor(terms: readonly WeightedLossTerm[]) {
    if (terms.length === 0) throw new ArgumentError('WeightedSumLoss: expected at least one term for terms but received none.');
    this.terms = terms.map(({ loss, weight }, i) => {
      const w = weight ?? 1;
      checkFinite('WeightedSumLoss', `terms[${i}].weight`, w);
      if (w < 0) throw new ArgumentError(`WeightedSumLoss: expected a weight ≥ 0 for terms[${i}].weight but received ${w}.`);
      return { loss, weight: w };
    });
    if (terms.some((term) => term.loss.learned)) this.learned = new LearnedTerms(terms);
  }

  forward(embeddings: Tensor, labels: Tensor): MetricLossOutput {
    // tidy frees the terms' own scalars and the partial sums; the graph is kept.
    return tidy(() => {
      const outputs = this.terms.map((term) => term.loss.forward(embeddings, labels));
      let total = mul(outputs[0]!.loss, this.terms[0]!.weight);
      for (let i = 1; i < outputs.length; i++) total = add(total, mul(outputs[i]!.loss, this.terms[i]!.weight));
      return { loss: total, stats: outputs[0]!.stats };
    });
  }
}
