// reid eval's open-set rows: the held-out identities through the protocol at the bundle's own
// calibration; BAKS/BAUS need a shipped threshold, so without one they are NaN, not invented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GlyphDataset } from '../../src/data/index.ts';
import { EmbeddingNet } from '../../src/nn/index.ts';
import { evaluateRun } from '../../src/recipes/evaluate-run.ts';
import { manualSeed, setNumThreads } from '../../src/tensor/index.ts';
import type { ModelBundle } from '../../src/train/index.ts';

setNumThreads(1);

function bundle(calibration?: ModelBundle['config']['calibration']): ModelBundle {
  manualSeed(4);
  const model = new EmbeddingNet({ arch: 'small', dim: 16 });
  const config = {
    format: 'reid-model', formatVersion: 1, arch: 'small', dim: 16, preprocessing: { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true },
    recipe: {}, seed: 4, trainedIdentities: [], metrics: {}, reidVersion: 'test', fingerprint: 'f', createdAt: 'now', ...(calibration ? { calibration } : {}),
  } as ModelBundle['config'];
  return { model, config };
}

test('eval reports the open set at the model\'s calibration, and NaN BAKS/BAUS without one', async () => {
  const test4 = new GlyphDataset({ classes: ['star', 'heart', 'triangle', 'spiral', 'moon', 'cross'], countPerClass: 8, seed: 2 });
  const holdout = ['star', 'heart', 'triangle', 'spiral'];
  const none = await evaluateRun(bundle(), test4, { holdout, shots: [1, 5] });
  assert.deepEqual(none.openSet.map((o) => o.shots), [1, 5]);
  for (const { summary } of none.openSet) {
    assert.ok(summary.top1 >= 0 && summary.top1 <= 1 && summary.unknownAuroc >= 0 && summary.unknownAuroc <= 1);
    assert.ok(Number.isNaN(summary.baks) && Number.isNaN(summary.ece));
  }
  // A threshold of +∞ accepts every query: every known query counts when its top-1 is right, no unknown is called new.
  const accepting = await evaluateRun(bundle({ threshold: 1e9, target: 't', precision: 1, recall: 1, queries: 1, calibratedAt: 'now', probability: { kind: 'logistic', intercept: 0, slope: 0 } }), test4, { holdout, shots: [5] });
  const s = accepting.openSet[0]!.summary;
  assert.equal(s.baus, 0);
  assert.ok(Math.abs(s.baks - s.top1) < 0.2, `BAKS ${s.baks} vs top-1 ${s.top1}`);
  // P = σ(0) = 1/2 for every query: ECE is |1/2 − the share of right top-1|.
  assert.ok(Math.abs(s.ece - Math.abs(0.5 - (s.top1 * s.knownQueries) / (s.knownQueries + s.unknownQueries))) < 1e-9);
});
