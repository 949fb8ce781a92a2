// Sum over the mined tuples (its scale grows with the batch; lr must follow).
import { sum, type Tensor } from '../../tensor/index.ts';
import type { Reducer } from './reducer.ts';

export class SumReducer implements Reducer {
  reduce(losses: Tensor): Tensor {
    return sum(losses);
  }
}
