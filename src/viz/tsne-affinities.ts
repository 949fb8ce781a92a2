// Input similarities for t-SNE: for each point a Gaussian over its k = 3 × perplexity nearest
// neighbours, its width found by bisection so that the distribution's perplexity matches the
// target, then symmetrised as P = (P_j|i + P_i|j) / 2n into a sparse row-compressed matrix.
import type { Neighbours } from '../gallery/neighbour-index.ts';

export interface SparseAffinities {
  /** Row i's entries are columns[rowStart[i] .. rowStart[i + 1]). */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

export function tsneAffinities(neighbours: Neighbours, n: number, perplexity: number): SparseAffinities {
  const k = neighbours.k;
  const conditional = new Float64Array(n * k);
  const targetEntropy = Math.log(perplexity);
  const squared = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) squared[t] = neighbours.distances[i * k + t]! ** 2;
    calibrateRow(squared, targetEntropy, conditional.subarray(i * k, (i + 1) * k));
  }
  // Symmetrise: collect both (i, j) and (j, i) per neighbour pair, then merge duplicates per row.
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) { degree[i]!++; degree[neighbours.indices[i * k + t]!]!++; }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + degree[i]!;
  const fill = start.slice(0, n);
  const rawColumns = new Int32Array(start[n]!);
  const rawValues = new Float64Array(start[n]!);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = neighbours.indices[i * k + t]!;
      const p = conditional[i * k + t]! / (2 * n);
      rawColumns[fill[i]!] = j; rawValues[fill[i]!++] = p;
      rawColumns[fill[j]!] = i; rawValues[fill[j]!++] = p;
    }
  }
  // Merge the duplicate (i, j) entries of each row in place, remembering where column j went.
  const slotOf = new Int32Array(n).fill(-1);
  const rowStart = new Int32Array(n + 1);
  let write = 0;
  for (let i = 0; i < n; i++) {
    rowStart[i] = write;
    for (let read = start[i]!; read < start[i + 1]!; read++) {
      const j = rawColumns[read]!;
      const slot = slotOf[j]!;
      if (slot >= rowStart[i]!) { rawValues[slot]! += rawValues[read]!; continue; }
      slotOf[j] = write;
      rawColumns[write] = j;
      rawValues[write++] = rawValues[read]!;
    }
  }
  rowStart[n] = write;
  return { rowStart, columns: rawColumns.slice(0, write), values: rawValues.slice(0, write) };
}

/**
 * One point's conditional distribution over its neighbours: bisection on the precision β of
 * exp(−β d²) until the entropy (nats) is `targetEntropy` = log(perplexity). Exported for tests.
 */
export function calibrateRow(squared: Float64Array, targetEntropy: number, out: Float64Array): void {
  const k = squared.length;
  const nearest = squared[0]!; // subtracted inside exp() for stability; cancels on normalising
  let beta = 1;
  let low = 0;
  let high = Infinity;
  for (let iteration = 0; iteration < 200; iteration++) {
    let sum = 0;
    let weighted = 0;
    for (let t = 0; t < k; t++) {
      const p = Math.exp(-beta * (squared[t]! - nearest));
      out[t] = p;
      sum += p;
      weighted += p * (squared[t]! - nearest);
    }
    // H = log Σp + β E[d²] (in nats) for p ∝ exp(−β d²).
    const entropy = Math.log(sum) + (beta * weighted) / sum;
    for (let t = 0; t < k; t++) out[t]! /= sum;
    const gap = entropy - targetEntropy;
    if (Math.abs(gap) < 1e-5) return;
    if (gap > 0) { low = beta; beta = high === Infinity ? beta * 2 : (beta + high) / 2; }
    else { high = beta; beta = (beta + low) / 2; }
  }
}
