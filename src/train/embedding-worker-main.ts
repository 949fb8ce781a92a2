// The worker side of EmbeddingWorker: load the bundle once, then embed each request with the
// chosen inference engine (REID_ENGINE is inherited from the parent's environment).
import { parentPort, workerData } from 'node:worker_threads';
import { getNumThreads, setNumThreads } from '../tensor/system.ts';
import { createBundleEmbedder } from './bundle-embedder.ts';
import { loadModelBundle } from './model-bundle.ts';

const port = parentPort!;
const { modelDir, threads } = workerData as { modelDir: string; threads: number };
try {
  const bundle = await loadModelBundle(modelDir);
  // After loading (which sets the batch default on this thread): the count the parent chose.
  setNumThreads(threads);
  const embedder = await createBundleEmbedder(bundle, undefined, threads);
  port.postMessage({ ready: true, threads: getNumThreads(), engine: embedder.engine });
  // Requests are answered one at a time, in order (the engine may be asynchronous).
  let queue = Promise.resolve();
  port.on('message', (job: { id: number; images: Uint8Array[] } | { stop: true }) => {
    queue = queue.then(async () => {
      // Everything before the stop has been answered: leave by emptying the event loop.
      if ('stop' in job) {
        await embedder.dispose();
        return port.close();
      }
      try {
        const { embeddings, dim } = await embedder.embed(job.images);
        port.postMessage({ id: job.id, embeddings, dim }, [embeddings.buffer as ArrayBuffer]);
      } catch (error) {
        port.postMessage({ id: job.id, error: (error as Error).message });
      }
    });
  });
} catch (error) {
  port.postMessage({ ready: false, error: (error as Error).message });
}
