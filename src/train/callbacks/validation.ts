// Embeds a held-out set after every epoch and records retrieval metrics on learner.metrics.
// The metric function is passed in (src/eval's retrieval metrics in the CLI), keeping
// training independent of evaluation code.
import type { ImageDataset } from '../../data/dataset.ts';
import type { Callback } from '../callback.ts';
import { embedDataset, type Preprocessing } from '../embed.ts';
import type { Learner } from '../learner.ts';

export type EvaluateEmbeddings = (embeddings: Float32Array, dim: number, labels: Int32Array) => Record<string, number>;

export class Validation implements Callback {
  readonly order = 10;

  constructor(private readonly options: { dataset: ImageDataset; preprocessing: Preprocessing; evaluate: EvaluateEmbeddings; batchSize?: number }) {}

  async afterEpoch(learner: Learner): Promise<void> {
    const { dataset, preprocessing, evaluate } = this.options;
    const { embeddings, dim } = await embedDataset(learner.model, dataset, preprocessing, { batchSize: this.options.batchSize ?? 512 });
    learner.model.train();
    Object.assign(learner.metrics, evaluate(embeddings, dim, dataset.labels));
  }
}
