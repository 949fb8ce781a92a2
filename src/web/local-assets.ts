// What the page needs to identify in the browser, with no upload: the model as ONNX (uint8 pixels
// in, preprocessing and L2 normalisation in the graph), the gallery in its compact binary form,
// the identification module, and onnxruntime-web's own files, served from node_modules (no CDN:
// an offline field laptop has none), and reid's glyph normalisation for drawings. Each is built
// once, on first request.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import { embeddingEngine, encodeCompactGallery, modelOnnx, type Gallery, type ModelBundle } from '../index.ts';
import { browserIdentifyModule } from './browser-identify.ts';
import { glyphModule } from './glyph-module.ts';

/** onnxruntime-web's WASM build: the ES module, its loader and the SIMD binary it loads. */
const ortFiles: Record<string, string> = {
  'ort.wasm.min.mjs': 'text/javascript; charset=utf-8',
  'ort-wasm-simd-threaded.mjs': 'text/javascript; charset=utf-8',
  'ort-wasm-simd-threaded.wasm': 'application/wasm',
};

function ortDist(): string {
  // The package's main entry lives in dist/, beside the WASM files.
  return dirname(createRequire(import.meta.url).resolve('onnxruntime-web'));
}

/** Why the page cannot identify locally with this gallery, or null when it can. */
export function localUnavailable(gallery: Gallery, bundle: ModelBundle): string | null {
  const matcher = (gallery as { matcher?: string }).matcher;
  if (matcher !== undefined && matcher !== 'embedding') return `this gallery identifies with the ${matcher} matcher (local features), which runs on the server only`;
  return null;
}

export class LocalAssets {
  readonly #cache = new Map<string, Promise<{ body: Uint8Array; type: string }>>();

  constructor(private readonly gallery: Gallery, private readonly bundle: ModelBundle) {}

  /** Answers GET /app/<name>; false when there is no such asset. */
  async serve(url: string, res: ServerResponse): Promise<boolean> {
    const name = url.slice('/app/'.length);
    const asset = this.#asset(name);
    if (!asset) return false;
    const { body, type } = await asset;
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-cache' });
    res.end(body);
    return true;
  }

  #asset(name: string): Promise<{ body: Uint8Array; type: string }> | undefined {
    const cached = this.#cache.get(name);
    if (cached) return cached;
    let made: Promise<{ body: Uint8Array; type: string }> | undefined;
    const { config, model } = this.bundle;
    if (name === 'model.onnx') {
      // The server's engine: under --engine onnx-int8 the page runs the same int8 graph, so its answers stay the server's.
      const int8 = embeddingEngine() === 'onnx-int8' && config.quantization !== undefined;
      const precision = int8 ? { kind: 'int8' as const, activations: config.quantization!.activations } : { kind: 'float32' as const };
      made = Promise.resolve({ body: modelOnnx(model, config.preprocessing, { dim: config.dim, fingerprint: config.fingerprint, precision }), type: 'application/octet-stream' });
    }
    else if (name === 'gallery.bin') made = Promise.resolve({ body: encodeCompactGallery(this.gallery), type: 'application/octet-stream' });
    else if (name === 'identify.mjs') made = Promise.resolve({ body: Buffer.from(browserIdentifyModule), type: 'text/javascript; charset=utf-8' });
    else if (name === 'glyph.mjs') made = glyphModule().then((text) => ({ body: Buffer.from(text), type: 'text/javascript; charset=utf-8' }));
    else if (name.startsWith('ort/') && Object.hasOwn(ortFiles, name.slice(4))) {
      const file = name.slice(4);
      made = readFile(join(ortDist(), file)).then((body) => ({ body, type: ortFiles[file]! }));
    }
    if (made) this.#cache.set(name, made);
    return made;
  }
}
