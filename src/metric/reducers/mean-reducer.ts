// Mean over every mined tuple, zero losses included (FaceNet, TF Addons, batch hard).
import { div, sum, type Tensor } from '../../tensor/index.ts';
import type { Reducer } from './reducer.ts';

/** sum(losses) / max(count, 1): the mean, and 0 (not NaN) for an empty batch. */
export class MeanReducer implements Reducer {
  reduce(losses: Tensor): Tensor {
    return div(sum(losses), Math.max(losses.numel, 1));
  }
}
