// Mean over the tuples that still contribute (loss > 0), as Hermans et al. 2017 do for
// "batch all": averaging over all triplets would let the many easy ones dilute the
// gradient to nothing as training progresses.
import { clampMin, div, gt, sum, type Tensor } from '../../tensor/index.ts';
import type { Reducer } from './reducer.ts';

/** sum(losses) / max(#{losses > 0}, 1); the count is a constant for autograd. */
export class AvgNonZeroReducer implements Reducer {
  reduce(losses: Tensor): Tensor {
    return div(sum(losses), clampMin(sum(gt(losses, 0)), 1));
  }
}
