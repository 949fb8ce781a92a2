// The shape every metric loss shares: a differentiable scalar plus plain-number
// statistics that a training loop can log and the collapse check can read.
import type { Module } from '../../nn/module.ts';
import { mean, noGrad, type Tensor } from '../../tensor/index.ts';

export interface MetricLossStats {
  /** Fraction of mined tuples still violated (hinge: loss > 0; soft margin: d_an ≤ d_ap); 0 when none were mined. */
  activeFraction: number;
  /** Mean anchor–positive value over mined tuples, in the distance's units (a similarity for cosine); NaN when none. */
  meanPositiveDistance: number;
  /** Mean anchor–negative value over mined tuples; NaN when none. */
  meanNegativeDistance: number;
  /** Number of mined tuples: triplets for triplet losses, positive plus negative pairs for pair losses. */
  triplets: number;
}

export interface MetricLossOutput {
  /** 0-d, differentiable with respect to the embeddings (also when nothing was mined). */
  loss: Tensor;
  stats: MetricLossStats;
}

export interface MetricLoss {
  forward(embeddings: Tensor, labels: Tensor): MetricLossOutput;
  /** State the loss learns with the network (ArcFace's identity centres): optimised and checkpointed too. */
  readonly learned?: Module;
}

export interface TupleSummary {
  /** 1-D anchor–positive values of the mined tuples. */
  positive: Tensor;
  /** 1-D anchor–negative values of the mined tuples. */
  negative: Tensor;
  /** 1-D bool, one entry per mined tuple. */
  active: Tensor;
}

/** Reads the statistics of mined tuples as plain numbers (no graph is recorded). */
export function summariseTuples(tuples: TupleSummary): MetricLossStats {
  const meanOf = (t: Tensor): number => (t.numel === 0 ? Number.NaN : mean(t.to('float64')).item());
  return noGrad(() => ({
    activeFraction: tuples.active.numel === 0 ? 0 : meanOf(tuples.active),
    meanPositiveDistance: meanOf(tuples.positive),
    meanNegativeDistance: meanOf(tuples.negative),
    triplets: tuples.active.numel,
  }));
}
