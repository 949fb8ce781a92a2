// What the Learner needs from a loss: embeddings and labels in, a differentiable scalar
// and plain-number statistics out (src/metric's losses have this shape).
import type { Tensor } from '../tensor/tensor.ts';

export interface LossOutput {
  loss: Tensor;
  /** Plain numbers (e.g. activeFraction, meanPositiveDistance); logged and shown in progress. */
  stats: object;
}

export interface EmbeddingLoss {
  forward(embeddings: Tensor, labels: Tensor): LossOutput;
}
