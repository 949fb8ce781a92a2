// Identity-balanced P×K batches for metric learning: P identities with K images each, so every batch
// holds positives (same identity) and negatives (others) for every anchor, which triplet mining needs.
// Identities rotate in shuffled order so an epoch covers them all; images of an identity rotate too.
import { ArgumentError } from '../../util/errors.ts';
import { Random } from '../../util/random.ts';
import type { ImageDataset } from '../dataset.ts';
import { groupByIdentity } from '../group-by-identity.ts';
import type { BatchSampler } from './batch-sampler.ts';

export interface PKSamplerOptions {
  /** P: identities per batch. */
  identitiesPerBatch: number;
  /** K: images per identity in a batch; identities with fewer are sampled with replacement. */
  imagesPerIdentity: number;
  seed: number;
  /**
   * Batches per epoch. Default: enough to visit every identity once, or to draw about as many
   * images as the dataset holds, whichever is more. Fewer than ⌈identities / P⌉ is refused.
   */
  batchesPerEpoch?: number;
  /**
   * How many times each identity (by label) enters each shuffled round of draws (default 1 each):
   * an identity with 100 draws per round is in a batch about 100 times as often as one with 1
   * (how a few digits stay in the batches beside thousands of stroke identities).
   */
  draws?: ArrayLike<number>;
}

export class PKSampler implements BatchSampler {
  readonly batchesPerEpoch: number;
  /** Identity indices with exactly one image: their "positives" are the same image (augmentation differs). */
  readonly singletons: readonly number[];
  /** Human-readable notes about the data (singletons, identities with fewer than K images). */
  readonly warnings: readonly string[];
  private readonly groups: number[][];
  private readonly active: number[];
  /** One round of draws: each active identity as many times as its draws. */
  private readonly round: number[];
  private readonly p: number;
  private readonly k: number;
  private readonly seed: number;

  constructor(dataset: Pick<ImageDataset, 'labels' | 'identities'>, options: PKSamplerOptions) {
    const { identitiesPerBatch: p, imagesPerIdentity: k } = options;
    for (const [key, value] of [['identitiesPerBatch', p], ['imagesPerIdentity', k]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`PKSampler: expected a positive integer for ${key} but received ${String(value)}.`);
    }
    this.groups = groupByIdentity(dataset.labels, dataset.identities.length);
    this.active = this.groups.flatMap((images, identity) => (images.length > 0 ? [identity] : []));
    if (p > this.active.length) {
      throw new ArgumentError(
        `PKSampler: expected identitiesPerBatch ≤ ${this.active.length} (identities that have images) but received ${p}. Lower P or add identities.`,
      );
    }
    const coverage = Math.ceil(this.active.length / p);
    this.batchesPerEpoch = options.batchesPerEpoch ?? Math.max(coverage, Math.floor(dataset.labels.length / (p * k)));
    if (!Number.isInteger(this.batchesPerEpoch) || this.batchesPerEpoch < coverage) {
      throw new ArgumentError(
        `PKSampler: expected batchesPerEpoch ≥ ${coverage} (so an epoch visits all ${this.active.length} identities with P = ${p}) ` +
          `but received ${String(options.batchesPerEpoch)}.`,
      );
    }
    if (options.draws !== undefined) {
      const draws = options.draws;
      if (draws.length !== dataset.identities.length) throw new ArgumentError(`PKSampler: expected one draw count per identity (${dataset.identities.length}) for draws but received ${draws.length}.`);
      for (const identity of this.active) {
        if (!(Number.isInteger(draws[identity]) && draws[identity]! >= 1)) throw new ArgumentError(`PKSampler: expected a positive integer draw count for every identity with images but received ${draws[identity]} for ${dataset.identities[identity]}.`);
      }
    }
    this.round = this.active.flatMap((identity) => Array<number>(options.draws?.[identity] ?? 1).fill(identity));
    this.p = p;
    this.k = k;
    this.seed = options.seed;
    this.singletons = this.active.filter((identity) => this.groups[identity]!.length === 1);
    const name = (identity: number): string => dataset.identities[identity] ?? String(identity);
    const few = this.active.filter((identity) => this.groups[identity]!.length < k);
    const warnings: string[] = [];
    if (this.singletons.length > 0) {
      warnings.push(`${this.singletons.length} identities have a single image (e.g. ${this.singletons.slice(0, 5).map(name).join(', ')}): their positives are copies of it.`);
    }
    if (few.length > 0) warnings.push(`${few.length} identities have fewer than K = ${k} images and are sampled with replacement.`);
    this.warnings = warnings;
  }

  batches(epoch: number): Int32Array[] {
    const random = new Random(this.seed).fork(epoch);
    const queues = new Map<number, number[]>();
    let pool: number[] = [];
    const out: Int32Array[] = [];
    for (let b = 0; b < this.batchesPerEpoch; b++) {
      const chosen: number[] = [];
      const deferred: number[] = [];
      while (chosen.length < this.p) {
        if (pool.length === 0) pool = random.shuffle([...this.round]);
        const identity = pool.pop()!;
        // One already in this batch (a new round, or an identity drawn more than once a round) waits for the next.
        (chosen.includes(identity) ? deferred : chosen).push(identity);
      }
      pool.push(...deferred);
      const batch = new Int32Array(this.p * this.k);
      chosen.forEach((identity, slot) => this.takeImages(identity, random, queues).forEach((image, i) => (batch[slot * this.k + i] = image)));
      out.push(batch);
    }
    return out;
  }

  /** K images of `identity`: its images in rotating shuffled order, or all plus random repeats when fewer than K. */
  private takeImages(identity: number, random: Random, queues: Map<number, number[]>): number[] {
    const images = this.groups[identity]!;
    if (images.length < this.k) {
      const picks = random.shuffle([...images]);
      while (picks.length < this.k) picks.push(images[random.int(images.length)]!);
      return picks;
    }
    let queue = queues.get(identity) ?? [];
    if (queue.length < this.k) queue = [...queue, ...random.shuffle([...images]).filter((image) => !queue.includes(image))];
    queues.set(identity, queue.slice(this.k));
    return queue.slice(0, this.k);
  }
}
