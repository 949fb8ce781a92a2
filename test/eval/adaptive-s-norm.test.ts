import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adaptiveSNorm, cohortStats } from '../../src/eval/adaptive-s-norm.ts';
import { Random } from '../../src/util/random.ts';

function bruteForce(row: number[], c: number, own: { mean: number; std: number }, k: number): number {
  const impostors = row.filter((_, i) => i !== c).sort((a, b) => b - a).slice(0, k);
  const mean = impostors.reduce((s, v) => s + v, 0) / impostors.length;
  const std = Math.max(1e-6, Math.sqrt(impostors.reduce((s, v) => s + (v - mean) ** 2, 0) / impostors.length));
  return 0.5 * ((row[c]! - mean) / std + (row[c]! - own.mean) / own.std);
}

test('adaptive s-norm equals a brute-force loop for candidates inside and outside the top K', () => {
  const random = new Random(9);
  for (const [n, k] of [[12, 4], [6, 5], [30, 10], [3, 8]] as const) {
    const row = Array.from({ length: n }, () => random.uniform(-1, 1));
    const stats = Array.from({ length: n }, () => ({ mean: random.uniform(-0.5, 0.5), std: random.uniform(0.05, 0.3) }));
    const candidates = Array.from({ length: n }, (_, i) => i);
    const fast = adaptiveSNorm(row, candidates, stats, k);
    candidates.forEach((c) => assert.ok(Math.abs(fast[c]! - bruteForce(row, c, stats[c]!, Math.min(k, n - 1))) < 1e-9, `n ${n} k ${k} candidate ${c}`));
  }
});

test('cohortStats: the top K values, skipping one index (hand values)', () => {
  const s = cohortStats([0.9, 0.1, 0.5, 0.7, 0.3], 2, 0);
  assert.ok(Math.abs(s.mean - 0.6) < 1e-12 && Math.abs(s.std - 0.1) < 1e-12);
});

test('s-norm makes a score relative: the same raw similarity counts for less in a crowded cohort', () => {
  const crowded = [0.8, 0.78, 0.77, 0.76, 0.75];
  const sparse = [0.8, 0.2, 0.1, 0.0, -0.1];
  const own = [{ mean: 0, std: 0.2 }, ...Array.from({ length: 4 }, () => ({ mean: 0, std: 0.2 }))];
  const [inCrowd] = adaptiveSNorm(crowded, [0], own, 3);
  const [alone] = adaptiveSNorm(sparse, [0], own, 3);
  assert.ok(alone! > inCrowd!);
});
