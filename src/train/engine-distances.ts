// Euclidean distance blocks computed on the engine (one matrix product per block), as the
// { kind: 'function' } distance source src/eval's protocols take.
import { tensor } from '../tensor/creation.ts';
import { add, clampMin, mul, sqrt } from '../tensor/elementwise.ts';
import { matmul } from '../tensor/matrix.ts';
import { noGrad } from '../tensor/grad-mode.ts';
import { keep, tidy } from '../tensor/memory.ts';
import { indexSelect } from '../tensor/indexing.ts';
import { sum } from '../tensor/reduction.ts';
import { transpose, unsqueeze } from '../tensor/shape.ts';
import type { DistanceSource } from '../eval/distance-source.ts';

export type EngineDistanceSource = Extract<DistanceSource, { kind: 'function' }> & { dispose(): void };

/** Distances between rows of an N × dim embedding matrix, by index lists. */
export function engineDistances(embeddings: Float32Array, dim: number): EngineDistanceSource {
  const count = embeddings.length / dim;
  const all = keep(tensor(embeddings, [count, dim]));
  const norms = keep(noGrad(() => tidy(() => sum(mul(all, all), { dim: 1 }))));
  return {
    kind: 'function',
    count,
    distances(queryItems, galleryItems) {
      return noGrad(() => tidy(() => {
        const qi = tensor(queryItems).to('int64');
        const gi = tensor(galleryItems).to('int64');
        const q = indexSelect(all, 0, qi);
        const g = indexSelect(all, 0, gi);
        // ‖q−g‖² = ‖q‖² + ‖g‖² − 2 q·g, clamped at 0 against rounding.
        const squared = add(add(unsqueeze(indexSelect(norms, 0, qi), 1), unsqueeze(indexSelect(norms, 0, gi), 0)), mul(matmul(q, transpose(g, 0, 1)), -2));
        return sqrt(clampMin(squared, 0)).data<'float32'>();
      }));
    },
    dispose() {
      all.dispose();
      norms.dispose();
    },
  };
}
