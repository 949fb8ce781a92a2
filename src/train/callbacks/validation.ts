// Embeds a held-out set after every epoch and records its retrieval metrics (precisionAt1,
// mAP, mapAtR: src/eval's leave-one-out protocol) on learner.metrics.
import type { ImageDataset } from '../../data/dataset.ts';
import type { Callback } from '../callback.ts';
import { embedDataset } from '../embed-dataset.ts';
import type { Preprocessing } from '../preprocessing.ts';
import type { Learner } from '../learner.ts';
import { retrievalSummary } from '../retrieval-summary.ts';

export interface ValidationOptions {
  dataset: ImageDataset;
  preprocessing: Preprocessing;
  /** Default 512. */
  batchSize?: number;
}

export class Validation implements Callback {
  readonly order = 10;

  constructor(private readonly options: ValidationOptions) {}

  async afterEpoch(learner: Learner): Promise<void> {
    const { dataset, preprocessing } = this.options;
    const { embeddings, dim } = await embedDataset(learner.model, dataset, preprocessing, { batchSize: this.options.batchSize ?? 512 });
    learner.model.train();
    Object.assign(learner.metrics, retrievalSummary(embeddings, dim, dataset.labels));
  }
}
