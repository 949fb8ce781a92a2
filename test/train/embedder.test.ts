// Both inference engines give the trainable module's embeddings to 1e-5 (so galleries built with
// one can be searched with the other), REID_ENGINE chooses between them, and datasets embed
// through either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setNumThreads } from '../../src/tensor/index.ts';
import { createEmbedder, embedDataset, embeddingEngine, embedPixels, type Preprocessing } from '../../src/train/index.ts';
import { InMemoryDataset } from '../../src/data/index.ts';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { Random } from '../../src/util/random.ts';
import { archCases, trainedLooking } from '../nn/inference/trained-looking.ts';

setNumThreads(1);

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const p: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: false };
const images = (n: number, seed = 1) => {
  const random = new Random(seed);
  return Array.from({ length: n }, () => Uint8Array.from({ length: 784 }, () => Math.floor(random.next() * 256)));
};

test('libtorch (folded) and onnx engines give the module\'s embeddings to 1e-5, over chunks and sessions', async () => {
  const net = trainedLooking(archCases[0]!);
  const batch = images(21);
  const expected = embedPixels(net, batch, p).embeddings;
  for (const [engine, threads] of [['libtorch', 1], ['onnx', 1], ['onnx', 2]] as const) {
    const embedder = await createEmbedder(net, p, { engine, dim: 32, threads, chunk: 4 });
    assert.equal(embedder.engine, engine);
    const { embeddings, dim } = await embedder.embed(batch);
    assert.equal(dim, 32);
    assert.ok(maxAbsDiff(expected, embeddings) <= 1e-5, `${engine} × ${threads}: ${maxAbsDiff(expected, embeddings)}`);
    await embedder.dispose();
  }
  net.dispose();
});

test('embedDataset through an engine equals embedDataset through the module', async () => {
  const net = trainedLooking(archCases[0]!);
  const pixels = new Uint8Array(9 * 784);
  images(9, 2).forEach((image, i) => pixels.set(image, i * 784));
  const dataset = new InMemoryDataset({ name: 'x', pixels, labels: new Int32Array(9), identities: ['a'], channels: 1, height: 28, width: 28 });
  const expected = (await embedDataset(net, dataset, p, { batchSize: 4 })).embeddings;
  const embedder = await createEmbedder(net, p, { engine: 'onnx', dim: 32, threads: 1 });
  const actual = (await embedDataset(embedder, dataset, p, { batchSize: 4 })).embeddings;
  assert.ok(maxAbsDiff(expected, actual) <= 1e-5);
  await embedder.dispose();
  net.dispose();
});

test('the onnx engine refuses images of the wrong size, and names the image whose embedding is not finite', async () => {
  const net = trainedLooking(archCases[0]!);
  const embedder = await createEmbedder(net, p, { engine: 'onnx', dim: 32, threads: 1 });
  await assert.rejects(embedder.embed([new Uint8Array(10)]), (e: Error) => e instanceof ArgumentError && /expected 784 pixels .* received 10/.test(e.message));
  await embedder.dispose();
  // A std of 1e-38 sends the normalised pixels past float32's range: the input is ±Infinity.
  const broken = await createEmbedder(net, { ...p, std: [1e-38] }, { engine: 'onnx', dim: 32, threads: 1 });
  await assert.rejects(broken.embed(images(1), () => 'broken.png'), (e: Error) => e instanceof DataError && /finite embeddings .* broken\.png/.test(e.message));
  await broken.dispose();
  net.dispose();
});

test('REID_ENGINE chooses the engine; anything else is refused by name', () => {
  assert.equal(embeddingEngine({ REID_ENGINE: 'libtorch' }), 'libtorch');
  assert.equal(embeddingEngine({ REID_ENGINE: 'onnx' }), 'onnx');
  assert.equal(embeddingEngine({ REID_ENGINE: 'onnx-int8' }), 'onnx-int8');
  assert.ok(['libtorch', 'onnx'].includes(embeddingEngine({})));
  assert.throws(() => embeddingEngine({ REID_ENGINE: 'tensorrt' }), (e: Error) => e instanceof ArgumentError && /REID_ENGINE: expected one of libtorch, onnx, onnx-int8 but received "tensorrt"/.test(e.message));
});
