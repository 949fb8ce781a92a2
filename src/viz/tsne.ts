// Barnes-Hut t-SNE (van der Maaten 2014) written here rather than taken from npm: no well-kept
// package implements Barnes-Hut (tsne-js is exact O(n²) and did not finish 5,000 points in ten
// minutes). Schedule and defaults follow openTSNE: PCA initialisation scaled to σ = 1e-4,
// 250 iterations of early exaggeration 12 at momentum 0.5, then 500 at momentum 0.8, learning
// rate max(200, n / 12), delta-bar-delta gains. Deterministic for a given seed.
import { ExactIndex } from '../gallery/exact-search.ts';
import { nearestOthers, type NeighbourIndex, type Neighbours } from '../gallery/neighbour-index.ts';
import { ArgumentError, ShapeError } from '../util/errors.ts';
import { Random } from '../util/random.ts';
import { BarnesHutQuadtree } from './barnes-hut-quadtree.ts';
import { pca2d } from './pca-2d.ts';
import { tsneAffinities, type SparseAffinities } from './tsne-affinities.ts';

export interface TsneOptions {
  seed: number;
  /** Effective number of neighbours. Default 30 (lowered to (n − 1) / 3 for tiny sets). */
  perplexity?: number;
  /** 'pca' (default) or 'random' (Gaussian, σ = 1e-4, from the seed). */
  init?: 'pca' | 'random';
  /** Default 250. */
  earlyExaggerationIterations?: number;
  /** Default 12. */
  earlyExaggeration?: number;
  /** Iterations after early exaggeration. Default 500. */
  iterations?: number;
  /** Default max(200, n / 12). */
  learningRate?: number;
  /** Barnes-Hut accuracy: larger is faster and coarser. Default 0.5. */
  theta?: number;
  /**
   * Where each point's 3 × perplexity nearest neighbours come from: an index holding the n
   * points in order (an HnswIndex for sets too large for exact search). Default: exact search
   * on the engine in double precision.
   */
  index?: NeighbourIndex;
  /** Called every 50 iterations and at the end with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** `points` is row-major n × dim; returns the n × 2 layout. */
export function tsne(points: Float32Array, n: number, dim: number, options: TsneOptions): Float32Array {
  const fn = 'tsne';
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) throw new ArgumentError(`${fn}: expected non-negative integer n and positive integer dim but received n ${n}, dim ${dim}.`);
  if (points.length !== n * dim) throw new ShapeError(`${fn}: expected ${n} × ${dim} = ${n * dim} values for points but received ${points.length}.`);
  for (let i = 0; i < points.length; i++) if (!Number.isFinite(points[i])) throw new ArgumentError(`${fn}: expected finite values for points but received ${points[i]} at point ${Math.floor(i / dim)}.`);
  checkOptions(options);
  if (n < 2) return new Float32Array(2 * n);
  const perplexity = Math.min(options.perplexity ?? 30, (n - 1) / 3);
  const k = Math.min(n - 1, Math.max(1, Math.floor(3 * perplexity)));
  const affinities = tsneAffinities(neighboursOf(points, n, dim, k, options.index), n, Math.max(perplexity, 1.0001));
  const y = initialLayout(points, n, dim, options);
  optimise(y, n, affinities, options);
  return Float32Array.from(y);
}

function neighboursOf(points: Float32Array, n: number, dim: number, k: number, given: NeighbourIndex | undefined): Neighbours {
  if (!given) {
    const exact = new ExactIndex(dim, { dtype: 'float64' });
    try {
      exact.setVectors(points);
      return nearestOthers(exact, points, k);
    } finally {
      exact.dispose();
    }
  }
  if (given.dim !== dim || given.size !== n) {
    throw new ArgumentError(`tsne: expected an index of the ${n} × ${dim} points for options.index but received one of ${given.size} × ${given.dim}.`);
  }
  const found = nearestOthers(given, points, k);
  const short = found.indices.findIndex((j) => j < 0);
  if (short >= 0) throw new ArgumentError(`tsne: expected options.index to find ${k} neighbours of every point but point ${Math.floor(short / k)} has fewer; search deeper (HnswOptions.expansionSearch).`);
  return found;
}

function checkOptions(options: TsneOptions): void {
  const fn = 'tsne';
  if (!Number.isFinite(options.seed)) throw new ArgumentError(`${fn}: expected a finite number for options.seed but received ${options.seed}.`);
  for (const key of ['earlyExaggerationIterations', 'iterations'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new ArgumentError(`${fn}: expected a non-negative integer for options.${key} but received ${value}.`);
  }
  for (const key of ['perplexity', 'learningRate', 'earlyExaggeration'] as const) {
    const value = options[key];
    if (value !== undefined && !(value > 0 && Number.isFinite(value))) throw new ArgumentError(`${fn}: expected a positive number for options.${key} but received ${value}.`);
  }
  if (options.theta !== undefined && !(options.theta >= 0 && Number.isFinite(options.theta))) throw new ArgumentError(`${fn}: expected a number ≥ 0 for options.theta but received ${options.theta}. 0 is exact (slow), 0.5 the usual.`);
  if (options.init !== undefined && options.init !== 'pca' && options.init !== 'random') throw new ArgumentError(`${fn}: expected 'pca' or 'random' for options.init but received ${String(options.init)}.`);
}

function initialLayout(points: Float32Array, n: number, dim: number, options: TsneOptions): Float64Array {
  const random = new Random(options.seed);
  let y: Float64Array;
  if ((options.init ?? 'pca') === 'pca') {
    y = pca2d(points, n, dim, options.seed);
    let variance = 0;
    for (let i = 0; i < n; i++) variance += y[2 * i]! ** 2 / n;
    // Rescaled so the first axis has σ = 1e-4; a degenerate (constant) set falls back to random.
    if (variance > 0) { const scale = 1e-4 / Math.sqrt(variance); return y.map((v) => v * scale); }
  }
  y = new Float64Array(2 * n);
  for (let t = 0; t < 2 * n; t++) y[t] = random.normal(0, 1e-4);
  return y;
}

function optimise(y: Float64Array, n: number, p: SparseAffinities, options: TsneOptions): void {
  const exaggerated = options.earlyExaggerationIterations ?? 250;
  const total = exaggerated + (options.iterations ?? 500);
  const exaggeration = options.earlyExaggeration ?? 12;
  const learningRate = options.learningRate ?? Math.max(200, n / 12);
  const thetaSquared = (options.theta ?? 0.5) ** 2;
  const gradient = new Float64Array(2 * n);
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const repulsive = new Float64Array(2 * n);
  const tree = new BarnesHutQuadtree();
  for (let iteration = 0; iteration < total; iteration++) {
    const early = iteration < exaggerated;
    const momentum = early ? 0.5 : 0.8;
    const scale = early ? exaggeration : 1;
    tree.build(y, n);
    const z = tree.repulsion(y, thetaSquared, repulsive, 64);
    // ∂C/∂y_i = 4 [ Σ_j P_ij q_ij Z (y_i − y_j) − Σ_j q_ij² Z (y_i − y_j) ], with P exaggerated early on.
    for (let i = 0; i < n; i++) {
      const xi = y[2 * i]!, yi = y[2 * i + 1]!;
      let ax = 0, ay = 0;
      for (let e = p.rowStart[i]!; e < p.rowStart[i + 1]!; e++) {
        const j = p.columns[e]!;
        const dx = xi - y[2 * j]!, dy = yi - y[2 * j + 1]!;
        const w = p.values[e]! / (1 + dx * dx + dy * dy);
        ax += w * dx;
        ay += w * dy;
      }
      gradient[2 * i] = 4 * (scale * ax - repulsive[2 * i]! / z);
      gradient[2 * i + 1] = 4 * (scale * ay - repulsive[2 * i + 1]! / z);
    }
    let meanX = 0, meanY = 0;
    for (let t = 0; t < 2 * n; t++) {
      const g = gradient[t]!;
      // Delta-bar-delta: grow the step where the gradient keeps its direction, shrink where it flips.
      gains[t] = Math.sign(g) !== Math.sign(update[t]!) ? gains[t]! + 0.2 : Math.max(0.01, gains[t]! * 0.8);
      update[t] = momentum * update[t]! - learningRate * gains[t]! * g;
      y[t]! += update[t]!;
      if (t % 2 === 0) meanX += y[t]!; else meanY += y[t]!;
    }
    meanX /= n; meanY /= n;
    for (let i = 0; i < n; i++) { y[2 * i]! -= meanX; y[2 * i + 1]! -= meanY; }
    if (options.onProgress && ((iteration + 1) % 50 === 0 || iteration + 1 === total)) options.onProgress(iteration + 1, total);
  }
}
