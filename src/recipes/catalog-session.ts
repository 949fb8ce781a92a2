// A catalogue opened with its model, written once for the CLI, the web app, tests and benches:
// the model is the one the catalogue records (or the one asked for), and one with another
// fingerprint is refused, since its embeddings would not compare with the stored ones.
import { resolve } from 'node:path';
import { Catalog, type CatalogInfo } from '../catalog/index.ts';
import { loadModelBundle, releaseBundleEmbedders, type ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';

export interface CatalogSession {
  catalog: Catalog;
  bundle: ModelBundle;
  /** Closes the database and frees the model. */
  close(): Promise<void>;
}

export interface OpenCatalogOptions {
  /** Model bundle directory; default the one the catalogue records. */
  modelDir?: string;
}

/** Opens the catalogue in `dir` and its model; the caller closes the session. */
export async function openCatalogSession(dir: string, options: OpenCatalogOptions = {}): Promise<CatalogSession> {
  const catalog = Catalog.open(dir);
  try {
    const bundle = await loadModelBundle(options.modelDir ?? catalog.info.modelDir);
    if (bundle.config.fingerprint !== catalog.info.modelFingerprint || bundle.config.dim !== catalog.info.dim) {
      bundle.model.dispose();
      throw new ArgumentError(`openCatalogSession: expected the model with fingerprint ${catalog.info.modelFingerprint} (dim ${catalog.info.dim}) that catalogue ${dir} was made with but received ${bundle.config.fingerprint} (dim ${bundle.config.dim}).`);
    }
    return {
      catalog, bundle,
      async close() {
        catalog.close();
        await releaseBundleEmbedders(bundle);
        bundle.model.dispose();
      },
    };
  } catch (error) {
    catalog.close();
    throw error;
  }
}

export interface CatalogInitOptions {
  dir: string;
  modelDir: string;
  who?: string;
}

/** A new catalogue in `dir` that identifies with the model in `modelDir`. */
export async function catalogInit(options: CatalogInitOptions): Promise<CatalogInfo> {
  const bundle = await loadModelBundle(options.modelDir);
  try {
    const catalog = Catalog.create(options.dir, { model: { dir: resolve(options.modelDir), fingerprint: bundle.config.fingerprint, dim: bundle.config.dim }, who: options.who });
    const info = catalog.info;
    catalog.close();
    return info;
  } finally {
    bundle.model.dispose();
  }
}
