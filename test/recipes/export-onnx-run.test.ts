// `reid export-onnx` as a recipe: model.onnx runs in onnxruntime-node and gives the bundle's
// embeddings; model.onnx.json says how to feed it; bad output names are refused before anything is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrtSession } from '../../src/nn/index.ts';
import { exportOnnxRun } from '../../src/recipes/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { embedPixels, saveModelBundle, type Preprocessing } from '../../src/train/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { archCases, trainedLooking } from '../nn/inference/trained-looking.ts';

setNumThreads(1);

test('exportOnnxRun writes model.onnx and model.onnx.json; the file gives the bundle\'s embeddings to 1e-5', async () => {
  const root = await mkdtemp(join(tmpdir(), 'reid-export-'));
  try {
    const net = trainedLooking(archCases[0]!, 4);
    const p: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
    await saveModelBundle(join(root, 'model'), net, { preprocessing: p, recipe: {}, seed: 4, trainedIdentities: [], metrics: {} });
    const out = join(root, 'export', 'model.onnx');
    const { description } = await exportOnnxRun({ modelDir: join(root, 'model'), out });
    assert.deepEqual(description.input, { name: 'pixels', type: 'uint8', layout: 'NCHW', shape: ['batch', 1, 28, 28], normalisedInGraph: true });
    assert.deepEqual(JSON.parse(await readFile(`${out}.json`, 'utf8')), JSON.parse(JSON.stringify(description)));
    assert.equal(description.preprocessing.glyph, true, 'the JSON says the caller must bring drawings into MNIST form');
    const session = await OrtSession.create(await readFile(out), out);
    const image = Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256);
    const { data } = await session.run(image, [1, 1, 28, 28]);
    const expected = embedPixels(net, [image], p).embeddings;
    assert.ok(data.every((x, i) => Math.abs(x - expected[i]!) <= 1e-5));
    await session.dispose();
    assert.deepEqual((await readdir(join(root, 'export'))).sort(), ['model.onnx', 'model.onnx.json'], 'no temporary files left');
    net.dispose();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('exportOnnxRun refuses an output that is not .onnx, and a missing bundle, naming them', async () => {
  await assert.rejects(exportOnnxRun({ modelDir: 'nowhere', out: 'model.bin' }), (e: Error) => e instanceof ArgumentError && /expected a file name ending in \.onnx for out but received "model\.bin"/.test(e.message));
  await assert.rejects(exportOnnxRun({ modelDir: join(tmpdir(), 'reid-no-such-bundle'), out: join(tmpdir(), 'reid-x.onnx') }), /model\.json .* is missing/);
  assert.equal(existsSync(join(tmpdir(), 'reid-x.onnx')), false);
});
