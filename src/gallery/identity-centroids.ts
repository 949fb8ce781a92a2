// Each identity's prototype: the mean of its items' embeddings, re-normalised to unit length
// (embeddings are unit vectors, and distances assume it).
import type { GalleryItem } from './gallery-item.ts';

export function identityCentroids(items: readonly GalleryItem[], embeddings: Float32Array, dim: number): { names: string[]; vectors: Float32Array } {
  const sums = new Map<string, Float64Array>();
  items.forEach((item, i) => {
    let sum = sums.get(item.identity);
    if (!sum) sums.set(item.identity, (sum = new Float64Array(dim)));
    for (let d = 0; d < dim; d++) sum[d]! += embeddings[i * dim + d]!;
  });
  const vectors = new Float32Array(sums.size * dim);
  [...sums.values()].forEach((sum, c) => {
    const norm = Math.hypot(...sum) || 1;
    for (let d = 0; d < dim; d++) vectors[c * dim + d] = sum[d]! / norm;
  });
  return { names: [...sums.keys()], vectors };
}
