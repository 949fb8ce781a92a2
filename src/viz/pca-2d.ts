// The first two principal components of a point set, used to initialise t-SNE: a PCA start
// keeps the global arrangement of clusters more faithful than a random one (Kobak & Linderman
// 2021) and is deterministic. Power iteration on the D × D covariance; D is small (≤ a few hundred).
import { Random } from '../util/random.ts';

/** n × 2 projection onto the top two components, each sign fixed so its largest loading is positive. */
export function pca2d(points: Float32Array, n: number, dim: number, seed = 0): Float64Array {
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let t = 0; t < dim; t++) mean[t]! += points[i * dim + t]! / n;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < dim; t++) centred[t] = points[i * dim + t]! - mean[t]!;
    for (let a = 0; a < dim; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) covariance[a * dim + b] = covariance[b * dim + a]!;
  const random = new Random(seed);
  const components: Float64Array[] = [];
  for (let c = 0; c < 2; c++) {
    let vector = Float64Array.from({ length: dim }, () => random.normal());
    for (let iteration = 0; iteration < 300; iteration++) {
      const next = new Float64Array(dim);
      for (let a = 0; a < dim; a++) { let s = 0; for (let b = 0; b < dim; b++) s += covariance[a * dim + b]! * vector[b]!; next[a] = s; }
      for (const previous of components) { const dot = next.reduce((s, x, t) => s + x * previous[t]!, 0); for (let t = 0; t < dim; t++) next[t]! -= dot * previous[t]!; }
      const norm = Math.hypot(...next);
      if (norm === 0) { vector = new Float64Array(dim); break; } // no variance left in this direction
      const change = next.reduce((s, x, t) => s + Math.abs(x / norm - vector[t]!), 0);
      vector = next.map((x) => x / norm);
      if (change < 1e-10) break;
    }
    let largest = 0;
    for (let t = 0; t < dim; t++) if (Math.abs(vector[t]!) > Math.abs(vector[largest]!)) largest = t;
    if (vector[largest]! < 0) vector = vector.map((x) => -x);
    components.push(vector);
  }
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 2; c++) {
      let s = 0;
      for (let t = 0; t < dim; t++) s += (points[i * dim + t]! - mean[t]!) * components[c]![t]!;
      out[2 * i + c] = s;
    }
  }
  return out;
}
