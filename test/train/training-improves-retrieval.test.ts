// End to end: a short one-cycle run (3 epochs of 15 P×K batches) of the small EmbeddingNet on generated glyphs of 7 classes
// raises leave-one-out precision@1 on 3 classes it never saw (held-out identities), by a clear margin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchLoader, GlyphDataset, PKSampler, type GlyphClass, type GlyphStyle } from '../../src/data/index.ts';
import { batchHardSoftMarginLoss } from '../../src/metric/index.ts';
import { EmbeddingNet } from '../../src/nn/index.ts';
import { AdamW } from '../../src/optim/index.ts';
import { liveTensors, manualSeed, setNumThreads } from '../../src/tensor/index.ts';
import { Learner, Recorder, embedDataset, fitOneCycle, retrievalSummary, type Preprocessing } from '../../src/train/index.ts';

setNumThreads(1);

const seed = 3;
const trainClasses: GlyphClass[] = ['star', 'triangle', 'spiral', 'heart', 'cross', 'square', 'moon'];
const heldOutClasses: GlyphClass[] = ['arrow', 'lightning', 'smiley'];
// Any rotation, strong slant and stretch: an untrained network's features do not see through them.
const style: GlyphStyle = { maxRotation: 180, maxSlant: 0.5, maxAspectChange: 0.4 };
const preprocessing: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };

test('a short run on 7 glyph classes raises precision@1 on 3 held-out classes', { timeout: 120_000 }, async (t) => {
  const tensors = liveTensors();
  const train = new GlyphDataset({ classes: trainClasses, countPerClass: 30, seed, style });
  const heldOut = new GlyphDataset({ classes: heldOutClasses, countPerClass: 30, seed: seed + 100, style });
  manualSeed(seed);
  const model = new EmbeddingNet({ arch: 'small', dim: 32 });
  const optimizer = new AdamW(model.parameters(), { lr: 1e-2 });
  const sampler = new PKSampler(train, { identitiesPerBatch: 7, imagesPerIdentity: 4, seed, batchesPerEpoch: 15 });
  const loader = new BatchLoader(train, { sampler, mean: preprocessing.mean, std: preprocessing.std, seed });
  const recorder = new Recorder();
  const learner = new Learner({ model, loss: batchHardSoftMarginLoss(), loader, optimizer, shape: preprocessing, callbacks: [recorder], seed });
  const heldOutMetrics = async () => {
    const { embeddings, dim } = await embedDataset(model, heldOut, preprocessing);
    return retrievalSummary(embeddings, dim, heldOut.labels);
  };

  const before = await heldOutMetrics();
  await fitOneCycle(learner, 3, { maxLr: 1e-2 });
  const after = await heldOutMetrics();

  const firstEpoch = recorder.epochs[0]!.trainLoss;
  const lastEpoch = recorder.epochs.at(-1)!.trainLoss;
  assert.ok(lastEpoch < 0.85 * firstEpoch, `training loss ${firstEpoch.toFixed(3)} → ${lastEpoch.toFixed(3)}`);
  const gain = after.precisionAt1 - before.precisionAt1;
  t.diagnostic(`held-out P@1 ${before.precisionAt1.toFixed(3)} → ${after.precisionAt1.toFixed(3)}, mAP ${before.mAP.toFixed(3)} → ${after.mAP.toFixed(3)}`);
  assert.ok(gain >= 0.1, `held-out P@1 ${before.precisionAt1.toFixed(3)} → ${after.precisionAt1.toFixed(3)} (gain ${gain.toFixed(3)} < 0.1)`);
  assert.ok(after.mAP > before.mAP, `held-out mAP ${before.mAP.toFixed(3)} → ${after.mAP.toFixed(3)}`);
  optimizer.dispose();
  model.dispose();
  assert.equal(liveTensors(), tensors, 'live tensors once the model and optimiser are disposed');
});
