// P×K batches that each hold identities of one source only (one part of a SPEC+SPEC data spec,
// e.g. one synthetic pattern; identity-sources.ts finds each identity's part), the sources taking turns in proportion to their identities.
// Why (issue 11, bench/photo-pattern-study.ts): with spots, stripes and notches mixed in every
// batch, the photo network mapped each pattern to one point (probe distance within a pattern
// 0.02, between patterns 1.34; soft-margin loss at ln 2) at every lr and loss tried, ArcFace
// included; with one pattern per batch the same run kept within-pattern distances near 1.1.
// The likely reading (not isolated by a run of its own): a mixed batch lets BatchNorm's batch centring
// be met by three pattern means while each pattern shrinks to a point, which lowers a soft-margin
// loss whose triplets are all violated.
import { ArgumentError } from '../../util/errors.ts';
import type { ImageDataset } from '../dataset.ts';
import type { BatchSampler } from './batch-sampler.ts';
import { PKSampler } from './pk-sampler.ts';

export interface SourceTurnsSamplerOptions {
  /** P (lowered to a source's identity count when it has fewer). */
  identitiesPerBatch: number;
  /** K. */
  imagesPerIdentity: number;
  seed: number;
  batchesPerEpoch: number;
  /** The source (0, 1, ...) of each identity of the dataset, by label. */
  identitySource: Int32Array;
}

export class SourceTurnsSampler implements BatchSampler {
  readonly batchesPerEpoch: number;
  /** Which source each batch of an epoch draws from (the same every epoch). */
  readonly schedule: readonly number[];
  private readonly samplers: { sampler: PKSampler; items: Int32Array }[];

  constructor(dataset: Pick<ImageDataset, 'labels' | 'identities'>, options: SourceTurnsSamplerOptions) {
    const { identitySource, batchesPerEpoch } = options;
    if (identitySource.length !== dataset.identities.length) {
      throw new ArgumentError(`SourceTurnsSampler: expected one source per identity (${dataset.identities.length}) for identitySource but received ${identitySource.length}.`);
    }
    if (!Number.isSafeInteger(batchesPerEpoch) || batchesPerEpoch < 1) throw new ArgumentError(`SourceTurnsSampler: expected a positive integer for batchesPerEpoch but received ${String(batchesPerEpoch)}.`);
    const sources = Math.max(0, ...identitySource) + 1;
    const itemsOf: number[][] = Array.from({ length: sources }, () => []);
    dataset.labels.forEach((label, item) => itemsOf[identitySource[label]!]!.push(item));
    const present = itemsOf.flatMap((items, source) => (items.length > 0 ? [source] : []));
    const identityCount = present.map((source) => new Set(itemsOf[source]!.map((item) => dataset.labels[item]!)).size);
    // Largest deficit first: after b batches each source has had about b × its share of them.
    const total = identityCount.reduce((a, b) => a + b, 0);
    const taken = present.map(() => 0);
    const schedule: number[] = [];
    for (let b = 0; b < batchesPerEpoch; b++) {
      let best = 0;
      present.forEach((_, i) => {
        const deficit = (identityCount[i]! / total) * (b + 1) - taken[i]!;
        if (deficit > (identityCount[best]! / total) * (b + 1) - taken[best]! + 1e-12) best = i;
      });
      taken[best]!++;
      schedule.push(best);
    }
    this.samplers = present.map((source, i) => {
      const items = Int32Array.from(itemsOf[source]!);
      const p = Math.min(options.identitiesPerBatch, identityCount[i]!);
      const view = { labels: Int32Array.from(items, (item) => dataset.labels[item]!), identities: dataset.identities };
      const sampler = new PKSampler(view, {
        identitiesPerBatch: p, imagesPerIdentity: options.imagesPerIdentity, seed: options.seed + 7919 * source,
        batchesPerEpoch: Math.max(taken[i]!, Math.ceil(identityCount[i]! / p)),
      });
      return { sampler, items };
    });
    this.schedule = schedule;
    this.batchesPerEpoch = batchesPerEpoch;
  }

  batches(epoch: number): Int32Array[] {
    const lists = this.samplers.map(({ sampler, items }) => sampler.batches(epoch).map((batch) => batch.map((local) => items[local]!)));
    const next = this.samplers.map(() => 0);
    return this.schedule.map((i) => lists[i]![next[i]!++]!);
  }
}
