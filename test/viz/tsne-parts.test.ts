import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BarnesHutQuadtree } from '../../src/viz/barnes-hut-quadtree.ts';
import { ExactIndex } from '../../src/gallery/exact-search.ts';
import { nearestOthers } from '../../src/gallery/neighbour-index.ts';
import { calibrateRow, tsneAffinities } from '../../src/viz/tsne-affinities.ts';
import { pca2d } from '../../src/viz/pca-2d.ts';
import { Random } from '../../src/util/random.ts';

test('Barnes-Hut repulsion with θ = 0 is the exact sum, and θ = 0.5 is close', () => {
  const random = new Random(2);
  const n = 300;
  const y = Float64Array.from({ length: 2 * n }, () => random.normal(0, 5));
  y[2] = y[0]!; y[3] = y[1]!; // an exact duplicate must not count itself
  const exact = new Float64Array(2 * n);
  let exactZ = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    if (i === j) continue;
    const dx = y[2 * i]! - y[2 * j]!, dy = y[2 * i + 1]! - y[2 * j + 1]!;
    const q = 1 / (1 + dx * dx + dy * dy);
    exactZ += q;
    exact[2 * i]! += q * q * dx;
    exact[2 * i + 1]! += q * q * dy;
  }
  const tree = new BarnesHutQuadtree();
  tree.build(y, n);
  for (const [theta, tolerance] of [[0, 1e-9], [0.5, 0.02]] as const) {
    const forces = new Float64Array(2 * n);
    const z = tree.repulsion(y, theta * theta, forces, 8);
    assert.ok(Math.abs(z - exactZ) / exactZ < tolerance, `θ ${theta}: Z ${z} vs ${exactZ}`);
    let error = 0, norm = 0;
    for (let t = 0; t < 2 * n; t++) { error += (forces[t]! - exact[t]!) ** 2; norm += exact[t]! ** 2; }
    assert.ok(Math.sqrt(error / norm) < tolerance * 5 + 1e-9, `θ ${theta}: relative force error ${Math.sqrt(error / norm)}`);
  }
});

test('a conditional row reaches the target perplexity', () => {
  const random = new Random(6);
  for (const perplexity of [2, 5, 30]) {
    const squared = Float64Array.from({ length: 90 }, () => random.uniform(0, 40)).sort();
    const row = new Float64Array(90);
    calibrateRow(squared, Math.log(perplexity), row);
    const entropy = -row.reduce((s, p) => s + (p > 0 ? p * Math.log(p) : 0), 0);
    assert.ok(Math.abs(Math.exp(entropy) - perplexity) < 1e-3 * perplexity, `perplexity ${Math.exp(entropy)} for ${perplexity}`);
    assert.ok(Math.abs(row.reduce((s, p) => s + p, 0) - 1) < 1e-12);
  }
});

test('affinities: P is symmetric and sums to 1', () => {
  const random = new Random(3);
  const n = 200, dim = 5, perplexity = 10;
  const points = Float32Array.from({ length: n * dim }, () => random.normal());
  const index = new ExactIndex(dim);
  index.setVectors(points);
  const neighbours = nearestOthers(index, points, 30);
  index.dispose();
  const p = tsneAffinities(neighbours, n, perplexity);
  const dense = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let e = p.rowStart[i]!; e < p.rowStart[i + 1]!; e++) dense[i * n + p.columns[e]!]! += p.values[e]!;
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    total += dense[i * n + j]!;
    assert.ok(Math.abs(dense[i * n + j]! - dense[j * n + i]!) < 1e-15);
  }
  assert.ok(Math.abs(total - 1) < 1e-9);
});

test('PCA recovers the dominant direction, sign fixed', () => {
  const random = new Random(4);
  const n = 500;
  // Variance 100 along (1, 1, 0)/√2, 1 elsewhere.
  const points = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = random.normal(0, 10), b = random.normal(), c = random.normal();
    points[i * 3] = (a + b) / Math.SQRT2; points[i * 3 + 1] = (a - b) / Math.SQRT2; points[i * 3 + 2] = c;
  }
  const projected = pca2d(points, n, 3);
  let agreement = 0;
  for (let i = 0; i < n; i++) agreement += projected[2 * i]! * (points[i * 3]! + points[i * 3 + 1]!);
  assert.ok(agreement > 0, 'first component points along +(1, 1, 0)');
  let variance = 0;
  for (let i = 0; i < n; i++) variance += projected[2 * i]! ** 2 / n;
  assert.ok(variance > 80 && variance < 120, `variance ${variance}`);
});
