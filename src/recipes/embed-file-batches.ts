// Many image files embedded a batch at a time: thousands of files given to `embed` would otherwise
// be read at once and pushed through the network as one tensor of N × C × H × W floats.
import type { ModelBundle } from '../train/index.ts';
import { ArgumentError } from '../util/errors.ts';
import { Progress } from '../util/progress.ts';
import { embedFiles } from './embed-files.ts';

export interface EmbedFileBatchesOptions {
  /** Files read and embedded at once; default 256. */
  batchSize?: number;
  /** No progress line on stderr (default false). */
  quiet?: boolean;
}

/** Embeddings of `files` in order (N × dim, row-major), as `embedFiles` gives them, in bounded memory. */
export async function embedFileBatches(bundle: ModelBundle, files: readonly string[], options: EmbedFileBatchesOptions = {}): Promise<Float32Array> {
  const batchSize = options.batchSize ?? 256;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new ArgumentError(`embedFileBatches: expected a positive integer for batchSize but received ${String(batchSize)}`);
  }
  const dim = bundle.config.dim;
  const out = new Float32Array(files.length * dim);
  const bar = new Progress({ total: files.length, label: 'embedding files', unit: 'img', quiet: options.quiet || files.length <= batchSize });
  for (let start = 0; start < files.length; start += batchSize) {
    const batch = files.slice(start, start + batchSize);
    out.set((await embedFiles(bundle, batch)).embeddings, start * dim);
    bar.tick(batch.length);
  }
  bar.done();
  return out;
}
