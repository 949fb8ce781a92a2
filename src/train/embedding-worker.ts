// The batch forward pass off the main thread: a worker thread loads the model bundle (its own
// libtorch handles; the addon is context-aware) and embeds batches on request, so a server's
// event loop keeps answering while the network runs.
import { Worker } from 'node:worker_threads';
import { ReidError } from '../util/errors.ts';

interface Reply {
  id: number;
  embeddings?: Float32Array;
  dim?: number;
  error?: string;
}

export class EmbeddingWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (r: { embeddings: Float32Array; dim: number }) => void; reject: (e: Error) => void }>();
  #next = 0;
  readonly ready: Promise<void>;

  /** Starts a worker that loads the bundle in `modelDir`. */
  constructor(modelDir: string) {
    this.#worker = new Worker(new URL('./embedding-worker-boot.mjs', import.meta.url), { workerData: { modelDir } });
    this.ready = new Promise((resolve, reject) => {
      this.#worker.once('message', (m: { ready?: boolean; error?: string }) => (m.ready ? resolve() : reject(new ReidError(`EmbeddingWorker: ${m.error}`))));
      this.#worker.once('error', reject);
    });
    this.ready.then(() => {
      this.#worker.on('message', (reply: Reply) => {
        const job = this.#pending.get(reply.id);
        if (!job) return;
        this.#pending.delete(reply.id);
        if (reply.error !== undefined) job.reject(new ReidError(`EmbeddingWorker: ${reply.error}`));
        else job.resolve({ embeddings: reply.embeddings!, dim: reply.dim! });
      });
    }, () => undefined);
    this.#worker.on('error', (error) => {
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
    });
  }

  /** Embeds preprocessed images (uint8 CHW at the model's size) in the worker. */
  async embed(images: readonly Uint8Array[]): Promise<{ embeddings: Float32Array; dim: number }> {
    await this.ready;
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ id, images });
    });
  }

  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }
}
