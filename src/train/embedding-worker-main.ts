// The worker side of EmbeddingWorker: load the bundle once, then embed each request.
import { parentPort, workerData } from 'node:worker_threads';
import { setNumThreads } from '../tensor/system.ts';
import { embedPixels } from './embed.ts';
import { loadModelBundle } from './model-bundle.ts';

const port = parentPort!;
try {
  const bundle = await loadModelBundle((workerData as { modelDir: string }).modelDir);
  // libtorch's intra-op pool is shared by the process; keep the worker's request for it modest.
  if (process.env.REID_THREADS) setNumThreads(Number(process.env.REID_THREADS));
  port.postMessage({ ready: true });
  port.on('message', (job: { id: number; images: Uint8Array[] }) => {
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
