// How the gallery bench scores an answer against the float32 truth: recall@k (the share of the true
// k nearest found) and epsilon recall (a found row counts when it is as near as the true k-th, within ε).
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

export function recallAt(truth: Int32Array, found: Int32Array, k: number): number {
  let hits = 0;
  for (let row = 0; row < truth.length; row += k) {
    const expected = new Set(truth.subarray(row, row + k));
    for (const i of found.subarray(row, row + k)) if (expected.has(i)) hits++;
  }
  return round(hits / truth.length, 4);
}

/** Rows at..at+n of the gallery: a view of rows in memory, or (10M) made a block at a time. */
export type RowsOf = (at: number, n: number) => Float32Array;

/**
 * ‖q − x‖ in double of each listed row (rows[q·k + j] for query q), reading the rows a 4096-row chunk
 * at a time, each chunk once: at 10M the rows are made on demand (galleryBlock), not held.
 */
export function exactDistances(rowsOf: RowsOf, size: number, dim: number, queries: Float32Array, rows: Int32Array, k: number): Float64Array {
  const out = new Float64Array(rows.length).fill(Number.POSITIVE_INFINITY);
  const byChunk = new Map<number, number[]>();
  rows.forEach((r, at) => {
    if (r < 0) return;
    const chunk = Math.floor(r / 4096);
    (byChunk.get(chunk) ?? byChunk.set(chunk, []).get(chunk)!).push(at);
  });
  for (const [chunk, ats] of byChunk) {
    const start = chunk * 4096;
    const block = rowsOf(start, Math.min(size, start + 4096) - start);
    for (const at of ats) {
      const q = Math.floor(at / k), r = rows[at]! - start;
      let s = 0;
      for (let d = 0; d < dim; d++) s += (queries[q * dim + d]! - block[r * dim + d]!) ** 2;
      out[at] = Math.sqrt(s);
    }
  }
  return out;
}

/**
 * ann-benchmarks' epsilon recall: the share of found neighbours no farther than (1 + ε) times the true
 * k-th neighbour. Where many rows tie with the k-th (a replicated gallery's copies), recall@k says which
 * of equals was returned; this says whether the answer is as near as the truth.
 */
export function epsilonRecall(truthDistances: Float64Array, foundDistances: Float64Array, k: number, epsilon: number): number {
  let hits = 0;
  for (let row = 0; row < truthDistances.length; row += k) {
    let kth = 0;
    for (let j = 0; j < k; j++) kth = Math.max(kth, truthDistances[row + j]!);
    for (let j = 0; j < k; j++) if (foundDistances[row + j]! <= kth * (1 + epsilon)) hits++;
  }
  return round(hits / truthDistances.length, 4);
}
