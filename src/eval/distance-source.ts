// Where an evaluation protocol gets its distances. Protocols choose which items are queries and
// which form the gallery, then ask the source for one block of rows at a time, so the same
// protocol runs on a plain loop over small embedding sets or on the tensor engine for big ones.
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { pairwiseDistances, type DistanceMetric } from './pairwise-distances.ts';

export type DistanceSource =
  /** N × dim embeddings (L2-normalised or not); distances by a plain loop. */
  | { kind: 'embeddings'; embeddings: Float32Array; dim: number; metric?: DistanceMetric }
  /** A precomputed row-major count × count matrix over all items (e.g. from the tensor engine). */
  | { kind: 'matrix'; distances: Float32Array; count: number }
  /** The caller's own block computation over items 0..count-1 (e.g. cdist on the GPU, block by block). */
  | { kind: 'function'; count: number; distances(queryItems: Int32Array, galleryItems: Int32Array): Float32Array };

export function sourceItemCount(source: DistanceSource): number {
  switch (source.kind) {
    case 'embeddings':
      if (source.embeddings.length % source.dim !== 0) {
        throw new ShapeError(`DistanceSource: expected a multiple of dim ${source.dim} for embeddings.length but received ${source.embeddings.length}.`);
      }
      return source.embeddings.length / source.dim;
    case 'matrix':
      if (source.distances.length !== source.count * source.count) {
        throw new ShapeError(`DistanceSource: expected ${source.count} × ${source.count} values for distances but received ${source.distances.length}.`);
      }
      return source.count;
    case 'function':
      return source.count;
  }
}

/** Row-major queryItems.length × galleryItems.length distances. */
export function distanceBlock(source: DistanceSource, queryItems: Int32Array, galleryItems: Int32Array): Float32Array {
  let block: Float32Array;
  switch (source.kind) {
    case 'embeddings':
      block = pairwiseDistances(gatherRows(source.embeddings, source.dim, queryItems), gatherRows(source.embeddings, source.dim, galleryItems), source.dim, source.metric);
      break;
    case 'matrix': {
      block = new Float32Array(queryItems.length * galleryItems.length);
      for (let r = 0; r < queryItems.length; r++) {
        const row = queryItems[r]! * source.count;
        for (let c = 0; c < galleryItems.length; c++) block[r * galleryItems.length + c] = source.distances[row + galleryItems[c]!]!;
      }
      break;
    }
    case 'function':
      block = source.distances(queryItems, galleryItems);
      break;
  }
  if (!(block instanceof Float32Array) || block.length !== queryItems.length * galleryItems.length) {
    throw new ArgumentError(`DistanceSource.distances: expected a Float32Array of ${queryItems.length} × ${galleryItems.length} distances but received ${block instanceof Float32Array ? `length ${block.length}` : typeof block}.`);
  }
  return block;
}

function gatherRows(values: Float32Array, dim: number, items: Int32Array): Float32Array {
  const out = new Float32Array(items.length * dim);
  for (let i = 0; i < items.length; i++) out.set(values.subarray(items[i]! * dim, (items[i]! + 1) * dim), i * dim);
  return out;
}
