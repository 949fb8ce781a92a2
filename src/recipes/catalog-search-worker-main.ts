// The worker side of CatalogSearchWorker: one Gallery, changed and searched in message order, and
// uploads preprocessed as they come (sharp's decoding runs on libuv threads meanwhile).
import { parentPort, workerData } from 'node:worker_threads';
import { Gallery } from '../gallery/index.ts';
import { setNumThreads } from '../tensor/system.ts';
import type { SearchRequest } from './catalog-search-worker.ts';
import { preprocessImage } from './embed-files.ts';

const port = parentPort!;
setNumThreads((workerData as { threads: number }).threads);
let gallery: Gallery | undefined;

port.on('message', ({ id, request }: { id: number; request: SearchRequest | { kind: 'stop' } }) => {
  try {
    switch (request.kind) {
      case 'stop':
        gallery?.dispose();
        port.postMessage({ id, result: null });
        port.close();
        return;
      case 'set':
        gallery?.dispose();
        gallery = new Gallery({ dim: request.dim, modelFingerprint: 'catalogue', calibration: request.calibration });
        gallery.add(request.items, request.vectors);
        return port.postMessage({ id, result: null });
      case 'add':
        if (request.items.length) gallery!.add(request.items, request.vectors);
        return port.postMessage({ id, result: null });
      case 'preprocess':
        preprocessImage(request.preprocessing, request.bytes, request.label, { maxPixels: request.maxPixels })
          .then((pixels) => port.postMessage({ id, result: pixels }, [pixels.buffer as ArrayBuffer]))
          .catch((error: Error) => port.postMessage({ id, error: error.message, errorName: error.name }));
        return;
      case 'identify':
        return port.postMessage({ id, result: gallery && gallery.size > 0 ? gallery.identify(request.queries, { top: request.top }) : [] });
    }
  } catch (error) {
    port.postMessage({ id, error: (error as Error).message, errorName: (error as Error).name });
  }
});
