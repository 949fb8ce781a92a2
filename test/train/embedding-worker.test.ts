import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { EmbeddingWorker, ReidError } from '../../src/index.ts';
import { glyph, serveFixture } from '../web/helpers/fixture.ts';

/** Settles with the promise's outcome, or with 'still pending' after a generous guard (never the assertion itself). */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return Promise.race([promise.then(() => 'resolved', (error: unknown) => error), delay(30_000, 'still pending')]);
}

test('the worker runs with the thread count it is given (counts are per OS thread, so it does not inherit one)', async () => {
  const { modelDir } = await serveFixture(['star']);
  for (const threads of [1, 3]) {
    const worker = new EmbeddingWorker(modelDir, { threads });
    try {
      await worker.ready;
      assert.equal(worker.threads, threads);
    } finally {
      await worker.terminate();
    }
  }
});

test('terminate lets the request in hand finish; one queued behind it, and any later one, reject instead of hanging', async () => {
  const { modelDir } = await serveFixture(['star']);
  const worker = new EmbeddingWorker(modelDir, { threads: 1 });
  await worker.ready;
  // Big enough to be mid-forward when the stop arrives; forcing a worker out of native code aborts the process.
  const inHand = outcome(worker.embed(Array.from({ length: 1000 }, () => glyph('moon'))));
  await delay(0); // posted before the stop
  const queued = outcome(worker.embed([glyph('star')])); // posted after it (embed awaits ready first)
  await worker.terminate();
  assert.equal(await inHand, 'resolved');
  const error = await queued;
  assert.ok(error instanceof ReidError, `queued: ${String(error)}`);
  assert.match((error as Error).message, /^EmbeddingWorker: the worker for .*model was terminated; no more images can be embedded$/);
  const later = await outcome(worker.embed([glyph('moon')]));
  assert.ok(later instanceof ReidError, `later: ${String(later)}`);
});

test('a worker whose bundle cannot load rejects ready and every request, naming the directory', async () => {
  const worker = new EmbeddingWorker('/nonexistent/model-dir', { threads: 1 });
  const ready = await outcome(worker.ready);
  assert.ok(ready instanceof ReidError, String(ready));
  assert.match((ready as Error).message, /nonexistent\/model-dir/);
  assert.ok(await outcome(worker.embed([glyph('star')])) instanceof ReidError);
  await worker.terminate();
});
