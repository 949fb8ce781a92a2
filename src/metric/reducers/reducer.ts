// A reducer turns the per-tuple losses of a batch into the scalar that is optimised.
import type { Tensor } from '../../tensor/index.ts';

export interface Reducer {
  /**
   * A 0-d tensor from the 1-D per-tuple losses. An empty input gives 0 that is still
   * connected to the graph (so backward() works and yields zero gradients).
   */
  reduce(losses: Tensor): Tensor;
}
