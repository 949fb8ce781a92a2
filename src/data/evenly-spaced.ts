// Evenly spaced samples of a dataset: the one deterministic way reid caps a split (calibration
// queries, maps, quick galleries, validation), so every workflow picks the same images.
import { ArgumentError } from '../util/errors.ts';
import type { ImageDataset } from './dataset.ts';
import { subset } from './subset.ts';

/** `min(count, length)` indices spread evenly over [0, length), starting at 0. */
export function evenlySpacedIndices(length: number, count: number): Int32Array {
  if (!Number.isInteger(length) || length < 0) throw new ArgumentError(`evenlySpacedIndices: expected a non-negative integer for length but received ${String(length)}`);
  if (!Number.isInteger(count) || count < 0) throw new ArgumentError(`evenlySpacedIndices: expected a non-negative integer for count but received ${String(count)}`);
  const n = Math.min(count, length);
  const step = n === 0 ? 0 : length / n;
  return Int32Array.from({ length: n }, (_, i) => Math.floor(i * step));
}

/** The dataset itself when it has at most `limit` images, else an evenly spaced subset of `limit`. */
export function evenlySpacedSubset(dataset: ImageDataset, limit: number): ImageDataset {
  if (dataset.length <= limit) return dataset;
  return subset(dataset, evenlySpacedIndices(dataset.length, limit), `${dataset.name} (${limit} evenly spaced)`);
}

/**
 * Whole identities, evenly spaced over those present, with about `limit` images in all: what a
 * retrieval validation needs (an identity capped to one image has nothing to retrieve). With
 * `maxPerIdentity`, each identity keeps at most that many images (evenly spaced), so ten digits of
 * 6,000 images each give ten identities, not one.
 */
export function evenlySpacedIdentitySubset(dataset: ImageDataset, limit: number, options: { maxPerIdentity?: number } = {}): ImageDataset {
  const maxPer = options.maxPerIdentity ?? Number.POSITIVE_INFINITY;
  const rows = new Map<number, number[]>();
  for (let i = 0; i < dataset.length; i++) {
    const label = dataset.labels[i]!;
    const list = rows.get(label);
    if (list) list.push(i);
    else rows.set(label, [i]);
  }
  const labels = [...rows.keys()].sort((a, b) => a - b);
  const kept = (label: number) => Math.min(rows.get(label)!.length, maxPer);
  const keptTotal = labels.reduce((n, label) => n + kept(label), 0);
  if (keptTotal === dataset.length && dataset.length <= limit) return dataset;
  const perIdentity = keptTotal / labels.length;
  const count = Math.min(labels.length, Math.max(2, Math.floor(limit / perIdentity)));
  const chosen = Array.from(evenlySpacedIndices(labels.length, count), (i) => labels[i]!);
  const indices = chosen.flatMap((label) => {
    const all = rows.get(label)!;
    return Array.from(evenlySpacedIndices(all.length, kept(label)), (i) => all[i]!);
  }).sort((a, b) => a - b);
  return subset(dataset, indices, `${dataset.name} (${count} identities evenly spaced)`);
}
