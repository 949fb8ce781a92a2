// Shared by the memory tests (test/optim/training-memory, test/tensor/allocator): a tiny classifier's
// training step, and a garbage collection that also lets Node run the native finalizers of collected
// handles (~200 bytes each), which it does only when the event loop turns.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { crossEntropy } from '../../src/nn/functional/index.ts';
import type { Module } from '../../src/nn/index.ts';
import { AdamW } from '../../src/optim/index.ts';
import { randint, randn, tidy, type Tensor } from '../../src/tensor/index.ts';

// The runner starts node without --expose-gc; V8 can still hand out its gc function.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Three full collections, each followed by a turn of the event loop. */
export async function collect(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await nextTurn();
  }
}

export interface TrainingLoop {
  /** One AdamW step on the fixed batch; returns the loss. */
  step(): number;
  dispose(): void;
}

/** A fixed random batch of `shape` images over `classes` labels, trained with AdamW at lr 1e-3. */
export function trainingLoop(model: Module, shape: number[], classes: number): TrainingLoop {
  const optimizer = new AdamW(model.parameters(), { lr: 1e-3 });
  const images: Tensor = randn(shape);
  const labels: Tensor = randint(0, classes, [shape[0]!]);
  return {
    step: () => tidy(() => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(images), labels);
      loss.backward();
      optimizer.step();
      return loss.item();
    }),
    dispose: () => {
      images.dispose();
      labels.dispose();
      optimizer.dispose();
    },
  };
}
