import { test } from 'node:test';
import assert from 'node:assert/strict';
import { leaveOneOutRetrieval } from '../../src/eval/leave-one-out-retrieval.ts';
import { distanceBlock, type DistanceSource } from '../../src/eval/distance-source.ts';
import { pairwiseDistances } from '../../src/eval/pairwise-distances.ts';
import { retrievalFromDistances } from '../../src/eval/retrieval-from-distances.ts';
import { Random } from '../../src/util/random.ts';

function clusteredEmbeddings(seed: number, identities: number, perIdentity: number, dim: number, spread: number): { embeddings: Float32Array; labels: Int32Array } {
  const random = new Random(seed);
  const centres = Array.from({ length: identities }, () => Array.from({ length: dim }, () => random.normal()));
  const embeddings = new Float32Array(identities * perIdentity * dim);
  const labels = new Int32Array(identities * perIdentity);
  for (let i = 0; i < labels.length; i++) {
    labels[i] = Math.floor(i / perIdentity) * 10; // non-dense labels on purpose
    for (let k = 0; k < dim; k++) embeddings[i * dim + k] = centres[Math.floor(i / perIdentity)]![k]! + spread * random.normal();
  }
  return { embeddings, labels };
}

test('closed set: equals retrievalFromDistances on the full matrix, whatever the chunk size', () => {
  const { embeddings, labels } = clusteredEmbeddings(1, 6, 5, 4, 0.8);
  const expected = retrievalFromDistances(pairwiseDistances(embeddings, embeddings, 4), labels, labels, { excludeSelf: true });
  for (const chunkSize of [1, 7, 1024]) {
    assert.deepEqual(leaveOneOutRetrieval({ kind: 'embeddings', embeddings, dim: 4 }, labels, { chunkSize }), expected);
  }
});

test('held-out identities: only their items query and form the gallery', () => {
  const { embeddings, labels } = clusteredEmbeddings(2, 6, 5, 4, 0.8);
  const heldOut = [30, 50];
  const items = Array.from(labels.keys()).filter((i) => heldOut.includes(labels[i]!));
  const subset = new Float32Array(items.flatMap((i) => Array.from(embeddings.subarray(i * 4, i * 4 + 4))));
  const subsetLabels = Int32Array.from(items, (i) => labels[i]!);
  const expected = retrievalFromDistances(pairwiseDistances(subset, subset, 4), subsetLabels, subsetLabels, { excludeSelf: true });
  const m = leaveOneOutRetrieval({ kind: 'embeddings', embeddings, dim: 4 }, labels, { identities: heldOut });
  assert.deepEqual(m, expected);
  assert.equal(m.cmc.length, 2);
});

test('a caller-supplied distance function or matrix (the engine paths) gives the same result', () => {
  const { embeddings, labels } = clusteredEmbeddings(3, 4, 6, 3, 1);
  const plain: DistanceSource = { kind: 'embeddings', embeddings, dim: 3, metric: 'cosine' };
  const calls: number[] = [];
  const custom: DistanceSource = {
    kind: 'function',
    count: labels.length,
    distances: (queryItems, galleryItems) => { calls.push(queryItems.length); return distanceBlock(plain, queryItems, galleryItems); },
  };
  assert.deepEqual(leaveOneOutRetrieval(custom, labels, { chunkSize: 10 }), leaveOneOutRetrieval(plain, labels));
  assert.deepEqual(calls, [10, 10, 4]);
  const matrix: DistanceSource = { kind: 'matrix', count: labels.length, distances: pairwiseDistances(embeddings, embeddings, 3, 'cosine') };
  assert.deepEqual(leaveOneOutRetrieval(matrix, labels, { identities: [10, 30], chunkSize: 5 }), leaveOneOutRetrieval(plain, labels, { identities: [10, 30] }));
});

test('well-separated clusters score perfectly; pure noise does not', () => {
  const tight = clusteredEmbeddings(4, 5, 6, 8, 0.01);
  const m = leaveOneOutRetrieval({ kind: 'embeddings', embeddings: tight.embeddings, dim: 8 }, tight.labels);
  assert.equal(m.precisionAt1, 1);
  assert.equal(m.mAP, 1);
  assert.equal(m.mapAtR, 1);
  const noisy = clusteredEmbeddings(4, 5, 6, 8, 100);
  assert.ok(leaveOneOutRetrieval({ kind: 'embeddings', embeddings: noisy.embeddings, dim: 8 }, noisy.labels).mapAtR < 0.6);
});

test('labels must match the number of embeddings', () => {
  assert.throws(() => leaveOneOutRetrieval({ kind: 'embeddings', embeddings: new Float32Array(12), dim: 3 }, Int32Array.from([1, 2])), /leaveOneOutRetrieval: expected length 4 for labels but received length 2/);
});
