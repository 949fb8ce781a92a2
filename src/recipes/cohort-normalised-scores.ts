// Adaptive s-norm over a gallery's own identities: each query's similarity to each identity's
// prototype, re-expressed against the K most similar other identities of the query and of the
// candidate (src/eval/adaptive-s-norm.ts). A measurement path (`bench openset` reports it beside
// raw distances) before it becomes a scoring option of Gallery.identify.
import { adaptiveSNorm, cohortStats } from '../eval/index.ts';
import type { Gallery } from '../gallery/index.ts';

export interface NormalisedRanking {
  /** Identities by s-norm score, best first. */
  identities: string[];
  scores: number[];
}

/** Unit-length mean embedding per identity, in first-appearance order. */
function prototypes(gallery: Gallery): { names: string[]; vectors: Float64Array[] } {
  const sums = new Map<string, Float64Array>();
  gallery.items.forEach((item, i) => {
    const sum = sums.get(item.identity) ?? new Float64Array(gallery.dim);
    for (let d = 0; d < gallery.dim; d++) sum[d]! += gallery.embeddings[i * gallery.dim + d]!;
    sums.set(item.identity, sum);
  });
  const names = [...sums.keys()];
  const vectors = names.map((name) => {
    const v = sums.get(name)!;
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  });
  return { names, vectors };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>, dim: number, offset = 0): number => {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[offset + d]! * b[d]!;
  return s;
};

/** s-norm rankings of unit-length queries (Q × dim) against the gallery's identities, cohort size `topK`. */
export function cohortNormalisedRankings(gallery: Gallery, queries: Float32Array, topK = 20): NormalisedRanking[] {
  const { names, vectors } = prototypes(gallery);
  const dim = gallery.dim;
  const own = vectors.map((v, i) => cohortStats(vectors.map((w) => dot(v, w, dim)), topK, i));
  const q = queries.length / dim;
  return Array.from({ length: q }, (_, row) => {
    const norm = Math.hypot(...queries.subarray(row * dim, (row + 1) * dim)) || 1;
    const similarities = vectors.map((v) => dot(queries, v, dim, row * dim) / norm);
    const scores = adaptiveSNorm(similarities, names.map((_, i) => i), own, topK);
    const order = names.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
    return { identities: order.map((i) => names[i]!), scores: order.map((i) => scores[i]!) };
  });
}
