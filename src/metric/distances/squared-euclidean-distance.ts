// Squared Euclidean distance: FaceNet's original ‖f(a) − f(p)‖², smooth everywhere.
import { clampMin, type Tensor } from '../../tensor/index.ts';
import { BaseDistance, type BaseDistanceOptions } from './base-distance.ts';
import { squaredEuclidean } from './lp-distance.ts';

export type SquaredEuclideanDistanceOptions = BaseDistanceOptions;

/** ‖x − y‖², with rounding's tiny negatives clamped to 0. */
export class SquaredEuclideanDistance extends BaseDistance {
  readonly isInverted = false;

  constructor(options: SquaredEuclideanDistanceOptions = {}) {
    super(options);
  }

  protected compute(query: Tensor, ref: Tensor, isSelf: boolean): Tensor {
    return clampMin(squaredEuclidean(query, ref, isSelf), 0);
  }
}
