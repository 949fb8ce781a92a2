import { test } from 'node:test';
import assert from 'node:assert/strict';
import { falseMatchThreshold, fitOpenSetCalibration, fitProbabilityThreshold, spreadRankingShrinkage } from '../../src/recipes/fit-open-set-calibration.ts';
import { runOpenSetProtocol } from '../../src/recipes/open-set-protocol.ts';
import { matchProbability, runnerUpDistance } from '../../src/eval/index.ts';
import { Random } from '../../src/util/random.ts';

test('falseMatchThreshold accepts at most the target share (hand values)', () => {
  const d = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6, 1.0];
  assert.ok(Math.abs(falseMatchThreshold(d, 0.2) - 0.25) < 1e-12); // accepts 0.1 and 0.2
  assert.ok(falseMatchThreshold(d, 0.05) < 0.1 && falseMatchThreshold(d, 0.05) > 0.099);
  for (const rate of [0.05, 0.2, 0.35, 0.5]) assert.ok(d.filter((x) => x <= falseMatchThreshold(d, rate)).length <= rate * d.length);
});

/** Clustered unit vectors: `identities` centres, `per` noisy views of each. */
function clusteredSet(identities: number, per: number, dim: number, noise: number, seed: number) {
  const r = new Random(seed);
  const rows: number[] = [];
  const names: string[] = [];
  for (let i = 0; i < identities; i++) {
    const centre = Array.from({ length: dim }, () => r.normal());
    for (let j = 0; j < per; j++) {
      const v = centre.map((c) => c + noise * r.normal());
      const n = Math.hypot(...v);
      rows.push(...v.map((x) => x / n));
      names.push(`id${i}`);
    }
  }
  return { embeddings: Float32Array.from(rows), dim, identities: names };
}

test('on well-separated identities the fitted calibration meets its false-match rate and ranks right', () => {
  const set = clusteredSet(40, 8, 16, 0.25, 3);
  const { calibration, summaries } = fitOpenSetCalibration(set, { fittedOn: 'test clusters', falseMatchRate: 0.05 });
  assert.equal(calibration.target, 'false-match-rate=0.05');
  assert.ok(Number.isFinite(calibration.threshold) && calibration.threshold > 0);
  assert.equal(calibration.probability?.kind, 'shot-logistic');
  for (const { summary } of summaries) {
    assert.ok(summary.baus >= 0.9, `BAUS ${summary.baus}`);
    assert.ok(summary.top1 > 0.95, `top-1 ${summary.top1}`);
    assert.ok(summary.ece < 0.15, `ECE ${summary.ece}`);
  }
  // The threshold was set on unknown queries of these same identities: at most 5% of them accepted, pooled.
  assert.ok(1 - (summaries[0]!.summary.baus + summaries[1]!.summary.baus) / 2 <= 0.1);
  assert.throws(() => fitOpenSetCalibration(clusteredSet(3, 4, 8, 0.2, 1), { fittedOn: 'x' }), /at least 4 held-out identities/);
});

test('the balanced rule trades false matches for known queries accepted: wider than the 5% false-match threshold on overlapping identities, both accuracies balanced', () => {
  const set = clusteredSet(40, 8, 16, 0.6, 5); // noisy: genuine and impostor distances overlap
  const strict = fitOpenSetCalibration(set, { fittedOn: 'test clusters' });
  const balanced = fitOpenSetCalibration(set, { fittedOn: 'test clusters', thresholdRule: 'balanced' });
  assert.equal(balanced.calibration.target, 'balanced-accuracy');
  assert.ok(balanced.calibration.threshold > strict.calibration.threshold, `${balanced.calibration.threshold} vs ${strict.calibration.threshold}`);
  const mean = (f: (s: (typeof balanced.summaries)[number]['summary']) => number, r: typeof balanced) => r.summaries.reduce((s, x) => s + f(x.summary), 0) / r.summaries.length;
  const ba = (r: typeof balanced) => mean((s) => (s.baks + s.baus) / 2, r);
  assert.ok(ba(balanced) >= ba(strict) - 0.02, `balanced accuracy ${ba(balanced)} vs ${ba(strict)}`);
  assert.ok(mean((s) => s.baks, balanced) > mean((s) => s.baks, strict));
  // The spread scoring calibrates in its own units (about 1 for a typical genuine query).
  const spread = fitOpenSetCalibration(set, { fittedOn: 'test clusters', thresholdRule: 'balanced', scoring: { kind: 'spread' } });
  assert.ok(spread.calibration.threshold > 0.5 && spread.calibration.threshold < 3, `${spread.calibration.threshold}`);
});

test('ranking "spread": the calibration carries a spread ranking whose prior is the set\'s pooled within-identity variance, fitted under it', () => {
  const set = clusteredSet(30, 8, 16, 0.4, 7);
  const fitted = fitOpenSetCalibration(set, { fittedOn: 'test clusters', thresholdRule: 'balanced', ranking: 'spread' });
  const ranking = fitted.calibration.ranking!;
  assert.equal(ranking.kind, 'spread');
  assert.equal(ranking.shrinkage, spreadRankingShrinkage);
  // Brute force: Σ squared deviations from each identity's mean over Σ (n − 1).
  const rows = new Map<string, number[]>();
  set.identities.forEach((id, i) => rows.set(id, [...(rows.get(id) ?? []), i]));
  let ss = 0;
  let df = 0;
  for (const list of rows.values()) {
    for (let d = 0; d < set.dim; d++) {
      const mean = list.reduce((s, i) => s + set.embeddings[i * set.dim + d]!, 0) / list.length;
      for (const i of list) ss += (set.embeddings[i * set.dim + d]! - mean) ** 2;
    }
    df += list.length - 1;
  }
  assert.ok(Math.abs(ranking.priorVariance - ss / df) < 1e-9 * (ss / df), `${ranking.priorVariance} vs ${ss / df}`);
  // Distances stay centroid distances: the threshold is on the centroid scale of the unranked fit.
  const plain = fitOpenSetCalibration(set, { fittedOn: 'test clusters', thresholdRule: 'balanced' });
  assert.ok(Math.abs(fitted.calibration.threshold - plain.calibration.threshold) < 0.25 * plain.calibration.threshold, `${fitted.calibration.threshold} vs ${plain.calibration.threshold}`);
  assert.throws(() => fitOpenSetCalibration(set, { fittedOn: 'x', ranking: 'spread', scoring: { kind: 'centroid' } }), /ranking or scoring, not both/);
});

test('fitProbabilityThreshold takes the probability cutoff of best balanced accuracy over the k-shot trials (a loop over every cutoff)', () => {
  const set = clusteredSet(30, 8, 16, 0.6, 7);
  const { calibration } = fitOpenSetCalibration(set, { fittedOn: 'test clusters', thresholdRule: 'balanced', ranking: 'spread' });
  const cut = fitProbabilityThreshold(set, calibration);
  assert.ok(cut > 0 && cut < 1, `${cut}`);
  // The same trials (k = 1, 2, 3, 5 below the 8 images each; seeds 1-3, under the spread ranking), by hand.
  const r = calibration.ranking!;
  const trials = [1, 2, 3, 5].flatMap((shots) => [1, 2, 3].flatMap((seed) => {
    const run = runOpenSetProtocol(set, { shots, seed, scoring: { kind: 'spreadRanked', shrinkage: r.shrinkage, priorVariance: r.priorVariance } });
    const enrolled = run.gallery.identities();
    const out = run.queries.map((q) => ({ p: matchProbability(calibration.probability!, q.result.distance, enrolled.get(q.result.identity!), runnerUpDistance(q.result.candidates)), right: q.result.identity === q.truth, known: q.known }));
    run.gallery.dispose();
    return out;
  }));
  const known = trials.filter((t) => t.known);
  const unknown = trials.filter((t) => !t.known);
  const balanced = (c: number) => (known.filter((t) => t.right && t.p >= c).length / known.length + unknown.filter((t) => t.p < c).length / unknown.length) / 2;
  const best = Math.max(...trials.map((t) => balanced(t.p)), balanced(1.01));
  assert.ok(Math.abs(balanced(cut) - best) < 1e-12, `balanced accuracy at ${cut}: ${balanced(cut)}, best ${best}`);
  assert.ok(best > 0.6, `${best}`);
  assert.throws(() => fitProbabilityThreshold(set, { ...calibration, probability: undefined }), /expected a calibration with a probability map/);
});
