// The catalogue's per-request work off the main thread: a worker thread decodes and normalises
// uploads (preprocessImage) and holds a Gallery of the confirmed sightings for identify requests,
// so a server's event loop never runs a k-NN search or a pixel loop (on the loop, 10,000 sightings
// took 5-40 ms a query, and requests that arrived together ran back to back). Gallery changes and
// searches are handled in message order, so a search sent after a change sees the change.
import { Worker } from 'node:worker_threads';
import type { Calibration, GalleryItem, Identification } from '../gallery/index.ts';
import type { Preprocessing } from '../train/index.ts';
import { ArgumentError, DataError, ReidError } from '../util/errors.ts';
import { ImageTooLargeError } from './embed-files.ts';

/** An error from the worker as the class it was there, so callers (a server's status codes) can tell them apart. */
function rebuilt(name: string | undefined, message: string): Error {
  switch (name) {
    case 'ImageTooLargeError': return new ImageTooLargeError(message);
    case 'DataError': return new DataError(message);
    case 'ArgumentError': return new ArgumentError(message);
    default: return new ReidError(`CatalogSearchWorker: ${message}`);
  }
}

export type SearchRequest =
  | { kind: 'set'; dim: number; calibration: Calibration | null; items: GalleryItem[]; vectors: Float32Array }
  | { kind: 'add'; items: GalleryItem[]; vectors: Float32Array }
  | { kind: 'identify'; queries: Float32Array; top: number }
  | { kind: 'preprocess'; preprocessing: Preprocessing; bytes: Uint8Array; label: string; maxPixels?: number };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class CatalogSearchWorker {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #next = 0;
  #dead: Error | undefined;
  #exited = false;
  /** Items in the worker's gallery once every request sent so far has been handled. */
  size = 0;
  readonly ready: Promise<void>;

  constructor(threads: number) {
    this.#worker = new Worker(new URL('./catalog-search-worker-boot.mjs', import.meta.url), { workerData: { threads } });
    this.#worker.on('error', (error) => this.#fail(new ReidError(`CatalogSearchWorker: the search worker failed: ${error.message}`, { cause: error })));
    this.#worker.on('exit', (code) => {
      this.#exited = true;
      this.#fail(new ReidError(`CatalogSearchWorker: the search worker exited (code ${code}); no more searches can run`));
    });
    this.#worker.on('message', (reply: { id: number; result?: unknown; error?: string; errorName?: string }) => {
      const job = this.#pending.get(reply.id);
      if (!job) return;
      this.#pending.delete(reply.id);
      if (reply.error !== undefined) job.reject(rebuilt(reply.errorName, reply.error));
      else job.resolve(reply.result);
    });
    this.ready = this.#send<void>({ kind: 'add', items: [], vectors: new Float32Array(0) }).catch(() => undefined);
  }

  #fail(error: Error): void {
    this.#dead ??= error;
    for (const job of this.#pending.values()) job.reject(this.#dead);
    this.#pending.clear();
  }

  #send<T>(request: SearchRequest | { kind: 'stop' }): Promise<T> {
    if (this.#dead) return Promise.reject(this.#dead);
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.#worker.postMessage({ id, request });
    });
  }

  /** Replaces the gallery (the vectors are copied, not moved). */
  set(dim: number, calibration: Calibration | null, items: GalleryItem[], vectors: Float32Array): Promise<void> {
    this.size = items.length;
    return this.#send({ kind: 'set', dim, calibration, items, vectors });
  }

  add(items: GalleryItem[], vectors: Float32Array): Promise<void> {
    this.size += items.length;
    return this.#send({ kind: 'add', items, vectors });
  }

  identify(queries: Float32Array, top: number): Promise<Identification[]> {
    return this.#send({ kind: 'identify', queries, top });
  }

  /** preprocessImage in the worker: encoded bytes to uint8 CHW at the model's size. */
  preprocess(preprocessing: Preprocessing, bytes: Uint8Array, label: string, maxPixels?: number): Promise<Uint8Array> {
    return this.#send({ kind: 'preprocess', preprocessing, bytes, label, maxPixels });
  }

  async terminate(): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise((resolve) => this.#worker.once('exit', resolve));
    await this.#send({ kind: 'stop' }).catch(() => undefined);
    await exited;
  }
}
