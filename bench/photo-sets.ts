// The catalogues of bench photo, drawn by `reid synth` (src/recipes/synth-run.ts) into the work
// folder and kept between runs (a rerun with the same settings resumes). Individuals are numbered
// from 20000, far from the shipped pattern model's 0-999, and each role has its own range, so the
// fine-tuning, calibration, test and latency individuals are disjoint from one another and from
// everything the pattern model was pre-trained on.
import { join } from 'node:path';
import type { SynthPattern } from '../src/data/index.ts';
import { synthRun } from '../src/recipes/synth-run.ts';

export interface PhotoSetSizes {
  /** Fine-tuning catalogue: individuals × sightings (the acceptance's 2,400 photos: 300 × 8). */
  train: { individuals: number; sightings: number; size: number };
  /** Disjoint individuals the local and fused probabilities and the thresholds are fitted on. */
  calibration: { individuals: number; sightings: number };
  /** Test individuals: 2/3 enrolled from 2 sightings, their other sightings known queries; 1/3 unknown. */
  test: { individuals: number; sightings: number };
  /** Extra enrolled individuals (2 sightings each) so the latency gallery holds `latencyGallery` photos. */
  latencyGallery: number;
  /** Side of the calibration, test and latency photos. */
  size: number;
  /** Queries the Python reference answers (it matches one-vs-all, about 1 query/s). */
  referenceQueries: number;
}

export const fullSizes: PhotoSetSizes = {
  train: { individuals: 300, sightings: 8, size: 128 }, calibration: { individuals: 60, sightings: 5 }, test: { individuals: 150, sightings: 6 },
  latencyGallery: 1000, size: 256, referenceQueries: 90,
};

export const quickSizes: PhotoSetSizes = {
  train: { individuals: 40, sightings: 6, size: 128 }, calibration: { individuals: 24, sightings: 4 }, test: { individuals: 30, sightings: 4 },
  latencyGallery: 100, size: 256, referenceQueries: 12,
};

export interface PhotoSets {
  train: string;
  calibration: string;
  test: string;
  latency: string;
  /** The test catalogue's files by individual (folder name) in number order, sightings in order. */
  testFiles: { identity: string; files: string[] }[];
  latencyFiles: { identity: string; files: string[] }[];
  drawSeconds: number;
}

const firsts = { train: 20000, calibration: 21000, test: 22000, latency: 23000 } as const;

function filesOf(dir: string, pattern: SynthPattern, first: number, individuals: number, sightings: number): { identity: string; files: string[] }[] {
  return Array.from({ length: individuals }, (_, i) => {
    const identity = `${pattern}-${first + i}`;
    return { identity, files: Array.from({ length: sightings }, (_, s) => join(dir, identity, `${s}.jpg`)) };
  });
}

export async function drawPhotoSets(work: string, pattern: SynthPattern, sizes: PhotoSetSizes, log: (line: string) => void): Promise<PhotoSets> {
  const start = performance.now();
  const dirs = { train: join(work, 'train'), calibration: join(work, 'calibration'), test: join(work, 'test'), latency: join(work, 'latency') };
  const latencyIndividuals = Math.max(1, Math.ceil(sizes.latencyGallery / 2) - Math.round((2 / 3) * sizes.test.individuals));
  const plan = [
    ['train', sizes.train.individuals, sizes.train.sightings, sizes.train.size],
    ['calibration', sizes.calibration.individuals, sizes.calibration.sightings, sizes.size],
    ['test', sizes.test.individuals, sizes.test.sightings, sizes.size],
    ['latency', latencyIndividuals, 2, sizes.size],
  ] as const;
  for (const [role, individuals, sightings, size] of plan) {
    const r = await synthRun({ pattern, individuals, sightings, out: dirs[role], first: firsts[role], size });
    log(`bench photo: ${role} catalogue ${dirs[role]}: ${individuals} individuals × ${sightings} at ${size} px (${r.written} drawn now)`);
  }
  return {
    ...dirs,
    testFiles: filesOf(dirs.test, pattern, firsts.test, sizes.test.individuals, sizes.test.sightings),
    latencyFiles: filesOf(dirs.latency, pattern, firsts.latency, latencyIndividuals, 2),
    drawSeconds: (performance.now() - start) / 1000,
  };
}
