// Per-identity draw counts (PKSampler's `draws`) that give each source of a SPEC+SPEC spec a chosen
// share of the identities batches draw. By default every identity is drawn equally often, so
// seven MNIST digits beside 3,400 stroke identities would be in 3% of batches; with shares 0.2 and
// 0.8 a digit is in about every other batch.
import { ArgumentError } from '../../util/errors.ts';
import type { ImageDataset } from '../dataset.ts';

export function drawsForSourceShares(dataset: Pick<ImageDataset, 'labels' | 'identities'>, identitySource: Int32Array, shares: readonly number[]): Int32Array {
  const fn = 'drawsForSourceShares';
  const sources = Math.max(0, ...identitySource) + 1;
  if (shares.length !== sources) throw new ArgumentError(`${fn}: expected one share per source of the data spec (${sources}) for --source-shares but received ${shares.length} (${shares.join(',')}).`);
  if (!shares.every((s) => Number.isFinite(s) && s > 0)) throw new ArgumentError(`${fn}: expected positive finite shares for --source-shares but received ${shares.join(',')}.`);
  // Identities with images, per source.
  const present = new Set(dataset.labels);
  const counts = new Array<number>(sources).fill(0);
  for (const label of present) counts[identitySource[label]!]!++;
  const empty = counts.findIndex((c) => c === 0);
  if (empty >= 0) throw new ArgumentError(`${fn}: expected identities with images in every source but source ${empty + 1} of the data spec has none left to train on.`);
  // Draws per identity ∝ share / identities; the rarest-drawn source gets 1.
  const perIdentity = shares.map((share, s) => share / counts[s]!);
  const least = Math.min(...perIdentity);
  return Int32Array.from(identitySource, (source) => Math.max(1, Math.round(perIdentity[source]! / least)));
}
