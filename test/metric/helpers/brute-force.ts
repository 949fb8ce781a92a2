// Plain-number reference implementations and test fixtures for the metric tests:
// nested loops over JS numbers, written independently of src/metric.
import { Random } from '../../../src/util/random.ts';
import { tensor, tidy, type Tensor } from '../../../src/tensor/index.ts';

export type Matrix = number[][];
export type Triplet = [number, number, number];
export type Measure = (x: number[], y: number[]) => number;

export const euclidean: Measure = (x, y) => Math.sqrt(x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0));
export const squaredEuclidean: Measure = (x, y) => x.reduce((s, v, i) => s + (v - y[i]!) ** 2, 0);
export const cosine: Measure = (x, y) => {
  const dot = x.reduce((s, v, i) => s + v * y[i]!, 0);
  return dot / (Math.hypot(...x) * Math.hypot(...y));
};

/** Random embeddings (N,D) and labels from `classes` classes, plus one label used by a single item. */
export function randomBatch(seed: number, n: number, d: number, classes: number): { values: Matrix; labels: number[] } {
  const random = new Random(seed);
  const values = Array.from({ length: n }, () => Array.from({ length: d }, () => random.normal()));
  const labels = Array.from({ length: n - 1 }, (_, i) => i % classes);
  labels.push(classes);
  random.shuffle(labels);
  return { values, labels };
}

export function pairwise(values: Matrix, measure: Measure): Matrix {
  return values.map((x) => values.map((y) => measure(x, y)));
}

/** Every (a, p, n): same label, a ≠ p, different label for n; in lexicographic order. */
export function allTriplets(labels: number[]): Triplet[] {
  const out: Triplet[] = [];
  for (let a = 0; a < labels.length; a++) {
    for (let p = 0; p < labels.length; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      for (let n = 0; n < labels.length; n++) if (labels[n] !== labels[a]) out.push([a, p, n]);
    }
  }
  return out;
}

export const mean = (xs: number[]): number => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
export const softplus = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));

export function embeddingsOf(values: Matrix): Tensor {
  return tensor(Float64Array.from(values.flat()), [values.length, values[0]!.length]);
}
export function labelsOf(labels: number[]): Tensor {
  return tensor(BigInt64Array.from(labels.map(BigInt)), [labels.length]);
}

/** Reads a miner's index vectors back as triplets. */
export function tripletsOf(indices: { anchors: Tensor; positives: Tensor; negatives: Tensor }): Triplet[] {
  const [a, p, n] = [indices.anchors, indices.positives, indices.negatives].map((t) => Array.from(t.data() as BigInt64Array, Number));
  return a!.map((anchor, i) => [anchor, p![i]!, n![i]!]);
}

/** The loss as a number and its autograd gradient with respect to the embeddings (flattened). */
export function lossAndGradient(forward: (embeddings: Tensor) => Tensor, values: Matrix): { loss: number; gradient: number[] } {
  return tidy(() => {
    const embeddings = embeddingsOf(values).setRequiresGrad();
    const loss = forward(embeddings);
    loss.backward();
    return { loss: loss.item(), gradient: Array.from(embeddings.grad!.data() as Float64Array) };
  });
}

/** Central finite differences of f at values, flattened in row-major order. */
export function finiteDifferences(f: (values: Matrix) => number, values: Matrix, step = 1e-6): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values[i]!.length; j++) {
      const shifted = (delta: number) => values.map((row, r) => row.map((v, c) => (r === i && c === j ? v + delta : v)));
      out.push((f(shifted(step)) - f(shifted(-step))) / (2 * step));
    }
  }
  return out;
}

/** ‖a − b‖ / max(‖a‖, ‖b‖, tiny). */
export function relativeError(a: number[], b: number[]): number {
  const diff = Math.hypot(...a.map((v, i) => v - b[i]!));
  return diff / Math.max(Math.hypot(...a), Math.hypot(...b), 1e-300);
}

/** The smallest gap between any two of the numbers (how close the batch is to a tie). */
export function smallestGap(numbers: number[]): number {
  const sorted = [...numbers].sort((x, y) => x - y);
  let gap = Infinity;
  for (let i = 1; i < sorted.length; i++) gap = Math.min(gap, sorted[i]! - sorted[i - 1]!);
  return gap;
}

/** Off-diagonal entries of a square matrix (i < j). */
export function upperTriangle(m: Matrix): number[] {
  return m.flatMap((row, i) => row.filter((_, j) => j > i));
}

/** Relative error between the autograd gradient of `forward` and finite differences of `reference`. */
export function gradientError(forward: (embeddings: Tensor) => Tensor, reference: (values: Matrix) => number, values: Matrix): number {
  const { gradient } = lossAndGradient(forward, values);
  // A zero gradient would match trivially; the case must exercise the loss.
  if (Math.hypot(...gradient) < 1e-6) throw new Error('gradientError: the autograd gradient is ~0; pick a case with active tuples');
  return relativeError(gradient, finiteDifferences(reference, values));
}

/** The first seed from `start` whose batch satisfies `ok` (how tests pick a case without near-ties). */
export function findSeed(start: number, ok: (seed: number) => boolean): number {
  for (let seed = start; seed < start + 1000; seed++) if (ok(seed)) return seed;
  throw new Error(`findSeed: no seed in [${start}, ${start + 1000}) satisfied the condition`);
}
