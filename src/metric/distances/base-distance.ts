// What every distance or similarity knows: how to compare all pairs of two sets, and
// which direction means "closer". Losses and miners ask these methods instead of
// branching on the kind of distance, so each is written once (pml's `is_inverted`).
import { gt, lt, neg, rsub, sub, type Tensor } from '../../tensor/index.ts';
import { normalize } from '../../nn/functional/index.ts';
import { ShapeError, expected } from '../../util/errors.ts';
import { checkEmbeddings } from '../check-inputs.ts';

export interface BaseDistanceOptions {
  /** L2-normalise rows before comparing (default: false for distances, always true for cosine). */
  normalizeEmbeddings?: boolean;
}

export abstract class BaseDistance {
  /** True for similarities, where larger means closer; false for distances. */
  abstract readonly isInverted: boolean;
  readonly normalizeEmbeddings: boolean;

  constructor(options: BaseDistanceOptions = {}) {
    this.normalizeEmbeddings = options.normalizeEmbeddings ?? false;
  }

  /**
   * (N,M) values between every row of embeddings (N,D) and every row of ref (M,D);
   * ref defaults to embeddings, in which case the diagonal is exactly "self".
   */
  pairwise(embeddings: Tensor, ref?: Tensor): Tensor {
    const fn = `${this.constructor.name}.pairwise`;
    checkEmbeddings(fn, 'embeddings', embeddings);
    if (ref !== undefined) {
      checkEmbeddings(fn, 'ref', ref);
      if (ref.shape[1] !== embeddings.shape[1]) {
        throw new ShapeError(expected(fn, 'ref', `${embeddings.shape[1]} columns (as embeddings)`, `shape [${ref.shape.join(', ')}]`));
      }
    }
    const query = this.normalizeEmbeddings ? normalize(embeddings) : embeddings;
    const other = ref === undefined ? query : this.normalizeEmbeddings ? normalize(ref) : ref;
    return this.compute(query, other, ref === undefined);
  }

  /** The pairwise values of query and ref (already normalised if asked); `isSelf` when ref is query. */
  protected abstract compute(query: Tensor, ref: Tensor, isSelf: boolean): Tensor;

  /**
   * How much farther the negative is than the positive, in this measure's units:
   * negative − positive for distances, positive − negative for similarities.
   * A triplet is satisfied with margin m when separation ≥ m.
   */
  separation(positive: Tensor | number, negative: Tensor): Tensor;
  separation(positive: Tensor, negative: Tensor | number): Tensor;
  separation(positive: Tensor | number, negative: Tensor | number): Tensor {
    return this.isInverted ? difference(positive, negative) : difference(negative, positive);
  }

  /** Bool mask: is a strictly closer than b (a < b for distances, a > b for similarities)? */
  closer(a: Tensor, b: Tensor): Tensor {
    return this.isInverted ? gt(a, b) : lt(a, b);
  }

  /**
   * Values reordered so that larger always means farther (the identity for distances,
   * the negation for similarities): miners pick "hardest" with one max or min.
   */
  farness(values: Tensor): Tensor {
    return this.isInverted ? neg(values) : values;
  }
}

/** a − b where at most one side is a plain number. */
function difference(a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === 'number') return rsub(b as Tensor, a);
  return sub(a, b);
}
