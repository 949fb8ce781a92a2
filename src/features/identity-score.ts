// From per-image match counts to one score per identity. 'max-inliers' is the field's baseline:
// an identity scores its best image's inlier count. 'cohort' subtracts what this query reaches
// against identities at large (the median of their best counts) and divides by their spread, so
// one threshold serves queries with rich and poor texture alike (measured in bench/local.ts).
import { ArgumentError, expected } from '../util/errors.ts';

export interface ImageMatchCount {
  identity: string;
  inliers: number;
  tentative: number;
}

export type IdentityScoreRule =
  | { kind: 'max-inliers' }
  /** (best − median over identities) / (MAD over identities + floor); needs several identities. */
  | { kind: 'cohort'; floor?: number };

export interface IdentityScore {
  identity: string;
  /** Larger is more similar. */
  score: number;
  /** The identity's best inlier count, and which entry of `images` gave it. */
  inliers: number;
  bestImage: number;
}

/** Scores every identity in `images`, best first (ties by identity name, so the order is stable). */
export function identityScores(images: readonly ImageMatchCount[], rule: IdentityScoreRule = { kind: 'max-inliers' }): IdentityScore[] {
  const fn = 'identityScores';
  if (!Array.isArray(images)) throw new ArgumentError(expected(fn, 'images', 'an array of {identity, inliers, tentative}', images));
  const best = new Map<string, IdentityScore>();
  images.forEach((image, i) => {
    if (!Number.isInteger(image.inliers) || image.inliers < 0) throw new ArgumentError(expected(fn, `images[${i}].inliers`, 'a non-negative integer', image.inliers));
    const seen = best.get(image.identity);
    if (seen === undefined || image.inliers > seen.inliers) best.set(image.identity, { identity: image.identity, score: image.inliers, inliers: image.inliers, bestImage: i });
  });
  const scores = [...best.values()];
  if (rule.kind === 'cohort') {
    const floor = rule.floor ?? 1;
    if (!Number.isFinite(floor) || floor <= 0) throw new ArgumentError(expected(fn, 'rule.floor', 'a positive finite number', floor));
    const counts = scores.map((s) => s.inliers);
    const centre = median(counts);
    const spread = median(counts.map((c) => Math.abs(c - centre)));
    for (const s of scores) s.score = (s.inliers - centre) / (spread + floor);
  }
  return scores.sort((a, b) => b.score - a.score || (a.identity < b.identity ? -1 : a.identity > b.identity ? 1 : 0));
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
