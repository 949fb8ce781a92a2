// Embeds a held-out set after every epoch and records its retrieval metrics (precisionAt1,
// mAP, mapAtR: src/eval's leave-one-out protocol) on learner.metrics.
import type { ImageDataset } from '../../data/dataset.ts';
import type { Callback } from '../callback.ts';
import { embedDataset } from '../embed-dataset.ts';
import type { Preprocessing } from '../preprocessing.ts';
import type { Learner } from '../learner.ts';
import type { Module } from '../../nn/module.ts';
import { retrievalSummary } from '../retrieval-summary.ts';

export interface ValidationOptions {
  dataset: ImageDataset;
  preprocessing: Preprocessing;
  /** Default 512. */
  batchSize?: number;
  /** The weights to validate, when not the learner's (a WeightAverage's average). */
  model?: Module;
}

export class Validation implements Callback {
  readonly order = 10;

  constructor(private readonly options: ValidationOptions) {}

  async afterEpoch(learner: Learner): Promise<void> {
    const { dataset, preprocessing } = this.options;
    const model = this.options.model ?? learner.model;
    const { embeddings, dim } = await embedDataset(model, dataset, preprocessing, { batchSize: this.options.batchSize ?? 512 });
    if (model === learner.model) learner.model.train();
    Object.assign(learner.metrics, retrievalSummary(embeddings, dim, dataset.labels));
  }
}
