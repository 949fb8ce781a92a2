// The run that resume.test.ts and its child share: 2 epochs of 5 batches, augmented, dropout on,
// one-cycle schedule, a checkpoint every 2 batches.
import type { TinySetupOptions } from './tiny-setup.ts';

export const resumeRun = {
  setup: { seed: 31, batchesPerEpoch: 5, augment: true } satisfies TinySetupOptions,
  epochs: 2,
  everyBatches: 2,
  oneCycle: { maxLr: 5e-3 },
};
