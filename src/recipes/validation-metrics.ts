// Retrieval metrics of an embedding set (leave-one-out P@1 and mAP), with distances on the engine.
import { engineDistances } from '../gallery/index.ts';
import { leaveOneOutRetrieval } from '../eval/index.ts';

export function retrievalSummary(embeddings: Float32Array, dim: number, labels: Int32Array, identities?: readonly number[]): { precisionAt1: number; mAP: number; mapAtR: number } {
  const source = engineDistances(embeddings, dim);
  try {
    const m = leaveOneOutRetrieval(source, labels, identities ? { identities } : {});
    return { precisionAt1: m.precisionAt1, mAP: m.mAP, mapAtR: m.mapAtR };
  } finally {
    source.dispose();
  }
}
