// Additive angular margin loss (ArcFace, Deng et al. 2019) and its sub-center variant (Deng et
// al. 2020): each training identity has `subCenters` learned unit vectors; an embedding's cosine
// to an identity is its best sub-center's; the true identity's angle gets a margin m before a
// scaled softmax. The wildlife benchmarks found it transfers better than triplet losses.
// Sub-center ArcFace is a setting (subCenters > 1), not a copy. Its weights are parameters the
// optimiser must train alongside the network (see `parameters()`), and a checkpoint must save.
import { Module } from '../../nn/module.ts';
import { crossEntropy } from '../../nn/functional/loss.ts';
import { normalize } from '../../nn/functional/normalization.ts';
import { kaimingUniform } from '../../nn/init.ts';
import {
  add, amax, clamp, gather, gt, matmul, maxAll, mean, minAll, mul, noGrad, reshape, rsub, scatter, sqrt, square, sub, transpose, unsqueeze, where, zeros, zerosLike,
  type Tensor,
} from '../../tensor/index.ts';
import { ArgumentError } from '../../util/errors.ts';
import { checkEmbeddingsAndLabels, checkFinite } from '../check-inputs.ts';
import type { MetricLoss, MetricLossOutput } from './metric-loss.ts';

export interface ArcFaceLossOptions {
  /** Number of training identities (labels must lie in [0, classes)). */
  classes: number;
  /** Embedding size. */
  dim: number;
  /** Additive angular margin in radians (default 0.5, ArcFace's 28.6°). */
  margin?: number;
  /** Logit scale s (default 64, ArcFace's). */
  scale?: number;
  /** Learned centres per identity (default 1: plain ArcFace; 3 is the sub-center paper's). */
  subCenters?: number;
}

/** The learned identity centres, as a Module so state dicts, checkpoints and `parameters()` just work. */
export class ArcFaceWeights extends Module {
  readonly weight: Tensor;
  constructor(rows: number, dim: number) {
    super();
    this.weight = this.registerParameter('weight', zeros([rows, dim]));
    kaimingUniform(this.weight);
  }
  forward(x: Tensor): Tensor {
    // The centres follow the embeddings' dtype (float64 in gradient checks); the cast is differentiable.
    return matmul(normalize(x), transpose(normalize(this.weight.to(x.dtype)), 0, 1));
  }
}

export class ArcFaceLoss implements MetricLoss {
  readonly classes: number;
  readonly margin: number;
  readonly scale: number;
  readonly subCenters: number;
  readonly weights: ArcFaceWeights;

  constructor(options: ArcFaceLossOptions) {
    for (const key of ['classes', 'dim'] as const) {
      if (!Number.isInteger(options[key]) || options[key] < 1) throw new ArgumentError(`ArcFaceLoss: expected a positive integer for ${key} but received ${String(options[key])}.`);
    }
    this.classes = options.classes;
    this.margin = options.margin ?? 0.5;
    this.scale = options.scale ?? 64;
    this.subCenters = options.subCenters ?? 1;
    checkFinite('ArcFaceLoss', 'margin', this.margin);
    checkFinite('ArcFaceLoss', 'scale', this.scale);
    if (!(this.margin >= 0 && this.margin < Math.PI / 2)) throw new ArgumentError(`ArcFaceLoss: expected a margin in [0, π/2) radians but received ${this.margin}.`);
    if (!(this.scale > 0)) throw new ArgumentError(`ArcFaceLoss: expected a positive scale but received ${this.scale}.`);
    if (!Number.isInteger(this.subCenters) || this.subCenters < 1) throw new ArgumentError(`ArcFaceLoss: expected a positive integer for subCenters but received ${String(options.subCenters)}.`);
    this.weights = new ArcFaceWeights(this.classes * this.subCenters, options.dim);
  }

  /** The identity centres: hand them to the optimiser with the network's parameters. */
  parameters(): Tensor[] {
    return this.weights.parameters();
  }

  get learned(): ArcFaceWeights {
    return this.weights;
  }

  /** Cosine of each embedding to each identity (its best sub-center), N × classes. */
  cosines(embeddings: Tensor): Tensor {
    const all = this.weights.forward(embeddings);
    if (this.subCenters === 1) return all;
    return amax(reshape(all, [embeddings.shape[0]!, this.classes, this.subCenters]), 2);
  }

  forward(embeddings: Tensor, labels: Tensor): MetricLossOutput {
    checkEmbeddingsAndLabels('ArcFaceLoss.forward', embeddings, labels);
    const range = labels.numel === 0 ? [0, 0] : noGrad(() => [minAll(labels).item(), maxAll(labels).item()]);
    if (range[0]! < 0 || range[1]! >= this.classes) {
      throw new ArgumentError(`ArcFaceLoss.forward: expected labels in [0, ${this.classes}) but received labels from ${range[0]} to ${range[1]}.`);
    }
    const cosines = this.cosines(embeddings);
    const index = unsqueeze(labels, 1);
    // Clamped away from ±1 so the sine's gradient stays finite.
    const target = clamp(gather(cosines, 1, index), -1 + 1e-7, 1 - 1e-7);
    const sine = sqrt(rsub(square(target), 1));
    const withMargin = sub(mul(target, Math.cos(this.margin)), mul(sine, Math.sin(this.margin)));
    // Past θ = π − m, cos(θ + m) would turn back up; insightface's linear extension keeps it monotonic.
    const monotonic = where(gt(target, Math.cos(Math.PI - this.margin)), withMargin, sub(target, Math.sin(Math.PI - this.margin) * this.margin));
    const delta = scatter(zerosLike(cosines), 1, index, sub(monotonic, target));
    const logits = mul(add(cosines, delta), this.scale);
    const loss = crossEntropy(logits, labels);
    return { loss, stats: arcFaceStats(cosines, logits, index) };
  }
}

function arcFaceStats(cosines: Tensor, logits: Tensor, index: Tensor): MetricLossOutput['stats'] {
  return noGrad(() => {
    const positive = gather(cosines, 1, index);
    // The best wrong identity: hide the true one below any cosine.
    const others = scatter(cosines, 1, index, -2);
    const negative = amax(others, 1);
    const violated = gt(amax(scatter(logits, 1, index, -Infinity), 1), reshape(gather(logits, 1, index), [-1]));
    return {
      activeFraction: cosines.shape[0] === 0 ? 0 : mean(violated.to('float64')).item(),
      meanPositiveDistance: mean(positive.to('float64')).item(),
      meanNegativeDistance: mean(negative.to('float64')).item(),
      triplets: cosines.shape[0]!,
    };
  });
}
