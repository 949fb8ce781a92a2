// The part of every metric loss that is not the formula: its composable parts, with
// defaults from overridable hooks (pml's get_default_distance / get_default_reducer),
// input checks, and memory scoping.
import { tidy, type Tensor } from '../../tensor/index.ts';
import { checkEmbeddingsAndLabels } from '../check-inputs.ts';
import type { BaseDistance } from '../distances/base-distance.ts';
import { LpDistance } from '../distances/lp-distance.ts';
import { MeanReducer } from '../reducers/mean-reducer.ts';
import type { Reducer } from '../reducers/reducer.ts';
import type { MetricLoss, MetricLossOutput } from './metric-loss.ts';

export interface BaseMetricLossOptions {
  /** How the loss compares embeddings (default from defaultDistance()). */
  distance?: BaseDistance;
  /** How per-tuple losses become one scalar (default from defaultReducer()). */
  reducer?: Reducer;
}

export abstract class BaseMetricLoss implements MetricLoss {
  readonly distance: BaseDistance;
  readonly reducer: Reducer;

  constructor(options: BaseMetricLossOptions = {}) {
    this.distance = options.distance ?? this.defaultDistance();
    this.reducer = options.reducer ?? this.defaultReducer();
  }

  /** LpDistance (Euclidean, not normalised) unless a subclass says otherwise. */
  protected defaultDistance(): BaseDistance {
    return new LpDistance();
  }

  /** MeanReducer unless a subclass says otherwise. */
  protected defaultReducer(): Reducer {
    return new MeanReducer();
  }

  /** The loss of a batch of embeddings (N,D) with int64 labels (N). Intermediates are freed; the graph is kept. */
  forward(embeddings: Tensor, labels: Tensor): MetricLossOutput {
    checkEmbeddingsAndLabels(`${this.constructor.name}.forward`, embeddings, labels);
    return tidy(() => this.compute(embeddings, labels));
  }

  /** The formula: runs inside forward's tidy scope on checked inputs. */
  protected abstract compute(embeddings: Tensor, labels: Tensor): MetricLossOutput;
}
