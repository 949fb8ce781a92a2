// Metric learning learns from differences between identities: with fewer than two left to train
// on, every triplet and contrastive loss is zero and a run would "succeed" at learning nothing.
import { ArgumentError, DataError } from '../util/errors.ts';
import type { ImageDataset } from './dataset.ts';

export interface TrainingIdentitiesSource {
  /** The dataset spec, named in the message. */
  data: string;
  /** Identities held out of training (the recipe's holdout, the CLI's --holdout). */
  holdout: readonly string[];
}

/** Throws unless `seen` (the train split minus held-out identities) has images of at least 2 identities. */
export function requireTrainingIdentities(seen: ImageDataset, source: TrainingIdentitiesSource): void {
  const present = [...new Set(seen.labels)];
  if (present.length >= 2) return;
  const found = present.length === 1 ? `1 ("${seen.identities[present[0]!]}")` : '0';
  if (source.holdout.length > 0) {
    throw new ArgumentError(
      `trainRun: expected --holdout to leave at least 2 identities to train on in ${source.data} but it holds out ` +
        `${source.holdout.length} (${source.holdout.slice(0, 10).join(',')}${source.holdout.length > 10 ? ',...' : ''}) and ${found} remain. ` +
        'Hold out fewer identities.',
    );
  }
  throw new DataError(
    `trainRun: expected at least 2 identities in the train split of ${source.data} (metric learning needs at least 2 identities) ` +
      `but found ${found}. Add images of more identities.`,
  );
}
