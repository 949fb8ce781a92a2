// The directory of a training run (`reid train --out`): the model bundle, with the run's own logs
// and checkpoints beside it. Resuming from it restores the weights, the optimiser, the position,
// the best epoch so far and the history, so a resumed or re-run finished run ends where an
// uninterrupted one would, and a finished run is not trained again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Module } from '../nn/index.ts';
import { loadCheckpoint, modelBundleDirKind, type Checkpointer, type EpochRecord, type Learner, type Recorder, type RunPosition } from '../train/index.ts';
import { DataError } from '../util/errors.ts';
import type { OutDirKind } from '../util/out-dir.ts';

const runFiles = ['train.jsonl', 'history.json', 'checkpoints', 'lr-find.json', 'training-curves.png'];

/** A run directory for the `--out` rule: a model bundle, or what a run writes before its bundle exists. */
export const trainRunDirKind: OutDirKind = {
  what: 'model bundle or training run',
  markers: modelBundleDirKind.markers,
  owns: (name) => modelBundleDirKind.owns(name) || runFiles.includes(name) || /^\.(history\.json|lr-find\.json)\.\d+\.[0-9a-f]+\.tmp$/.test(name),
};

export interface RunHistory {
  epochs: EpochRecord[];
  losses: number[];
  lrs: number[];
}

/** What each checkpoint keeps of the run's history (the Checkpointer's `info` hook). */
export function historyOf(recorder: Recorder): { history: RunHistory } {
  return { history: { epochs: recorder.epochs, losses: recorder.losses, lrs: recorder.lrs } };
}

export interface Resumed {
  position: RunPosition;
  maxLr: number;
  /** Metrics of the last epoch checkpointed. */
  metrics: Record<string, number>;
}

/** Loads `checkpointer.lastPath` into the learner's model and optimiser, and the run's state into the callbacks. */
export async function resumeFromCheckpoint(out: string, learner: Learner, checkpointer: Checkpointer, recorder: Recorder, average?: Module): Promise<Resumed> {
  const { position, info } = await loadCheckpoint(checkpointer.lastPath, learner.model, learner.optimizer, learner.loss.learned, average);
  checkpointer.restore(info);
  const history = info.history as Partial<RunHistory> | undefined;
  recorder.epochs.push(...(history?.epochs ?? []));
  recorder.losses.push(...(history?.losses ?? []));
  recorder.lrs.push(...(history?.lrs ?? []));
  learner.startAt = { epoch: position.epoch, batch: position.batch };
  const recipeFile = join(out, 'checkpoints', 'recipe.json');
  let maxLr: unknown;
  try {
    maxLr = (JSON.parse(await readFile(recipeFile, 'utf8')) as { maxLr?: unknown }).maxLr;
  } catch (cause) {
    throw new DataError(`trainRun: expected the run's recipe in ${recipeFile} beside ${checkpointer.lastPath} but could not read it: ${(cause as Error).message}. Hint: pass --fresh to start over.`, { file: recipeFile, cause });
  }
  if (typeof maxLr !== 'number' || !(maxLr > 0)) {
    throw new DataError(`trainRun: expected a positive maxLr in ${recipeFile} but received ${String(maxLr)}. Hint: pass --fresh to start over.`, { file: recipeFile });
  }
  return { position, maxLr, metrics: (info.metrics as Record<string, number> | undefined) ?? {} };
}
