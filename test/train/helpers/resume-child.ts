// Child process for resume.test.ts: the same tiny one-cycle run as the parent's, with a
// Checkpointer, that stops in its tracks after batch <haltBatch> of epoch <haltEpoch> (after that
// batch's checkpointing) and prints "halted" so the parent can SIGKILL it there.
// Usage: node --import tsx resume-child.ts <checkpoint dir> <haltEpoch> <haltBatch>
import { setNumThreads } from '../../../src/tensor/index.ts';
import { Checkpointer, fitOneCycle, type Callback } from '../../../src/train/index.ts';
import { resumeRun } from './resume-run.ts';
import { tinySetup } from './tiny-setup.ts';

const [dir, haltEpochText, haltBatchText] = process.argv.slice(2);
const haltEpoch = Number(haltEpochText);
const haltBatch = Number(haltBatchText);
if (!dir || !Number.isInteger(haltEpoch) || !Number.isInteger(haltBatch)) throw new Error('usage: resume-child.ts <dir> <haltEpoch> <haltBatch>');
setNumThreads(1);

const halt: Callback = {
  order: 90, // after the Checkpointer (80)
  async afterBatch(learner) {
    if (learner.epoch !== haltEpoch || learner.batchIndex !== haltBatch) return;
    process.stdout.write('halted\n');
    await new Promise(() => setInterval(() => undefined, 60_000)); // wait for SIGKILL
  },
};
const setup = tinySetup({ ...resumeRun.setup, callbacks: [new Checkpointer({ dir, everyBatches: resumeRun.everyBatches }), halt] });
await fitOneCycle(setup.learner, resumeRun.epochs, resumeRun.oneCycle);
process.stdout.write('finished\n');
