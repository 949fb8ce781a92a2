// How an exact index stores its vectors: float32 as given, float16, or 8-bit codes with an affine
// scale per row or per dimension (x̂ = lo + step·u). The engine's byte type is unsigned, so "int8"
// codes are u ∈ 0..255; the offset and scale fold into each query and each row's score (see
// exact-search.ts), so a block of codes is only converted to float, never rescaled element by element.
import { tensor } from '../tensor/creation.ts';
import { native } from '../tensor/engine.ts';
import { tidy } from '../tensor/memory.ts';
import { ArgumentError, ShapeError } from '../util/errors.ts';

export type VectorStorage = 'float32' | 'float16' | 'int8-row' | 'int8-dim';
export const vectorStorages: readonly VectorStorage[] = ['float32', 'float16', 'int8-row', 'int8-dim'];
export const isVectorStorage = (value: unknown): value is VectorStorage => vectorStorages.includes(value as VectorStorage);

export function checkVectorStorage(value: unknown, where: string): VectorStorage {
  if (!isVectorStorage(value)) throw new ArgumentError(`${where}: expected one of ${vectorStorages.join(', ')} for storage but received ${JSON.stringify(value)}`);
  return value;
}

/** Per-dimension affine scale of int8-dim codes: x̂_j = lo_j + step_j·u_j. */
export interface DimScale {
  lo: Float32Array;
  step: Float32Array;
}

export interface EncodedVectors {
  storage: VectorStorage;
  count: number;
  dim: number;
  /** count × dim codes: float32 values, float16 bit patterns, or bytes. */
  codes: Float32Array | Uint16Array | Uint8Array;
  /** ‖x̂‖² of each decoded row, which the search ranks with. */
  sqNorms: Float32Array;
  /** int8-row: each row's lo and step. */
  rowLo?: Float32Array;
  rowStep?: Float32Array;
  /** int8-dim: the scale shared by every row. */
  dimScale?: DimScale;
  /** int8-dim: the largest ‖x − x̂‖ of any row (clamped values included), which bounds how far a code's distance strays (quantised-scan.ts). */
  maxError?: number;
  /** int8-dim: the largest ‖x̂‖². */
  maxSqNorm?: number;
}

/** Bytes an item costs in the index: its codes, its squared norm, and int8-row's two scale numbers. */
export function bytesPerItem(storage: VectorStorage, dim: number): number {
  const codes = { float32: 4, float16: 2, 'int8-row': 1, 'int8-dim': 1 }[storage] * dim;
  return codes + 4 + (storage === 'int8-row' ? 8 : 0);
}

/** The per-dimension range of `vectors` over 255 steps (for int8-dim; a streaming writer fixes it from a sample). */
export function dimScaleOf(vectors: Float32Array, dim: number): DimScale {
  const lo = new Float32Array(dim).fill(Number.POSITIVE_INFINITY);
  const hi = new Float32Array(dim).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < vectors.length; i++) {
    const j = i % dim;
    const v = vectors[i]!;
    if (v < lo[j]!) lo[j] = v;
    if (v > hi[j]!) hi[j] = v;
  }
  const step = new Float32Array(dim);
  for (let j = 0; j < dim; j++) {
    if (!Number.isFinite(lo[j]!)) lo[j] = hi[j] = 0;
    step[j] = (hi[j]! - lo[j]!) / 255;
  }
  return { lo, step };
}

const code = (v: number, lo: number, step: number): number => (step > 0 ? Math.min(255, Math.max(0, Math.round((v - lo) / step))) : 0);

/** Encodes count × dim float32 rows; int8-dim uses `dimScale` when given (values outside it are clamped). */
export function encodeVectors(vectors: Float32Array, dim: number, storage: VectorStorage, options: { dimScale?: DimScale } = {}): EncodedVectors {
  if (!Number.isInteger(dim) || dim < 1) throw new ArgumentError(`encodeVectors: expected a positive integer for dim but received ${dim}`);
  if (vectors.length % dim !== 0) throw new ShapeError(`encodeVectors: expected a multiple of ${dim} values for vectors but received ${vectors.length}`);
  const count = vectors.length / dim;
  const sqNorms = new Float32Array(count);
  switch (storage) {
    case 'float32':
    case 'float16': {
      const codes = storage === 'float32' ? vectors : tidy(() => tensor(vectors, [count, dim]).to('float16').data<'float16'>());
      const decoded = storage === 'float32' ? vectors : tidy(() => tensor(codes, [count, dim], { dtype: 'float16' }).to('float32').data<'float32'>());
      for (let r = 0; r < count; r++) sqNorms[r] = squaredNorm(decoded, r * dim, dim);
      return { storage, count, dim, codes, sqNorms };
    }
    case 'int8-row': {
      const codes = new Uint8Array(vectors.length);
      const rowLo = new Float32Array(count);
      const rowStep = new Float32Array(count);
      for (let r = 0; r < count; r++) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let j = r * dim; j < (r + 1) * dim; j++) {
          lo = Math.min(lo, vectors[j]!);
          hi = Math.max(hi, vectors[j]!);
        }
        // Rounded to float32 first, so encoding and decoding use the very numbers that are stored.
        rowLo[r] = lo;
        rowStep[r] = (hi - lo) / 255;
        let sq = 0;
        for (let j = r * dim; j < (r + 1) * dim; j++) {
          codes[j] = code(vectors[j]!, rowLo[r]!, rowStep[r]!);
          const x = Math.fround(rowLo[r]! + rowStep[r]! * codes[j]!);
          sq += x * x;
        }
        sqNorms[r] = sq;
      }
      return { storage, count, dim, codes, sqNorms, rowLo, rowStep };
    }
    case 'int8-dim': {
      const dimScale = options.dimScale ?? dimScaleOf(vectors, dim);
      if (dimScale.lo.length !== dim || dimScale.step.length !== dim) throw new ShapeError(`encodeVectors: expected ${dim} values in dimScale.lo and dimScale.step`);
      // Natively: the same double arithmetic as the int8-row loop above, 9M values in ~10 ms instead of 0.5 s.
      const [codes, rowNorms, maxError, maxSqNorm] = native().encodeCodes(vectors, count, dim, dimScale.lo, dimScale.step);
      // Widened by float rounding of the sums, so the bound holds as an inequality.
      return { storage, count, dim, codes, sqNorms: rowNorms, dimScale, maxError: maxError * (1 + 1e-6) + 1e-7, maxSqNorm };
    }
    default:
      checkVectorStorage(storage, 'encodeVectors');
      throw new ArgumentError(`encodeVectors: unknown storage ${String(storage)}`);
  }
}

/** The float32 rows the codes stand for (what the search measures against). */
export function decodeVectors(encoded: EncodedVectors): Float32Array {
  const { storage, count, dim, codes } = encoded;
  if (storage === 'float32') return codes as Float32Array;
  if (storage === 'float16') return tidy(() => tensor(codes, [count, dim], { dtype: 'float16' }).to('float32').data<'float32'>());
  const out = new Float32Array(count * dim);
  for (let i = 0; i < out.length; i++) {
    const r = Math.floor(i / dim);
    const j = i % dim;
    const [lo, step] = storage === 'int8-row' ? [encoded.rowLo![r]!, encoded.rowStep![r]!] : [encoded.dimScale!.lo[j]!, encoded.dimScale!.step[j]!];
    out[i] = lo + step * codes[i]!;
  }
  return out;
}

function squaredNorm(values: Float32Array, start: number, dim: number): number {
  let s = 0;
  for (let j = start; j < start + dim; j++) s += values[j]! * values[j]!;
  return s;
}
