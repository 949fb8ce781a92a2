// End to end: a small CNN learns a fixed random dataset with AdamW, and training is
// bit-for-bit reproducible from manualSeed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchNorm2d, Conv2d, EmbeddingNet, Flatten, Linear, MaxPool2d, ReLU, Sequential, type Module } from '../../src/nn/index.ts';
import { crossEntropy, mseLoss } from '../../src/nn/functional/index.ts';
import { AdamW } from '../../src/optim/index.ts';
import { liveTensors, manualSeed, rand, randn, tensor, tidy, type Tensor } from '../../src/tensor/index.ts';
import { Random } from '../../src/util/random.ts';

/** 48 noisy 8×8 images in 3 classes; class k has a bright 3×3 patch at a class-specific place. */
function dataset(seed: number): { images: Tensor; labels: Tensor } {
  const random = new Random(seed);
  const n = 48;
  const pixels = new Float32Array(n * 64);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 3;
    labels.push(k);
    for (let p = 0; p < 64; p++) pixels[i * 64 + p] = random.normal(0, 0.5);
    const [r0, c0] = [[0, 0], [4, 2], [1, 5]][k]!;
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) pixels[i * 64 + (r0! + r) * 8 + c0! + c] += 1.5;
  }
  return { images: tensor(pixels, [n, 1, 8, 8]), labels: tensor(labels, undefined, { dtype: 'int64' }) };
}

const classifier = () => new Sequential(
  new Conv2d(1, 8, 3, { padding: 1 }), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 4 * 4, 3),
);

function bytesOf(model: Module): Buffer {
  return Buffer.concat([...model.stateDict()].map(([, t]) => {
    const d = t.data();
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  }));
}

function trainClassifier(seed: number, steps: number): { losses: number[]; bytes: Buffer } {
  manualSeed(seed);
  const model = classifier();
  const optimizer = new AdamW(model.parameters(), { lr: 1e-2 });
  const { images, labels } = dataset(seed);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    losses.push(tidy(() => {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(images), labels);
      loss.backward();
      optimizer.step();
      return loss.item();
    }));
  }
  const bytes = bytesOf(model);
  for (const t of [images, labels]) t.dispose();
  optimizer.dispose();
  model.dispose();
  return { losses, bytes };
}

test('a small CNN\'s cross-entropy falls on a fixed dataset with AdamW', () => {
  const before = liveTensors();
  const { losses } = trainClassifier(7, 40);
  assert.ok(losses[0]! > 0.8, `starts near ln 3: ${losses[0]}`);
  const last = losses.slice(-5).reduce((a, b) => a + b, 0) / 5;
  assert.ok(last < 0.25 * losses[0]!, `loss ${losses[0]} → ${last}`);
  assert.equal(liveTensors(), before);
});

test('two classifier runs from the same manualSeed are bit-for-bit identical; another seed differs', () => {
  const a = trainClassifier(11, 10);
  const b = trainClassifier(11, 10);
  assert.deepEqual(b.losses, a.losses);
  assert.ok(a.bytes.equals(b.bytes), 'parameter and buffer bytes');
  assert.ok(!trainClassifier(12, 10).bytes.equals(a.bytes));
});

test('EmbeddingNet small (with dropout) trains reproducibly from manualSeed', () => {
  const run = (): Buffer => {
    manualSeed(3);
    const net = new EmbeddingNet({ arch: 'small', dim: 16 });
    const optimizer = new AdamW(net.parameters(), { lr: 1e-3 });
    const x = rand([8, 1, 28, 28]);
    const target = randn([8, 16]);
    for (let step = 0; step < 3; step++) {
      tidy(() => {
        optimizer.zeroGrad();
        mseLoss(net.forward(x), target).backward();
        optimizer.step();
      });
    }
    const bytes = bytesOf(net);
    for (const t of [x, target]) t.dispose();
    optimizer.dispose();
    net.dispose();
    return bytes;
  };
  assert.ok(run().equals(run()));
});
