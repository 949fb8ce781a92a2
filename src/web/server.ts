// `reid serve`: a small HTTP server over a gallery. Image decoding and shrinking run on libuv
// threads (sharp) and the network in a worker thread, so requests never block the event loop.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import {
  ArgumentError, DataError, EmbeddingWorker, identificationJson, ImageTooLargeError, maxInputPixels, openGalleryWithModel,
  preprocessImage, setNumThreads, threadCount, type Gallery, type ModelBundle,
} from '../index.ts';
import { listen } from './listen.ts';
import { LocalAssets, localUnavailable } from './local-assets.ts';
import { pageHtml } from './page.ts';

export interface ServeOptions {
  galleryDir: string;
  modelDir?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Largest accepted upload in bytes (default 20 MB). */
  maxBytes?: number;
  /** Largest accepted image in pixels, read from its header before decoding (default `maxInputPixels`). */
  maxPixels?: number;
}

export interface RunningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

interface Context {
  gallery: Gallery;
  bundle: ModelBundle;
  worker: EmbeddingWorker;
  maxBytes: number;
  maxPixels: number;
  local: LocalAssets;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error(`expected an upload of at most ${limit} bytes but received more`), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Client mistakes are 4xx; anything else (the worker died, a bug) is the server's 500. */
function statusOf(error: unknown): number {
  const status = (error as { status?: number }).status;
  if (status !== undefined) return status;
  if (error instanceof ImageTooLargeError) return 413;
  return error instanceof DataError || error instanceof ArgumentError ? 400 : 500;
}

async function identify(context: Context, req: IncomingMessage): Promise<unknown> {
  const bytes = await readBody(req, context.maxBytes);
  if (bytes.length === 0) throw new ArgumentError('expected image bytes in the request body but received none');
  // Decoded from memory: no scratch files to leak, and the pixel cap is checked from the header.
  const image = await preprocessImage(context.bundle.config.preprocessing, bytes, 'the uploaded image', { maxPixels: context.maxPixels });
  const { embeddings } = await context.worker.embed([image]);
  return identificationJson(context.gallery.identify(embeddings, { top: 5 })[0]!);
}

function routes(context: Context): RequestListener {
  const { gallery, bundle } = context;
  return async (req, res) => {
    try {
      if (req.method === 'GET' && req.url === '/') {
        const html = pageHtml('reid: who is this?');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; img-src 'self' blob:; style-src 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'" });
        res.end(html);
      } else if (req.method === 'GET' && req.url === '/favicon.ico') {
        // Browsers ask for it on every page load; no icon is not an error.
        res.writeHead(204).end();
      } else if (req.method === 'GET' && req.url === '/api/gallery') {
        const unavailable = localUnavailable(gallery, bundle);
        send(res, 200, {
          items: gallery.size, identities: [...gallery.identities()].map(([name, count]) => ({ name, count })), calibration: gallery.calibration, model: bundle.config.fingerprint,
          preprocessing: bundle.config.preprocessing, local: unavailable === null ? { available: true } : { available: false, reason: unavailable },
        });
      } else if (req.method === 'GET' && req.url?.startsWith('/app/') && await context.local.serve(req.url, res)) {
        // the model, the compact gallery and onnxruntime-web, for identification in the browser
      } else if (req.method === 'POST' && req.url === '/api/identify') {
        send(res, 200, await identify(context, req));
      } else {
        send(res, 404, { error: `no route for ${req.method} ${req.url}; try GET /, GET /api/gallery or POST /api/identify` });
      }
    } catch (error) {
      send(res, statusOf(error), { error: (error as Error).message });
    }
  };
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  // Latency, not throughput: one query at a time; the worker gets the same count (thread
  // counts are per OS thread, so it would not inherit this one).
  const threads = threadCount('query');
  setNumThreads(threads);
  const { gallery, bundle, modelDir } = await openGalleryWithModel(options.galleryDir, options.modelDir);
  let worker: EmbeddingWorker | undefined;
  // Everything a failed start must undo, or the worker thread keeps the process alive.
  const release = async () => {
    await worker?.terminate();
    gallery.dispose();
    bundle.model.dispose();
  };
  try {
    worker = new EmbeddingWorker(modelDir, { threads });
    await worker.ready;
    const context: Context = { gallery, bundle, worker, maxBytes: options.maxBytes ?? 20 * 1024 * 1024, maxPixels: options.maxPixels ?? maxInputPixels, local: new LocalAssets(gallery, bundle) };
    const server = createServer(routes(context));
    const url = await listen(server, options.port ?? 8080, options.host ?? '127.0.0.1');
    return {
      server,
      url,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
