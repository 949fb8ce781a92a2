// What a loader asks a sampler for: the batches of one epoch, as dataset indices. Each epoch is a
// pure function of (seed, epoch), so a run resumed at epoch 7 sees the batches it would have seen.

export interface BatchSampler {
  /** Batches for `epoch` (0-based), deterministic for the sampler's seed. */
  batches(epoch: number): Int32Array[];
  /** Number of batches every epoch yields. */
  readonly batchesPerEpoch: number;
}
