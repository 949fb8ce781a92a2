// Which part of a SPEC+SPEC data spec each identity came from (SourceTurnsSampler's sources).
import { ArgumentError } from '../util/errors.ts';
import { openDataset, type DatasetSpec } from './open-dataset.ts';

/**
 * The source of each identity of a dataset opened from `spec`: the index of the SPEC+SPEC part
 * that names it (all 0 for a single source). Parts are listed again, without their images.
 */
export async function identitySources(spec: DatasetSpec, identities: readonly string[]): Promise<Int32Array> {
  const out = new Int32Array(identities.length);
  if (spec.kind !== 'concat') return out;
  const partOf = new Map<string, number>();
  for (const [part, partSpec] of spec.parts.entries()) {
    for (const name of (await openDataset(partSpec, { preload: false })).train.identities) partOf.set(name, part);
  }
  identities.forEach((name, i) => {
    const part = partOf.get(name);
    if (part === undefined) throw new ArgumentError(`identitySources: expected identity "${name}" in one of the parts of the data spec but found it in none.`);
    out[i] = part;
  });
  return out;
}
