// Several sources as one dataset (`mnist+strokes:5000`): images back to back, identity lists
// joined, so ten digits and thousands of stroke identities train together. Identity names must not
// clash across parts: two parts naming the same individual would be a silent merge.
import { ArgumentError } from '../util/errors.ts';
import { checkIndex } from './check-index.ts';
import type { ImageDataset } from './dataset.ts';

export function concatDatasets(parts: readonly ImageDataset[], name?: string): ImageDataset {
  if (parts.length === 0) throw new ArgumentError('concatDatasets: expected at least one dataset but received none.');
  const first = parts[0]!;
  if (parts.length === 1) return first;
  for (const part of parts) {
    if (part.channels !== first.channels || part.height !== first.height || part.width !== first.width) {
      throw new ArgumentError(
        `concatDatasets: expected every part to share ${first.name}'s shape ${first.channels}×${first.height}×${first.width} but ${part.name} is ${part.channels}×${part.height}×${part.width}.`,
      );
    }
  }
  const identities: string[] = [];
  const seenNames = new Map<string, string>();
  const labelOffset: number[] = [];
  const starts: number[] = [];
  let length = 0;
  for (const part of parts) {
    labelOffset.push(identities.length);
    starts.push(length);
    length += part.length;
    for (const identity of part.identities) {
      const other = seenNames.get(identity);
      if (other !== undefined) throw new ArgumentError(`concatDatasets: expected distinct identity names across parts but "${identity}" is in both ${other} and ${part.name}.`);
      seenNames.set(identity, part.name);
      identities.push(identity);
    }
  }
  const labels = new Int32Array(length);
  parts.forEach((part, p) => {
    for (let i = 0; i < part.length; i++) labels[starts[p]! + i] = part.labels[i]! + labelOffset[p]!;
  });
  const locate = (fn: string, index: number): [ImageDataset, number] => {
    checkIndex(`${view.name}.${fn}`, index, length);
    let p = parts.length - 1;
    while (starts[p]! > index) p--;
    return [parts[p]!, index - starts[p]!];
  };
  const view: ImageDataset = {
    name: name ?? parts.map((p) => p.name).join('+'),
    channels: first.channels, height: first.height, width: first.width, length, labels, identities,
    source: (index) => {
      const [part, i] = locate('source', index);
      return part.source(i);
    },
    read: async (index) => {
      const [part, i] = locate('read', index);
      return part.read(i);
    },
  };
  if (parts.some((p) => p.crop)) {
    view.crop = (index) => {
      const [part, i] = locate('crop', index);
      return part.crop?.(i);
    };
  }
  if (parts.every((p) => p.readSync)) {
    return { ...view, readSync: (index) => {
      const [part, i] = locate('read', index);
      return part.readSync!(i);
    } };
  }
  return view;
}
