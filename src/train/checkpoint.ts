// Training checkpoints: model weights, optimiser state, a loss's learned state (ArcFace's
// centres), a weight average (WeightAverage's model) and the position in the run, in one safetensors file written atomically. Resuming restores all three, and since every batch's
// randomness depends only on (seed, epoch, batch), the resumed run matches an uninterrupted one.
import { existsSync } from 'node:fs';
import type { Tensor } from '../tensor/tensor.ts';
import type { Module } from '../nn/module.ts';
import type { Optimizer } from '../optim/optimizer.ts';
import { loadStateDictFile, saveStateDict } from '../nn/state-dict-io.ts';
import { dispose } from '../tensor/memory.ts';
import { DataError } from '../util/errors.ts';

export interface RunPosition {
  /** The next batch to run. */
  epoch: number;
  batch: number;
  optimizerSteps: number;
}

export async function saveCheckpoint(file: string, model: Module, optimizer: Optimizer, position: RunPosition, info: Record<string, unknown> = {}, lossState?: Module, average?: Module): Promise<void> {
  const state = new Map<string, Tensor>();
  for (const [name, t] of model.stateDict()) state.set(`model.${name}`, t);
  for (const [name, t] of lossState?.stateDict() ?? []) state.set(`loss.${name}`, t);
  for (const [name, t] of average?.stateDict() ?? []) state.set(`average.${name}`, t);
  for (const [name, t] of optimizer.stateTensors()) state.set(`optimizer.${name}`, t);
  await saveStateDict(file, state, { position: JSON.stringify(position), info: JSON.stringify(info) });
}

/** Loads weights and optimiser state into model and optimizer (and lossState, average); returns where to resume. */
export async function loadCheckpoint(file: string, model: Module, optimizer: Optimizer, lossState?: Module, average?: Module): Promise<{ position: RunPosition; info: Record<string, unknown> }> {
  if (!existsSync(file)) throw new DataError(`loadCheckpoint: expected a checkpoint file for file but ${file} does not exist`, { file });
  const { state, metadata } = await loadStateDictFile(file);
  try {
    const modelState = new Map<string, Tensor>();
    const optimState = new Map<string, Tensor>();
    const lossTensors = new Map<string, Tensor>();
    const averageTensors = new Map<string, Tensor>();
    for (const [name, t] of state) {
      if (name.startsWith('model.')) modelState.set(name.slice(6), t);
      else if (name.startsWith('loss.')) lossTensors.set(name.slice(5), t);
      else if (name.startsWith('average.')) averageTensors.set(name.slice(8), t);
      else if (name.startsWith('optimizer.')) optimState.set(name.slice(10), t);
    }
    // Checked before touching the model, so a plain weights file is named as such, not as a name mismatch.
    const position = JSON.parse(metadata.position ?? 'null') as RunPosition | null;
    if (!position) throw new DataError(`loadCheckpoint: expected a "position" entry in the metadata of ${file}; is it a reid checkpoint?`, { file });
    if (Boolean(lossState && lossState.stateDict().size > 0) !== lossTensors.size > 0) {
      throw new DataError(
        `loadCheckpoint: ${file} was written by a run ${lossTensors.size > 0 ? 'whose loss learns state (ArcFace centres)' : 'whose loss learns nothing'}, unlike this run's loss. Hint: resume with the same --loss, or pass --fresh to start over.`,
        { file },
      );
    }
    if (Boolean(average) !== averageTensors.size > 0) {
      throw new DataError(
        `loadCheckpoint: ${file} was written by a run ${averageTensors.size > 0 ? 'that averaged its weights' : 'that did not average its weights'}, unlike this one. Hint: resume with the same recipe (averageDecay, --average), or pass --fresh to start over.`,
        { file },
      );
    }
    model.loadStateDict(modelState);
    if (lossState && lossTensors.size > 0) lossState.loadStateDict(lossTensors);
    if (average) average.loadStateDict(averageTensors);
    optimizer.loadStateTensors(optimState, position.optimizerSteps);
    return { position, info: JSON.parse(metadata.info ?? '{}') as Record<string, unknown> };
  } finally {
    dispose([...state.values()]);
  }
}
