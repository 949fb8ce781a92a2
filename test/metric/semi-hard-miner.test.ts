import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tidy, type Tensor } from '../../src/tensor/index.ts';
import { CosineSimilarity, SemiHardMiner, semiHardTripletLoss } from '../../src/metric/index.ts';
import {
  cosine, euclidean, embeddingsOf, findSeed, gradientError, labelsOf, pairwise, randomBatch, smallestGap, tripletsOf,
  upperTriangle, type Matrix, type Measure, type Triplet,
} from './helpers/brute-force.ts';

/** The semi-hard choice by brute force; for similarities (inverted) larger values are closer. */
function semiHardTriplets(d: Matrix, labels: number[], inverted = false): Triplet[] {
  const far = (v: number) => (inverted ? -v : v);
  const out: Triplet[] = [];
  for (let a = 0; a < labels.length; a++) {
    const negatives = labels.flatMap((l, n) => (l !== labels[a] ? [n] : []));
    if (negatives.length === 0) continue;
    for (let p = 0; p < labels.length; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const semi = negatives.filter((n) => far(d[a]![n]!) > far(d[a]![p]!));
      let best = semi.length > 0 ? semi[0]! : negatives[0]!;
      for (const n of semi.length > 0 ? semi : negatives) {
        const better = semi.length > 0 ? far(d[a]![n]!) < far(d[a]![best]!) : far(d[a]![n]!) > far(d[a]![best]!);
        if (better) best = n;
      }
      out.push([a, p, best]);
    }
  }
  return out;
}

/**
 * TF Addons' triplet_semihard_loss / the tutorial, written from its definition with plain numbers:
 * mean over anchor–positive pairs of max(d_ap − d_an + margin, 0), d_an being the smallest
 * d(a,n) > d(a,p) over negatives, or the largest d(a,n) when no negative is farther.
 */
function tutorialSemiHardLoss(values: Matrix, labels: number[], margin: number): number {
  let total = 0;
  let count = 0;
  for (let a = 0; a < values.length; a++) {
    for (let p = 0; p < values.length; p++) {
      if (p === a || labels[p] !== labels[a]) continue;
      const dap = euclidean(values[a]!, values[p]!);
      let outside = Infinity;
      let inside = -Infinity;
      for (let n = 0; n < values.length; n++) {
        if (labels[n] === labels[a]) continue;
        const dan = euclidean(values[a]!, values[n]!);
        if (dan > dap) outside = Math.min(outside, dan);
        inside = Math.max(inside, dan);
      }
      if (inside === -Infinity) continue;
      total += Math.max(dap - (outside < Infinity ? outside : inside) + margin, 0);
      count++;
    }
  }
  return count === 0 ? 0 : total / count;
}

const semiHardLoss = (margin: number) => (embeddings: Tensor, labels: Tensor) =>
  semiHardTripletLoss({ margin }).forward(embeddings, labels).loss;

test('SemiHardMiner picks the closest farther negative, else the farthest, for every anchor–positive pair', () => {
  for (const [measure, inverted] of [[euclidean, false], [cosine, true]] as [Measure, boolean][]) {
    for (let seed = 1; seed <= 4; seed++) {
      const { values, labels } = randomBatch(seed, 11, 3, 3);
      const miner = new SemiHardMiner(inverted ? { distance: new CosineSimilarity() } : {});
      const mined = tidy(() => tripletsOf(miner.mine(embeddingsOf(values), labelsOf(labels))));
      assert.deepEqual(mined, semiHardTriplets(pairwise(values, measure), labels, inverted), `seed ${seed}`);
    }
  }
});

test('SemiHardMiner uses the farthest negative when none is farther than the positive', () => {
  // Anchor 0 and its positive 1 are 10 apart; the negatives are nearer.
  const values = [[0], [10], [1], [2]];
  const mined = tidy(() => tripletsOf(new SemiHardMiner().mine(embeddingsOf(values), labelsOf([0, 0, 1, 1]))));
  assert.deepEqual(mined.filter(([a]) => a === 0), [[0, 1, 3]]);
});

test('semi-hard triplet loss equals the tutorial (TF Addons) definition on random batches', () => {
  for (let seed = 10; seed < 16; seed++) {
    const { values, labels } = randomBatch(seed, 12, 4, 3);
    for (const margin of [1.0, 0.3]) {
      const loss = tidy(() => semiHardLoss(margin)(embeddingsOf(values), labelsOf(labels)).item());
      const expected = tutorialSemiHardLoss(values, labels, margin);
      assert.ok(Math.abs(loss - expected) < 1e-9, `seed ${seed}, margin ${margin}: ${loss} vs ${expected}`);
    }
  }
});

test('semi-hard triplet loss: autograd gradient matches finite differences', () => {
  const margin = 0.5;
  const seed = findSeed(100, (s) => {
    const { values, labels } = randomBatch(s, 8, 3, 3);
    const d = pairwise(values, euclidean);
    const hinges = semiHardTriplets(d, labels).map(([a, p, n]) => d[a]![p]! - d[a]![n]! + margin);
    return smallestGap(upperTriangle(d)) > 1e-3 && hinges.every((h) => Math.abs(h) > 1e-3);
  });
  const { values, labels } = randomBatch(seed, 8, 3, 3);
  const labelTensor = labelsOf(labels);
  const error = gradientError((e) => semiHardLoss(margin)(e, labelTensor), (v) => tutorialSemiHardLoss(v, labels, margin), values);
  labelTensor.dispose();
  assert.ok(error < 1e-6, `relative error ${error}`);
});
