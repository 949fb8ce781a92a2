// The local-feature benchmark's set drawn by `reid synth` (src/recipes/synth-run.ts): individuals
// numbered from 100000 (never among any training set's), the first `known` enrolled from sightings 0
// and 1 and queried with sighting 2, the other `unknown` queried once each.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SynthPattern } from '../src/data/index.ts';
import { synthRun } from '../src/recipes/synth-run.ts';
import type { SyntheticSet } from './local-synthetic.ts';

export async function writeSynthSet(dir: string, pattern: SynthPattern, known: number, unknown: number, size: number): Promise<SyntheticSet> {
  const setFile = join(dir, 'set.json');
  if (existsSync(setFile)) return JSON.parse(readFileSync(setFile, 'utf8')) as SyntheticSet;
  const first = 100000;
  await synthRun({ pattern, individuals: known + unknown, sightings: 3, out: dir, first, size });
  const set: SyntheticSet = { gallery: [], queries: [] };
  for (let i = 0; i < known + unknown; i++) {
    const identity = `${pattern}-${first + i}`;
    const file = (s: number) => join(dir, identity, `${s}.jpg`);
    if (i < known) {
      set.gallery.push({ file: file(0), identity }, { file: file(1), identity });
      set.queries.push({ file: file(2), identity, known: true });
    } else {
      set.queries.push({ file: file(0), identity, known: false });
    }
  }
  for (const f of [...set.gallery, ...set.queries]) if (!existsSync(f.file)) throw new Error(`bench local: reid synth did not write ${f.file}`);
  writeFileSync(setFile, JSON.stringify(set));
  return set;
}
