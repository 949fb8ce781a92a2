// The worker side of EmbeddingWorker: load the bundle once, then embed each request.
import { parentPort, workerData } from 'node:worker_threads';
import { getNumThreads, setNumThreads } from '../tensor/system.ts';
import { embedPixels } from './embed.ts';
import { loadModelBundle } from './model-bundle.ts';

const port = parentPort!;
const { modelDir, threads } = workerData as { modelDir: string; threads: number };
try {
  const bundle = await loadModelBundle(modelDir);
  // After loading (which sets the batch default on this thread): the count the parent chose.
  setNumThreads(threads);
  port.postMessage({ ready: true, threads: getNumThreads() });
  port.on('message', (job: { id: number; images: Uint8Array[] } | { stop: true }) => {
    // Requests are handled in order, so the one in hand has been answered: leave by emptying the event loop.
    if ('stop' in job) return port.close();
    try {
      const { embeddings, dim } = embedPixels(bundle.model, job.images, bundle.config.preprocessing);
      port.postMessage({ id: job.id, embeddings, dim }, [embeddings.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage({ id: job.id, error: (error as Error).message });
    }
  });
} catch (error) {
  port.postMessage({ ready: false, error: (error as Error).message });
}
