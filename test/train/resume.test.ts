// Kill and resume: a one-cycle run (augmentation and dropout on) SIGKILLed mid-epoch in a child
// process and resumed from its last checkpoint by a fresh model, optimiser and Learner ends with
// the same weights, buffers and Adam moments, bit for bit, as the same run left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { batchHardSoftMarginLoss } from '../../src/metric/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { Checkpointer, Learner, Recorder, fitOneCycle, loadCheckpoint, type Callback } from '../../src/train/index.ts';
import { resumeRun } from './helpers/resume-run.ts';
import { assertSameState, differingTensors, stateBytes, tinySetup, tinyShape, type TinySetup } from './helpers/tiny-setup.ts';

setNumThreads(1); // the child uses one thread too: the same kernels, the same floating-point sums

const child = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'resume-child.ts');

/** Starts the child run and SIGKILLs it once it reports that it halted after batch `batch` of `epoch`. */
function runUntilKilled(dir: string, epoch: number, batch: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, String(epoch), String(batch)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('halted\n')) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && out.includes('halted\n')) resolve();
      else reject(new Error(`resume-child: expected to be killed mid-run but it exited with code ${code}, signal ${signal}:\n${out}${err}`));
    });
  });
}

const momentBytes = (setup: TinySetup): Map<string, Buffer> =>
  new Map([...setup.optimizer.stateTensors()].map(([k, t]) => [k, Buffer.from(t.data().buffer.slice(0))]));

class BatchLog implements Callback {
  readonly seen: string[] = [];
  afterBatch(learner: Learner): void {
    this.seen.push(`${learner.epoch}:${learner.batchIndex}`);
  }
}

test('a run killed mid-epoch and resumed from last.ckpt ends bit for bit where the uninterrupted run ends', { timeout: 120_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reid-resume-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const { epochs, everyBatches, oneCycle } = resumeRun;

  // A: left alone (with the same callbacks, so the comparison is of the resume alone).
  const recorderA = new Recorder();
  const a = tinySetup({ ...resumeRun.setup, callbacks: [new Checkpointer({ dir: join(dir, 'a'), everyBatches }), recorderA] });
  await fitOneCycle(a.learner, epochs, oneCycle);
  const finalA = stateBytes(a.model);
  assert.equal(recorderA.losses.length, 10);

  // B: killed in the middle of epoch 1, after its batch 2; the last checkpoint was written after batch 1.
  const dirB = join(dir, 'b');
  await runUntilKilled(dirB, 1, 2);
  const recorderB = new Recorder();
  const log = new BatchLog();
  const b = tinySetup({ ...resumeRun.setup, initSeed: 99, callbacks: [new Checkpointer({ dir: dirB, everyBatches }), recorderB, log] });
  const { position } = await loadCheckpoint(join(dirB, 'last.ckpt'), b.model, b.optimizer);
  assert.deepEqual(position, { epoch: 1, batch: 2, optimizerSteps: 7 });
  assert.ok(differingTensors(stateBytes(b.model), finalA).length > 0, 'the checkpoint is not the final state');
  b.learner.startAt = { epoch: position.epoch, batch: position.batch };
  await fitOneCycle(b.learner, epochs, oneCycle);

  assert.deepEqual(log.seen, ['1:2', '1:3', '1:4'], 'batches run after resuming');
  assert.deepEqual(recorderB.lrs, recorderA.lrs.slice(7), 'the one-cycle schedule resumes by position');
  assert.deepEqual(recorderB.losses, recorderA.losses.slice(7), 'losses of the resumed batches');
  assertSameState(stateBytes(b.model), finalA, 'resumed vs uninterrupted');
  assertSameState(momentBytes(b), momentBytes(a), 'Adam moments, resumed vs uninterrupted');
  assert.equal(b.optimizer.steps, a.optimizer.steps);

  // Control: the same resume without the Learner's per-batch seed draws other dropout masks and ends elsewhere,
  // so the equality above does depend on the randomness being restored.
  const c = tinySetup({ ...resumeRun.setup, initSeed: 99 });
  await loadCheckpoint(join(dirB, 'last.ckpt'), c.model, c.optimizer);
  const unseeded = new Learner({ model: c.model, loss: batchHardSoftMarginLoss(), loader: c.loader, optimizer: c.optimizer, shape: tinyShape });
  unseeded.startAt = { epoch: position.epoch, batch: position.batch };
  await fitOneCycle(unseeded, epochs, oneCycle);
  assert.ok(differingTensors(stateBytes(c.model), finalA).length > 0, 'without the seed the resumed run differs');
  for (const setup of [a, b, c]) setup.dispose();
});
