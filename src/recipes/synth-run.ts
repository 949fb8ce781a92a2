// `reid synth`: a catalogue of synthetic individuals on disk, OUT/<individual>/<sighting>.jpg plus
// manifest.csv (path,identity,sighting), readable as folder:OUT and csv:OUT/manifest.csv. synth.json
// marks the directory as reid's and records the settings: a rerun with the same settings resumes
// (existing images are complete, being written atomically), other settings redraw every image;
// images reid wrote there earlier that the new set lacks are removed, nothing else is touched.
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SynthDataset, writeJpeg, type SynthImageOptions, type SynthPattern } from '../data/index.ts';
import { mapConcurrent } from '../data/map-concurrent.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.ts';
import { toCsv } from '../util/csv.ts';
import { isErrno } from '../util/errno.ts';
import { ArgumentError } from '../util/errors.ts';
import { checkOutDir, type OutDirKind } from '../util/out-dir.ts';

export interface SynthRunOptions extends SynthImageOptions {
  pattern: SynthPattern;
  individuals: number;
  /** Sightings (images) per individual. */
  sightings: number;
  out: string;
  /** Default 0. */
  seed?: number;
  /** Number of the first individual (default 0); folders are named <pattern>-<number>. */
  first?: number;
  /** JPEG quality of the files, 1..100 (default 90); the sightings' own camera compression comes on top. */
  quality?: number;
  /** Called after each image with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface SynthRunResult {
  /** Images in the catalogue. */
  images: number;
  /** Images drawn by this run (the rest were kept from an earlier run with the same settings). */
  written: number;
  /** Images of an earlier run removed because the new set lacks them. */
  removed: number;
  manifest: string;
}

const ownName = /^(spots|stripes|notches)-\d+$/;
export const synthDirKind: OutDirKind = {
  what: 'synthetic catalogue',
  markers: [{ file: 'synth.json', format: 'reid-synth' }],
  owns: (name) => ownName.test(name) || name === 'manifest.csv' || name === 'synth.json' || /^\.(manifest\.csv|synth\.json)\..*\.tmp$/.test(name),
};

export async function synthRun(options: SynthRunOptions): Promise<SynthRunResult> {
  const { pattern, individuals, sightings, out } = options;
  const quality = options.quality ?? 90;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new ArgumentError(`synthRun: expected an integer quality in [1, 100] but received ${String(quality)}.`);
  const dataset = new SynthDataset({
    ...options, pattern, individuals, sightingsPerIndividual: sightings, seed: options.seed ?? 0, firstIndividual: options.first ?? 0, cacheBytes: 0,
  });
  await checkOutDir(out, '--out', synthDirKind);
  const settings = {
    format: 'reid-synth', pattern, seed: dataset.seed, size: dataset.width, quality,
    difficulty: options.difficulty ?? 0.5, variation: options.variation ?? {},
  };
  const previous = await readSettings(join(out, 'synth.json'));
  const resume = previous !== undefined && sameSettings(previous, settings);
  await mkdir(out, { recursive: true });
  await writeJsonAtomic(join(out, 'synth.json'), { ...settings, first: options.first ?? 0, individuals, sightings, complete: false });
  const jobs = Array.from({ length: dataset.length }, (_, index) => {
    const { individual, sighting } = dataset.sightingOf(index);
    const folder = `${pattern}-${individual}`;
    return { index, folder, path: `${folder}/${sighting}.jpg`, sighting };
  });
  const wanted = new Set(jobs.map((job) => job.path));
  const existing = await ownImages(out);
  let removed = 0;
  for (const path of existing) {
    if (wanted.has(path)) continue;
    await rm(join(out, path), { force: true });
    removed++;
  }
  await Promise.all([...new Set(jobs.map((job) => job.folder))].map((folder) => mkdir(join(out, folder), { recursive: true })));
  let done = 0;
  let written = 0;
  const shape = { channels: 3, height: dataset.height, width: dataset.width };
  await mapConcurrent(jobs, 4, async (job) => {
    if (!(resume && existing.has(job.path))) {
      await writeJpeg(join(out, job.path), dataset.readSync(job.index), shape, quality);
      written++;
    }
    options.onProgress?.(++done, jobs.length);
  });
  await removeEmptyOwnFolders(out, new Set(jobs.map((job) => job.folder)));
  const manifest = join(out, 'manifest.csv');
  await writeFileAtomic(manifest, toCsv([['path', 'identity', 'sighting'], ...jobs.map((job) => [job.path, job.folder, String(job.sighting)])]));
  await writeJsonAtomic(join(out, 'synth.json'), { ...settings, first: options.first ?? 0, individuals, sightings, complete: true });
  return { images: jobs.length, written, removed, manifest };
}

async function readSettings(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function sameSettings(previous: Record<string, unknown>, settings: Record<string, unknown>): boolean {
  return Object.entries(settings).every(([key, value]) => JSON.stringify(previous[key]) === JSON.stringify(value));
}

/** Images reid writes: <pattern>-<n>/<k>.jpg, as paths relative to `out`. */
async function ownImages(out: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const folder of await list(out)) {
    if (!ownName.test(folder)) continue;
    for (const name of await list(join(out, folder))) if (/^\d+\.jpg$/.test(name)) found.add(`${folder}/${name}`);
  }
  return found;
}

async function removeEmptyOwnFolders(out: string, keep: Set<string>): Promise<void> {
  for (const folder of await list(out)) {
    if (!ownName.test(folder) || keep.has(folder)) continue;
    try {
      await rmdir(join(out, folder));
    } catch (error) {
      if (!isErrno(error, 'ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'ENOENT')) throw error;
    }
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
    throw error;
  }
}
