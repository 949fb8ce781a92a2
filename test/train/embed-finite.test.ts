// Embeddings are checked finite where they leave the network: a NaN row is refused with an
// error naming the model (when it came from a bundle) and the first bad image's source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryDataset } from '../../src/data/index.ts';
import { EmbeddingNet, Module } from '../../src/nn/index.ts';
import { div, flatten, liveTensors, manualSeed, setNumThreads, tensor, type Tensor } from '../../src/tensor/index.ts';
import { embedDataset, embedPixels, loadModelBundle, saveModelBundle, type Preprocessing } from '../../src/train/index.ts';
import { DataError } from '../../src/util/errors.ts';

setNumThreads(1);

/** x / x per pixel: 1 where the input is non-zero, NaN (0/0) for an all-black image with mean 0. */
class Ratio extends Module {
  forward(x: Tensor): Tensor {
    const flat = flatten(x, 1);
    return div(flat, flat);
  }
}

const p: Preprocessing = { channels: 1, height: 2, width: 2, mean: [0], std: [1], glyph: false };
const grey = Uint8Array.from([9, 9, 9, 9]);
const black = new Uint8Array(4);

test('embedDataset refuses the first non-finite row, naming its source; finite rows still embed', async () => {
  const model = new Ratio();
  const pixels = Uint8Array.from([...grey, ...grey, ...grey, ...black, ...black]);
  const dataset = new InMemoryDataset({ name: 'probe', channels: 1, height: 2, width: 2, pixels, labels: Int32Array.from([0, 0, 0, 0, 0]), identities: ['a'] });
  const before = liveTensors();
  await assert.rejects(embedDataset(model, dataset, p, { batchSize: 2 }), (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    assert.match(error.message, /expected finite embeddings from the network but received NaN/);
    assert.ok(error.message.includes(dataset.source(3)), error.message); // row 1 of the second batch
    return true;
  });
  assert.equal(liveTensors(), before);
  const ok = embedPixels(model, [grey, grey], p);
  assert.deepEqual([...ok.embeddings], [1, 1, 1, 1, 1, 1, 1, 1]);
  assert.throws(() => embedPixels(model, [grey, black], p, (row) => `file-${row}.png`), /received NaN for file-1\.png/);
});

test('a bundle whose finite weights overflow to NaN is refused by name of the model directory', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reid-embed-finite-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  manualSeed(9);
  const net = new EmbeddingNet({ arch: 'small', dim: 8 });
  // Finite but huge first-layer weights: activations overflow float32 to ±Infinity, then NaN.
  const first = net.namedParameters()[0]!;
  const huge = tensor(new Float32Array(first[1].numel).fill(3e38), first[1].shape);
  net.loadStateDict(new Map([...net.stateDict()].map(([name, t]) => [name, name === first[0] ? huge : t])));
  huge.dispose();
  const dir = join(root, 'model');
  await saveModelBundle(dir, net, { preprocessing: { channels: 1, height: 12, width: 12, mean: [0.5], std: [0.5], glyph: false }, recipe: {}, seed: 9, trainedIdentities: [], metrics: {} });
  net.dispose();
  const { model, config } = await loadModelBundle(dir);
  t.after(() => model.dispose());
  const image = Uint8Array.from({ length: 144 }, (_, i) => (i * 37) % 256);
  assert.throws(() => embedPixels(model, [image], config.preprocessing, () => 'query.png'), (error: unknown) => {
    assert.ok(error instanceof DataError, String(error));
    assert.match(error.message, new RegExp(`from the model ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} but received (NaN|-?Infinity) for query\\.png`));
    return true;
  });
});
