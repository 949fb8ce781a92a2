// One inference engine per model bundle, made on first use and shared by every recipe that
// embeds with that bundle (embed, gallery build/add/enroll, identify, calibrate, evaluate).
import { join } from 'node:path';
import { getNumThreads } from '../tensor/system.ts';
import { createEmbedder, embeddingEngine, type Embedder, type EmbeddingEngine } from './embedder.ts';
import type { ModelBundle } from './model-bundle.ts';

const made = new WeakMap<ModelBundle, Map<EmbeddingEngine, Promise<Embedder>>>();

/**
 * The bundle's embedder for `engine` (default `embeddingEngine()`: REID_ENGINE or the default).
 * ONNX Runtime gets libtorch's current intra-op thread count, so REID_THREADS and the
 * one-thread policy for single queries hold for both engines.
 */
export function bundleEmbedder(bundle: ModelBundle, engine: EmbeddingEngine = embeddingEngine()): Promise<Embedder> {
  let byEngine = made.get(bundle);
  if (!byEngine) made.set(bundle, (byEngine = new Map()));
  let embedder = byEngine.get(engine);
  if (!embedder) {
    embedder = createBundleEmbedder(bundle, engine);
    byEngine.set(engine, embedder);
  }
  return embedder;
}

/** A new embedder for `bundle` (not shared): its preprocessing, dim and int8 ranges, named by its model.json in errors. */
export function createBundleEmbedder(bundle: ModelBundle, engine: EmbeddingEngine = embeddingEngine(), threads = getNumThreads()): Promise<Embedder> {
  return createEmbedder(bundle.model, bundle.config.preprocessing, {
    engine, dim: bundle.config.dim, threads, source: bundle.dir === undefined ? 'the model bundle' : join(bundle.dir, 'model.json'),
    ...(bundle.config.quantization ? { activations: bundle.config.quantization.activations } : {}),
  });
}

/** Releases the bundle's embedders (the model itself is the caller's to dispose). */
export async function releaseBundleEmbedders(bundle: ModelBundle): Promise<void> {
  const byEngine = made.get(bundle);
  if (!byEngine) return;
  made.delete(bundle);
  await Promise.all([...byEngine.values()].map(async (e) => (await e).dispose()));
}
