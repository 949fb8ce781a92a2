// `reid lr-find`: a training setup as trainRun builds it, swept by the LR finder only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LrFindResult } from '../train/index.ts';
import { trainRun, type TrainRecipe } from './train-run.ts';

export async function lrFindRun(recipe: TrainRecipe, options: { iterations?: number; quiet?: boolean } = {}): Promise<LrFindResult> {
  const out = mkdtempSync(join(tmpdir(), 'reid-lr-find-'));
  try {
    const result = await trainRun({ ...recipe, lr: 'find', epochs: 0, validationLimit: 0 }, { out, resume: false, quiet: options.quiet, lrFindIterations: options.iterations });
    result.model.dispose();
    return result.lrFind!;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
