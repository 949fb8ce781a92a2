// The batch forward pass off the main thread: a worker thread loads the model bundle (its own
// libtorch handles; the addon is context-aware) and embeds batches on request, so a server's
// event loop keeps answering while the network runs.
import { Worker } from 'node:worker_threads';
import { getNumThreads } from '../tensor/system.ts';
import { ReidError } from '../util/errors.ts';

interface Reply {
  id: number;
  embeddings?: Float32Array;
  dim?: number;
  error?: string;
}

interface Job {
  resolve: (r: { embeddings: Float32Array; dim: number }) => void;
  reject: (e: Error) => void;
}

export interface EmbeddingWorkerOptions {
  /**
   * libtorch intra-op threads for the worker. Thread counts are per OS thread, so the worker does
   * not inherit the caller's setting; default: the caller's current count (`getNumThreads()`).
   */
  threads?: number;
}

export class EmbeddingWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Job>();
  #next = 0;
  /** Why the worker can no longer answer (set once it has exited or failed). */
  #dead: Error | undefined;
  #terminating = false;
  #exited = false;
  readonly ready: Promise<void>;
  /** The thread count the worker reported once ready. */
  threads = 0;

  /** Starts a worker that loads the bundle in `modelDir`. */
  constructor(modelDir: string, options: EmbeddingWorkerOptions = {}) {
    const threads = options.threads ?? getNumThreads();
    this.#worker = new Worker(new URL('./embedding-worker-boot.mjs', import.meta.url), { workerData: { modelDir, threads } });
    this.#worker.on('error', (error) => this.#fail(new ReidError(`EmbeddingWorker: the worker for ${modelDir} failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      const how = this.#terminating ? 'was terminated' : `exited (code ${code})`;
      this.#fail(new ReidError(`EmbeddingWorker: the worker for ${modelDir} ${how}; no more images can be embedded`));
    });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.once('message', (m: { ready?: boolean; threads?: number; error?: string }) => {
        if (!m.ready) return reject(new ReidError(`EmbeddingWorker: ${m.error}`));
        this.threads = m.threads!;
        resolve();
      });
      // Settles `ready` if the worker dies before it says so (a no-op once resolved);
      // the handlers above ran first, so #dead holds the cause.
      this.#worker.once('exit', () => reject(this.#dead));
    });
    this.ready.catch(() => undefined);
    this.#worker.on('message', (reply: Reply) => {
      const job = this.#pending.get(reply.id);
      if (!job) return;
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) job.reject(new ReidError(`EmbeddingWorker: ${reply.error}`));
      else job.resolve({ embeddings: reply.embeddings!, dim: reply.dim! });
    });
  }

  /** Rejects every pending request, and every later one, with `error` (the first cause wins). */
  #fail(error: Error): void {
    this.#dead ??= error;
    for (const job of this.#pending.values()) job.reject(this.#dead);
    this.#pending.clear();
  }

  /** Embeds preprocessed images (uint8 CHW at the model's size) in the worker. */
  async embed(images: readonly Uint8Array[]): Promise<{ embeddings: Float32Array; dim: number }> {
    await this.ready;
    if (this.#dead) throw this.#dead;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, images });
    });
  }

  /**
   * Stops the worker once the request in hand is done (later ones reject). Forcing a worker out of
   * a native forward pass aborts the whole process (seen: "terminate called after throwing an
   * instance of 'Napi::Error'"), so it is forced only if it has not stopped after `graceMs`.
   */
  async terminate(graceMs = 10_000): Promise<void> {
    if (this.#exited) return;
    this.#terminating = true;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    this.#worker.postMessage({ stop: true });
    const force = setTimeout(() => void this.#worker.terminate(), graceMs);
    await exited;
    clearTimeout(force);
  }
}
