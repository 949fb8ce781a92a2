// Exact search of one query without reading the float32 rows: one pass over int8-dim codes
// (native/src/scan.cc, 1 byte per value instead of 4, so a quarter of the memory traffic that bounds
// a scan) shortlists rows by their approximate distance, and the shortlist is re-scored exactly from
// the float32 rows, FAISS's "refine" pattern. Unlike a fixed refine factor, the shortlist here is
// certified: every row outside it is at least sqrt(bar − Δ) − E from the query (bar: the worst
// shortlisted score, Δ: the query's own rounding, E: the largest ‖x − x̂‖ of any row, measured when
// encoding), so when that bound exceeds the k-th re-scored distance nothing outside can enter the
// top k and the answer equals a float32 brute force; otherwise the shortlist widens ×4 and the scan
// runs again (at worst every row is re-scored). Without float32 rows (int8-dim storage) the scan's
// own distances are the answer, as the engine path would give them.
import { native } from '../tensor/engine.ts';
import { ArgumentError } from '../util/errors.ts';
import { encodeVectors, type EncodedVectors } from './vector-storage.ts';

/** int8-dim codes, with the float32 rows they encode when the search is to be exact. */
export interface QuantisedRows {
  /** With `blocked`, codes.codes holds blockCodes' layout (16 rows side by side) instead of rows. */
  codes: EncodedVectors;
  rows?: Float32Array;
  blocked?: boolean;
}

/**
 * The scan's own copy of float32 rows' codes: in blocks of 16 rows where the CPU has a kernel for
 * them (AVX-512 VNNI: 16 rows an instruction, no horizontal sums; a 70k × 128 scan on one thread
 * measured 0.22 ms against 0.56-0.77 ms in rows, same run, load 9.6).
 */
export function quantisedRowsOf(rows: Float32Array, dim: number): QuantisedRows {
  const codes = encodeVectors(rows, dim, 'int8-dim');
  if (!native().blockedScan()) return { codes, rows };
  return { codes: { ...codes, codes: native().blockCodes(codes.codes as Uint8Array, codes.count, dim) }, rows, blocked: true };
}

export interface ScanResult {
  indices: Int32Array;
  /** Squared distances: exact (from the rows) or the codes' own. */
  squared: Float64Array;
  /** Scans run (1 unless a shortlist had to widen). */
  scans: number;
}

/**
 * Shortlist width for k: wide enough that one scan certifies on every query measured (random unit
 * vectors at 70k, k = 10 and 256; MNIST embeddings at 1M, k = 10), small enough that its re-scoring
 * and selection stay near 0.1 ms (4k instead of 2k cost 0.4 ms more at k = 256 over 70k).
 */
export const shortlistFor = (k: number): number => Math.max(2 * k, k + 256);

/** The k nearest rows to one query (dim values), nearest first, ties in index order. */
export function quantisedSearch(data: QuantisedRows, query: Float32Array, k: number, threads: number): ScanResult {
  const { codes, rows } = data;
  const { count, dim } = codes;
  if (codes.storage !== 'int8-dim' || !codes.dimScale) throw new ArgumentError(`quantisedSearch: expected int8-dim codes but received ${codes.storage}`);
  if (query.length !== dim) throw new ArgumentError(`quantisedSearch: expected ${dim} values for query but received ${query.length}`);
  if (rows && rows.length !== count * dim) throw new ArgumentError(`quantisedSearch: expected ${count} × ${dim} float32 rows but received ${rows.length} values`);
  const kk = Math.min(k, count);
  if (kk === 0) return { indices: new Int32Array(0), squared: new Float64Array(0), scans: 0 };
  const prepared = prepareQuery(codes, query);
  if (!rows) {
    const [indices, scores] = scan(data, prepared, kk, threads);
    return { indices, squared: Float64Array.from(scores, (s) => Math.max(0, s)), scans: 1 };
  }
  const maxError = codes.maxError ?? Number.POSITIVE_INFINITY;
  for (let width = shortlistFor(kk), scans = 1; ; width *= 4, scans++) {
    // A shortlist of every row needs no scan and no certificate.
    const all = width >= count;
    const found = all ? null : scan(data, prepared, width, threads);
    const candidates = found ? found[0] : Int32Array.from({ length: count }, (_, i) => i);
    const bar = found ? found[1][found[1].length - 1]! : 0;
    const [indices, squared] = native().rerankTopK(rows, count, dim, query, candidates, kk);
    const outside = Math.sqrt(Math.max(0, bar - prepared.rounding)) - maxError;
    if (all || outside > Math.sqrt(squared[kk - 1]!) * (1 + 1e-9)) return { indices, squared, scans };
  }
}

interface PreparedQuery {
  weights: Int16Array;
  offset: number;
  scale: number;
  /** Bound on |score − ‖q − x̂‖²| from the weights' rounding and float32 arithmetic. */
  rounding: number;
}

/**
 * score = ‖x̂‖² + (‖q‖² − 2 q·lo) − 2 s Σ w_j u_j, with w_j = round(q_j step_j / s) in int16. s makes
 * the largest |w| as big as int32 sums and the kernels allow (|w| ≤ 16383, |w|·255·dim < 2^31), so
 * the rounding costs at most s·255·dim in the squared distance: about 1e-5 of q·x̂'s scale at dim 128.
 */
function prepareQuery(codes: EncodedVectors, query: Float32Array): PreparedQuery {
  const { dim } = codes;
  const { lo, step } = codes.dimScale!;
  let sq = 0;
  let dotLo = 0;
  let largest = 0;
  const exact = new Float64Array(dim);
  for (let j = 0; j < dim; j++) {
    const q = query[j]!;
    if (!Number.isFinite(q)) throw new ArgumentError(`ExactIndex.search: expected finite values for queries but received ${q} at position ${j}`);
    sq += q * q;
    dotLo += q * lo[j]!;
    exact[j] = q * step[j]!;
    largest = Math.max(largest, Math.abs(exact[j]!));
  }
  // 16383, not 32767: the AVX-512 VNNI kernel splits each weight into two signed bytes (scan.cc).
  const limit = Math.min(16383, Math.floor((2 ** 31 - 1) / (255 * dim)));
  const s = largest > 0 ? largest / limit : 0;
  // A plain loop: Int16Array.from with a map function went through the iterator protocol (~40 µs a query).
  const weights = new Int16Array(dim);
  if (s > 0) for (let j = 0; j < dim; j++) weights[j] = Math.round(exact[j]! / s);
  const offset = sq - 2 * dotLo;
  const magnitude = (Math.sqrt(sq) + Math.sqrt(codes.maxSqNorm ?? maxOf(codes.sqNorms))) ** 2;
  return { weights, offset, scale: -2 * s, rounding: s * 255 * dim + 1e-5 * magnitude + Math.abs(offset) * 1e-6 };
}

function maxOf(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, v);
  return m;
}

/** The native scan's best `width` rows and their scores, in rank order (the last score is the certificate's bar). */
function scan({ codes, blocked }: QuantisedRows, prepared: PreparedQuery, width: number, threads: number): [Int32Array, Float32Array] {
  return native().scanCodesTopK(codes.codes as Uint8Array, codes.count, codes.dim, codes.sqNorms, prepared.weights, prepared.offset, prepared.scale, width, threads, blocked ?? false);
}
