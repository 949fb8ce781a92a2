// One entry point for 2-D maps of embeddings, the method chosen by a tagged option.
import { ArgumentError } from '../util/errors.ts';
import { tsne, type TsneOptions } from './tsne.ts';
import { umap2d, type Umap2dOptions } from './umap-2d.ts';

export type Embed2dOptions = ({ method: 'tsne' } & TsneOptions) | ({ method: 'umap' } & Umap2dOptions);

/** `points` is row-major n × dim (L2-normalised or not); returns the n × 2 layout. */
export function embed2d(points: Float32Array, n: number, dim: number, options: Embed2dOptions): Float32Array {
  switch (options.method) {
    case 'tsne':
      return tsne(points, n, dim, options);
    case 'umap':
      return umap2d(points, n, dim, options);
    default:
      throw new ArgumentError(`embed2d: expected 'tsne' or 'umap' for options.method but received ${String((options as { method: unknown }).method)}.`);
  }
}
