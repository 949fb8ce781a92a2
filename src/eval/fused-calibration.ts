// Two scores of one query–candidate pair → one calibrated P(same individual): the embedding's
// distance d and the local matcher's verified inlier count n, fused by a logistic regression on
// (d, log(1 + n)) fitted on genuine and impostor pairs of identities held out of training
// (WildFusion's calibrated fusion, arXiv 2408.12934, in its simplest form). log(1 + n) because
// inlier counts are heavy-tailed: 40 against 80 inliers says less than 0 against 8. The weights are
// kept monotone (farther never more likely, more inliers never less): a feature whose fitted
// weight has the wrong sign is dropped and the rest refitted. One feature alone is the local-only
// matcher's map (distance weight 0). Fitted by Newton's method with Platt's smoothed targets, so
// separable pairs still give finite weights, as fitLogisticCalibration does for one feature.
import { ArgumentError } from '../util/errors.ts';

/** P(same | d, n) = σ(intercept + distance · d + inliers · log(1 + n)); distance ≤ 0 ≤ inliers. */
export interface FusedScoreMap {
  kind: 'fused-logistic';
  intercept: number;
  distance: number;
  inliers: number;
}

/** Which of the two scores a map may use: both (fused matcher), or one (embedding or local matcher). */
export type FusedFeatures = 'both' | 'distance' | 'inliers';

export interface FusedPairs {
  distance: ArrayLike<number>;
  /** Verified inliers of the pair (0 when the candidate was not matched). */
  inliers: ArrayLike<number>;
  genuine: ArrayLike<boolean | number>;
}

/** The transform the inlier weight multiplies. */
export const inlierFeature = (inliers: number): number => Math.log1p(Math.max(0, inliers));

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

export function fusedProbability(map: FusedScoreMap, distance: number, inliers: number): number {
  if (Number.isNaN(distance) || Number.isNaN(inliers)) return Number.NaN;
  // A weight of 0 means the feature is unused: an infinite distance must not make 0 · ∞ = NaN.
  const d = map.distance === 0 ? 0 : map.distance * distance;
  return sigmoid(map.intercept + d + map.inliers * inlierFeature(inliers));
}

function checkPairs(fn: string, pairs: FusedPairs): number {
  const n = pairs.distance.length;
  if (pairs.inliers.length !== n || pairs.genuine.length !== n) {
    throw new ArgumentError(`${fn}: expected as many inlier counts and genuine flags as distances (${n}) but received ${pairs.inliers.length} and ${pairs.genuine.length}.`);
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(pairs.distance[i])) throw new ArgumentError(`${fn}: expected finite distances but received ${pairs.distance[i]} at pair ${i}.`);
    if (!(Number.isFinite(pairs.inliers[i]) && pairs.inliers[i]! >= 0)) throw new ArgumentError(`${fn}: expected non-negative inlier counts but received ${pairs.inliers[i]} at pair ${i}.`);
    if (pairs.genuine[i]) positives++;
  }
  if (positives === 0 || positives === n) {
    throw new ArgumentError(`${fn}: expected both genuine and impostor pairs but received ${positives} genuine of ${n}. Hint: calibrate on queries of known and of unknown individuals.`);
  }
  return positives;
}

/** Solves the small symmetric system A x = b (Gaussian elimination with partial pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const k = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < k; c++) {
    let pivot = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    for (let r = c + 1; r < k; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let j = c; j <= k; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  const x = new Array<number>(k).fill(0);
  for (let r = k - 1; r >= 0; r--) {
    let s = m[r]![k]!;
    for (let j = r + 1; j < k; j++) s -= m[r]![j]! * x[j]!;
    x[r] = s / m[r]![r]!;
  }
  return x;
}

/** Logistic regression of the smoothed targets on the given feature columns; weights in the columns' own units. */
export function fitLogistic(columns: readonly Float64Array[], genuine: ArrayLike<boolean | number>, positives: number): { intercept: number; weights: number[] } {
  const n = genuine.length;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (n - positives + 2);
  // Standardised columns keep Newton's steps well conditioned; undone at the end.
  const stats = columns.map((col) => {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += col[i]! / n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (col[i]! - mean) ** 2 / n;
    return { mean, scale: Math.sqrt(variance) || 1 };
  });
  const k = columns.length + 1;
  const w = new Array<number>(k).fill(0);
  w[0] = Math.log((positives + 1) / (n - positives + 1));
  const x = new Float64Array(k);
  const row = (i: number): Float64Array => {
    x[0] = 1;
    for (let c = 0; c < columns.length; c++) x[c + 1] = (columns[c]![i]! - stats[c]!.mean) / stats[c]!.scale;
    return x;
  };
  // Cross-entropy against the smoothed targets: convex, with a finite minimum even on separable pairs.
  const loss = (weights: readonly number[]): number => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const xi = row(i);
      let z = 0;
      for (let j = 0; j < k; j++) z += weights[j]! * xi[j]!;
      const t = genuine[i] ? hi : lo;
      // log σ(z) and log(1 − σ(z)), stable for large |z|.
      const logP = z >= 0 ? -Math.log1p(Math.exp(-z)) : z - Math.log1p(Math.exp(z));
      total -= t * logP + (1 - t) * (logP - z);
    }
    return total;
  };
  let current = loss(w);
  for (let iteration = 0; iteration < 100; iteration++) {
    const g = new Array<number>(k).fill(0);
    // A tiny ridge keeps the Hessian invertible when a column is constant.
    const h = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 1e-9 : 0)));
    for (let i = 0; i < n; i++) {
      const xi = row(i);
      let z = 0;
      for (let j = 0; j < k; j++) z += w[j]! * xi[j]!;
      const p = sigmoid(z);
      const residual = p - (genuine[i] ? hi : lo);
      const weight = p * (1 - p);
      for (let a = 0; a < k; a++) {
        g[a]! += residual * xi[a]!;
        for (let b = 0; b < k; b++) h[a]![b]! += weight * xi[a]! * xi[b]!;
      }
    }
    const step = solve(h, g);
    // Damped Newton: a full step is taken only when it lowers the loss, else it is halved. Where the
    // pairs are (nearly) separable, p(1 − p) vanishes and a full step overshoots without bound: on 60
    // synthetic zebras' calibration pairs the undamped fit reached weights of 1e12 (a step function
    // whose 5% false-match threshold then accepted every never-enrolled zebra in bench photo).
    let scale = 1;
    let next = w.map((v, j) => v - step[j]!);
    let value = loss(next);
    while (!(value <= current) && scale > 1e-10) {
      scale /= 2;
      next = w.map((v, j) => v - scale * step[j]!);
      value = loss(next);
    }
    if (!(value <= current)) break;
    let size = 0;
    for (let j = 0; j < k; j++) size += Math.abs(next[j]! - w[j]!);
    for (let j = 0; j < k; j++) w[j] = next[j]!;
    current = value;
    if (size < 1e-12) break;
  }
  const weights = stats.map((s, c) => w[c + 1]! / s.scale);
  const intercept = w[0]! - stats.reduce((sum, s, c) => sum + weights[c]! * s.mean, 0);
  return { intercept, weights };
}

/** Fits P(same | d, n) on pairs, monotone in both scores; `features` chooses which it may use. */
export function fitFusedCalibration(pairs: FusedPairs, options: { features?: FusedFeatures } = {}): FusedScoreMap {
  const fn = 'fitFusedCalibration';
  const positives = checkPairs(fn, pairs);
  const features = options.features ?? 'both';
  if (!['both', 'distance', 'inliers'].includes(features)) throw new ArgumentError(`${fn}: expected "both", "distance" or "inliers" for options.features but received ${String(features)}.`);
  const n = pairs.distance.length;
  const distance = Float64Array.from({ length: n }, (_, i) => pairs.distance[i]!);
  const inliers = Float64Array.from({ length: n }, (_, i) => inlierFeature(pairs.inliers[i]!));
  let use = { distance: features !== 'inliers', inliers: features !== 'distance' };
  for (;;) {
    const columns = [...(use.distance ? [distance] : []), ...(use.inliers ? [inliers] : [])];
    const fit = fitLogistic(columns, pairs.genuine, positives);
    const map: FusedScoreMap = { kind: 'fused-logistic', intercept: fit.intercept, distance: use.distance ? fit.weights[0]! : 0, inliers: use.inliers ? fit.weights[use.distance ? 1 : 0]! : 0 };
    // A wrong-signed weight (scores that disagree with "closer and more inliers mean more alike")
    // is dropped, so a probability never rises with distance nor falls with inliers.
    const wrongDistance = use.distance && map.distance > 0;
    const wrongInliers = use.inliers && map.inliers < 0;
    if (!wrongDistance && !wrongInliers) return map;
    if (wrongDistance && wrongInliers || columns.length === 1) return { kind: 'fused-logistic', intercept: Math.log((positives + 1) / (n - positives + 1)), distance: 0, inliers: 0 };
    use = { distance: use.distance && !wrongDistance, inliers: use.inliers && !wrongInliers };
  }
}

/** Refuses a fused map with non-finite or wrong-signed weights (where it enters: load and save). */
export function checkFusedScoreMap(value: unknown, where: string, field = 'probability'): FusedScoreMap {
  const v = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok = v.kind === 'fused-logistic' && [v.intercept, v.distance, v.inliers].every((x) => typeof x === 'number' && Number.isFinite(x))
    && (v.distance as number) <= 0 && (v.inliers as number) >= 0;
  if (!ok) {
    throw new ArgumentError(`${where}: expected {kind: "fused-logistic", intercept, distance ≤ 0, inliers ≥ 0} (finite) for ${field} but received ${JSON.stringify(value)?.slice(0, 120)}.`);
  }
  return { kind: 'fused-logistic', intercept: v.intercept as number, distance: v.distance as number, inliers: v.inliers as number };
}
