// Plain-loop distances between embedding rows, for tests and small evaluation sets; large sets
// compute their distance blocks on the tensor engine and pass them in (see DistanceSource).
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { expectPositiveInteger } from './check-arguments.ts';

/** `cosine` is 1 − cosine similarity, so every metric here is "smaller = closer". */
export type DistanceMetric = 'euclidean' | 'squared-euclidean' | 'cosine';

/** Row-major (queries.length / dim) × (gallery.length / dim) distances. */
export function pairwiseDistances(queries: Float32Array, gallery: Float32Array, dim: number, metric: DistanceMetric = 'euclidean'): Float32Array {
  const fn = 'pairwiseDistances';
  expectPositiveInteger(fn, 'dim', dim);
  for (const [name, values] of [['queries', queries], ['gallery', gallery]] as const) {
    if (values.length % dim !== 0) throw new ShapeError(`${fn}: expected a multiple of dim ${dim} for ${name}.length but received ${values.length}.`);
  }
  const q = queries.length / dim;
  const g = gallery.length / dim;
  const out = new Float32Array(q * g);
  switch (metric) {
    case 'euclidean':
    case 'squared-euclidean': {
      // Differences, not ‖a‖² + ‖b‖² − 2a·b: the same cost here, and an item's distance to itself is exactly 0.
      const root = metric === 'euclidean';
      for (let i = 0; i < q; i++) {
        const a = i * dim;
        for (let j = 0; j < g; j++) {
          const b = j * dim;
          let sum = 0;
          for (let k = 0; k < dim; k++) { const diff = queries[a + k]! - gallery[b + k]!; sum += diff * diff; }
          out[i * g + j] = root ? Math.sqrt(sum) : sum;
        }
      }
      return out;
    }
    case 'cosine': {
      const queryNorms = rowNorms(queries, q, dim);
      const galleryNorms = rowNorms(gallery, g, dim);
      for (let i = 0; i < q; i++) {
        const a = i * dim;
        for (let j = 0; j < g; j++) {
          const b = j * dim;
          let dot = 0;
          for (let k = 0; k < dim; k++) dot += queries[a + k]! * gallery[b + k]!;
          const norms = queryNorms[i]! * galleryNorms[j]!;
          out[i * g + j] = norms === 0 ? 1 : 1 - dot / norms;
        }
      }
      return out;
    }
    default:
      throw new ArgumentError(`${fn}: expected 'euclidean', 'squared-euclidean' or 'cosine' for metric but received ${String(metric)}.`);
  }
}

function rowNorms(values: Float32Array, count: number, dim: number): Float64Array {
  const norms = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let sum = 0;
    for (let k = 0; k < dim; k++) sum += values[i * dim + k]! ** 2;
    norms[i] = Math.sqrt(sum);
  }
  return norms;
}
