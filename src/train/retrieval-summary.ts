// The validation metric of a training run: leave-one-out retrieval (src/eval's protocol) over
// an embedding set, with the distances computed on the engine.
import { leaveOneOutRetrieval } from '../eval/leave-one-out-retrieval.ts';
import { engineDistances } from './engine-distances.ts';

/** `identities`: score only queries of these labels (held-out identities); default all. */
export function retrievalSummary(embeddings: Float32Array, dim: number, labels: Int32Array, identities?: readonly number[]): { precisionAt1: number; mAP: number; mapAtR: number } {
  const source = engineDistances(embeddings, dim);
  try {
    const m = leaveOneOutRetrieval(source, labels, identities ? { identities } : {});
    return { precisionAt1: m.precisionAt1, mAP: m.mAP, mapAtR: m.mapAtR };
  } finally {
    source.dispose();
  }
}
