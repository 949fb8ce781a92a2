// Recognising the classic failure of triplet training, from a batch's loss statistics:
// the network maps everything to one point (or one direction), d_ap = d_an, and a hinge
// loss sits at exactly its margin with every triplet active and no useful gradient.
import type { MetricLossStats } from './losses/metric-loss.ts';

export interface CollapseCheckOptions {
  /** Distances this close to 0 count as 0 (default 1e-6). Only meaningful for distances, not similarities. */
  pointTolerance?: number;
  /** |d_an − d_ap| at most this fraction of the larger of the two counts as no separation (default 0.01). */
  separationTolerance?: number;
  /** Fraction of active tuples from which "everything is violated" is assumed (default 0.99). */
  activeThreshold?: number;
}

export type CollapseWarning =
  /** Both mean distances are ~0: all embeddings coincide. */
  | { kind: 'single-point'; message: string }
  /** Nearly every tuple active and negatives no farther than positives (also catches cosine collapse). */
  | { kind: 'no-separation'; message: string };

const advice =
  'Try: a lower learning rate (or a warm-up); batch-hard mining with a soft margin (batchHardSoftMarginLoss), ' +
  'which keeps a gradient where a hinge at its margin has none; a larger P×K batch (more identities, more images each); ' +
  'and check the labels (a bug that gives many items one label makes "pull everything together" the optimum).';

const format = (x: number): string => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : x.toFixed(4));

/**
 * A warning when the statistics look like collapsed embeddings, else null. Pure: it reads
 * one batch's numbers; call it every few steps and act on repeated warnings.
 */
export function checkCollapse(stats: MetricLossStats, options: CollapseCheckOptions = {}): CollapseWarning | null {
  const pointTolerance = options.pointTolerance ?? 1e-6;
  const separationTolerance = options.separationTolerance ?? 0.01;
  const activeThreshold = options.activeThreshold ?? 0.99;
  const positive = stats.meanPositiveDistance;
  const negative = stats.meanNegativeDistance;
  if (stats.triplets === 0 || !Number.isFinite(positive) || !Number.isFinite(negative)) return null;

  if (Math.abs(positive) <= pointTolerance && Math.abs(negative) <= pointTolerance) {
    return {
      kind: 'single-point',
      message: `checkCollapse: embeddings have collapsed to a single point (mean anchor–positive distance ${format(positive)}, ` +
        `mean anchor–negative distance ${format(negative)} over ${stats.triplets} tuples). The network gives every input ` +
        `the same embedding, so a hinge triplet loss sits at its margin and its gradient no longer separates identities. ${advice}`,
    };
  }
  const gap = Math.abs(negative - positive);
  if (stats.activeFraction >= activeThreshold && gap <= separationTolerance * Math.max(Math.abs(positive), Math.abs(negative))) {
    return {
      kind: 'no-separation',
      message: `checkCollapse: embeddings look collapsed: ${(stats.activeFraction * 100).toFixed(1)}% of ${stats.triplets} tuples ` +
        `are active and negatives are no farther than positives (mean anchor–positive ${format(positive)}, ` +
        `anchor–negative ${format(negative)}). The embedding no longer distinguishes identities and the loss is stuck ` +
        `near its margin. ${advice}`,
    };
  }
  return null;
}
