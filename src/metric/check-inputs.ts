// Shared argument checks for distances, miners and losses, so a wrong dtype or shape
// reads as a named error here rather than as a libtorch message three ops later.
import type { Tensor } from '../tensor/index.ts';
import { ArgumentError, ShapeError, expected } from '../util/errors.ts';

/** Throws unless x is a 2-D floating-point (N,D) tensor. */
export function checkEmbeddings(fn: string, parameter: string, x: Tensor): void {
  if (x.rank !== 2) {
    throw new ShapeError(expected(fn, parameter, 'a 2-D (N,D) tensor', `shape [${x.shape.join(', ')}]`,
      'Flatten the embedding network output to (batch, dimensions) first.'));
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new ArgumentError(expected(fn, parameter, 'a float32 or float64 tensor', x.dtype, `Convert with ${parameter}.to('float32').`));
  }
}

/** Throws unless embeddings is (N,D) floating point and labels is int64 of length N. */
export function checkEmbeddingsAndLabels(fn: string, embeddings: Tensor, labels: Tensor): void {
  checkEmbeddings(fn, 'embeddings', embeddings);
  if (labels.rank !== 1 || labels.shape[0] !== embeddings.shape[0]) {
    throw new ShapeError(expected(fn, 'labels', `a 1-D tensor of ${embeddings.shape[0]} labels (one per embedding)`,
      `shape [${labels.shape.join(', ')}]`));
  }
  if (labels.dtype !== 'int64') {
    throw new ArgumentError(expected(fn, 'labels', 'an int64 tensor', labels.dtype, "Convert with labels.to('int64')."));
  }
}

/** Throws unless value is a finite number. */
export function checkFinite(fn: string, parameter: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(expected(fn, parameter, 'a finite number', value));
  }
}
