// A view of some images of a dataset, keeping its identity list so labels stay comparable
// with the parent and with sibling subsets (query vs gallery, seen vs held-out).
import { ArgumentError } from '../util/errors.ts';
import { checkIndex } from './check-index.ts';
import type { ImageDataset } from './dataset.ts';

export function subset(dataset: ImageDataset, indices: ArrayLike<number>, name?: string): ImageDataset {
  const parentIndex = Int32Array.from(indices);
  for (let i = 0; i < parentIndex.length; i++) {
    const index = parentIndex[i]!;
    if (index < 0 || index >= dataset.length || !Number.isInteger(indices[i])) {
      throw new ArgumentError(
        `subset: expected indices in [0, ${dataset.length}) of "${dataset.name}" but received ${String(indices[i])} at position ${i}.`,
      );
    }
  }
  const labels = new Int32Array(parentIndex.length);
  for (let i = 0; i < parentIndex.length; i++) labels[i] = dataset.labels[parentIndex[i]!]!;
  const subsetName = name ?? `${dataset.name}[subset]`;
  const parentOf = (functionName: string, index: number): number => {
    checkIndex(`${subsetName}.${functionName}`, index, parentIndex.length);
    return parentIndex[index]!;
  };
  const view: ImageDataset = {
    name: subsetName,
    channels: dataset.channels,
    height: dataset.height,
    width: dataset.width,
    length: parentIndex.length,
    labels,
    identities: dataset.identities,
    source: (index) => dataset.source(parentOf('source', index)),
    read: async (index) => dataset.read(parentOf('read', index)),
  };
  const crop = dataset.crop?.bind(dataset);
  const cropped: ImageDataset = crop ? { ...view, crop: (index) => crop(parentOf('crop', index)) } : view;
  const readSync = dataset.readSync?.bind(dataset);
  if (readSync) return { ...cropped, readSync: (index) => readSync(parentOf('read', index)) };
  return cropped;
}

/**
 * Only the images of the named identities, relabelled so the identity list is exactly `names`
 * (unlike `subset`, the others' names are gone too: what a data spec that picks identities means).
 */
export function keepIdentities(dataset: ImageDataset, names: readonly string[], name: string): ImageDataset {
  const newLabel = new Map<number, number>();
  names.forEach((identity, label) => {
    const parent = dataset.identities.indexOf(identity);
    if (parent < 0) throw new ArgumentError(`keepIdentities: expected identities of "${dataset.name}" but received "${identity}" (it has ${dataset.identities.slice(0, 12).join(', ')}${dataset.identities.length > 12 ? ', ...' : ''}).`);
    newLabel.set(parent, label);
  });
  const indices: number[] = [];
  for (let i = 0; i < dataset.length; i++) if (newLabel.has(dataset.labels[i]!)) indices.push(i);
  const view = subset(dataset, indices, name);
  return { ...view, labels: Int32Array.from(indices, (i) => newLabel.get(dataset.labels[i]!)!), identities: [...names] };
}
