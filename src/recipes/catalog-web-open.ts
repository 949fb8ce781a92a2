// Opening the catalogue for `reid serve --catalog`: the store and its model (openCatalogSession),
// the embedding worker and the search worker; sightings the catalogue holds no embedding of (for
// this model) are embedded first, in the worker, so every confirmed one can be found.
import { resolve } from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { EmbeddingWorker, type ModelConfig } from '../train/index.ts';
import type { CatalogWebSession } from './catalog-web.ts';
import { CatalogSearchWorker } from './catalog-search-worker.ts';
import { CatalogWebSessionImpl } from './catalog-web-session.ts';
import { openCatalogSession } from './catalog-session.ts';
import { preprocessImage } from './embed-files.ts';
import { resolveModelDir } from './shipped-models.ts';

export interface OpenCatalogWebOptions {
  dir: string;
  /** Model bundle; default the one the catalogue records (it must have the catalogue's fingerprint). */
  modelDir?: string;
  /** libtorch threads of the embedding worker (default: the caller's count). */
  threads?: number;
  /** Recorded as who made each change (default "web"). */
  who?: string;
}

/** Embeds (in the worker) every sighting the catalogue holds no embedding of for this model, e.g. one imported without. */
async function embedMissing(catalog: Catalog, config: ModelConfig, worker: EmbeddingWorker): Promise<void> {
  const all = catalog.sightings();
  const have = new Set(catalog.embeddings({ sightings: all.map((s) => s.id) }).sightings);
  const missing = all.filter((s) => !have.has(s.id));
  for (let at = 0; at < missing.length; at += 256) {
    const batch = missing.slice(at, at + 256);
    const images = await Promise.all(batch.map((s) => preprocessImage(config.preprocessing, catalog.imageFile(s), catalog.imageFile(s))));
    const { embeddings } = await worker.embed(images);
    catalog.putEmbeddings({ modelFingerprint: config.fingerprint, dim: config.dim, sightings: batch.map((s) => s.id), vectors: embeddings });
  }
}

/** Opens the catalogue in `dir` for serving; the caller closes it. */
export async function openCatalogWeb(options: OpenCatalogWebOptions): Promise<CatalogWebSession> {
  const store = await openCatalogSession(options.dir, { modelDir: options.modelDir === undefined ? undefined : resolveModelDir(options.modelDir) });
  let worker: EmbeddingWorker | undefined;
  let search: CatalogSearchWorker | undefined;
  try {
    search = new CatalogSearchWorker(1);
    worker = new EmbeddingWorker(resolve(options.modelDir === undefined ? store.catalog.info.modelDir : resolveModelDir(options.modelDir)), { threads: options.threads });
    await worker.ready;
    await embedMissing(store.catalog, store.bundle.config, worker);
    const session = new CatalogWebSessionImpl(options.dir, store, worker, search, options.who ?? 'web');
    session.resync();
    await session.queue({ limit: 1 }); // the gallery is in the worker before the first request
    return session;
  } catch (error) {
    await worker?.terminate();
    await search?.terminate();
    await store.close();
    throw error;
  }
}
