// UMAP layouts through umap-js, made reproducible: every random draw umap-js makes (nearest-
// neighbour descent, random-projection trees, initialisation, negative sampling) goes through
// the `random` function it accepts, fed here from the project's seeded generator.
import { UMAP } from 'umap-js';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { Random } from '../util/random.ts';

export interface Umap2dOptions {
  seed: number;
  /** Default 15 (umap-js's default), lowered to n − 1 for tiny sets. */
  neighbours?: number;
  /** Default 0.1. */
  minDist?: number;
  /** Default: umap-js's choice (500 for small sets, 200 for large). */
  epochs?: number;
}

/** `points` is row-major n × dim; returns the n × 2 layout. */
export function umap2d(points: Float32Array, n: number, dim: number, options: Umap2dOptions): Float32Array {
  const fn = 'umap2d';
  if (points.length !== n * dim) throw new ShapeError(`${fn}: expected ${n} × ${dim} = ${n * dim} values for points but received ${points.length}.`);
  if (!Number.isFinite(options.seed)) throw new ArgumentError(`${fn}: expected a finite number for options.seed but received ${options.seed}.`);
  if (n < 3) return new Float32Array(2 * n); // umap-js needs at least a few points to build its graph
  const random = new Random(options.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: Math.min(options.neighbours ?? 15, n - 1),
    minDist: options.minDist ?? 0.1,
    ...(options.epochs === undefined ? {} : { nEpochs: options.epochs }),
    random: () => random.next(),
  });
  const rows = Array.from({ length: n }, (_, i) => Array.from(points.subarray(i * dim, (i + 1) * dim)));
  const layout = umap.fit(rows);
  const out = new Float32Array(2 * n);
  layout.forEach((row, i) => { out[2 * i] = row[0]!; out[2 * i + 1] = row[1]!; });
  return out;
}
