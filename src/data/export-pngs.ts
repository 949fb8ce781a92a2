// Writes datasets as PNG folders in the layout of the classic MNIST-as-PNG tutorials:
// OUT/training/<identity>/<n>.png and OUT/testing/<identity>/<n>.png, n being the dataset index
// (so a file traces back to its source). Used by `reid export`.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError } from '../util/errors.ts';
import type { ImageDataset } from './dataset.ts';
import { mapConcurrent } from './map-concurrent.ts';
import { writePng } from './write-png.ts';

export interface ExportPngsOptions {
  /** Called after each image with (done, total), for progress display. */
  onProgress?: (done: number, total: number) => void;
  /** PNGs encoded at once; default 8. */
  concurrency?: number;
}

/** Writes each named split (e.g. { training, testing }) under `outDir`; returns the number of files written. */
export async function exportPngs(splits: Readonly<Record<string, ImageDataset>>, outDir: string, options: ExportPngsOptions = {}): Promise<number> {
  const jobs: { dataset: ImageDataset; index: number; file: string }[] = [];
  for (const [split, dataset] of Object.entries(splits)) {
    const folders = dataset.identities.map((identity) => join(outDir, safeName(split, 'split'), safeName(identity, 'identity')));
    const used = new Set<number>();
    for (let index = 0; index < dataset.length; index++) {
      const label = dataset.labels[index]!;
      used.add(label);
      jobs.push({ dataset, index, file: join(folders[label]!, `${index}.png`) });
    }
    await Promise.all([...used].map((label) => mkdir(folders[label]!, { recursive: true })));
  }
  let done = 0;
  await mapConcurrent(jobs, options.concurrency ?? 8, async ({ dataset, index, file }) => {
    await writePng(file, await dataset.read(index), dataset);
    options.onProgress?.(++done, jobs.length);
  });
  return jobs.length;
}

/** Identity names become folder names: refuse anything that would climb out or nest. */
function safeName(name: string, what: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new ArgumentError(`exportPngs: expected a ${what} name usable as a folder name but received "${name}".`);
  }
  return name;
}
