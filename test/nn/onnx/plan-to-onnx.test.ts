// The exported file, run by onnxruntime-node, gives libtorch's embeddings to 1e-5 for every
// architecture reid trains, from uint8 pixels (normalised inside the graph) or from normalised
// floats, at any batch size (the batch dimension is dynamic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { inferencePlan, planToOnnx, onnxInputName, onnxOutputName, OrtSession } from '../../../src/nn/index.ts';
import { setNumThreads } from '../../../src/tensor/index.ts';
import { embedPixels, modelOnnx, pixelsToInput, type Preprocessing } from '../../../src/train/index.ts';
import { ArgumentError } from '../../../src/util/errors.ts';
import { Random } from '../../../src/util/random.ts';
import { archCases, trainedLooking } from '../inference/trained-looking.ts';

setNumThreads(1);

const maxAbsDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i]!)), 0);
const preprocessing = (channels: number, size: number): Preprocessing => ({
  channels, height: size, width: size, mean: [0.1307, 0.45, 0.4].slice(0, channels), std: [0.3081, 0.27, 0.29].slice(0, channels), glyph: false,
});
const images = (n: number, length: number, seed: number) => {
  const random = new Random(seed);
  return Array.from({ length: n }, () => Uint8Array.from({ length }, () => Math.floor(random.next() * 256)));
};

for (const c of archCases) {
  test(`export ${c.arch}: onnxruntime-node on the file equals libtorch to 1e-5 (uint8 and float32 input, batch 1 and 5)`, async () => {
    const net = trainedLooking(c);
    const p = preprocessing(c.channels, c.size);
    const uint8 = await OrtSession.create(modelOnnx(net, p, { dim: 32 }), `${c.arch}.onnx`);
    const float = await OrtSession.create(modelOnnx(net, p, { dim: 32, input: 'float32' }), `${c.arch}-float.onnx`);
    for (const n of [1, 5]) {
      const batch = images(n, c.channels * c.size * c.size, n);
      const expected = embedPixels(net, batch, p).embeddings;
      const pixels = new Uint8Array(batch.reduce((k, b) => k + b.length, 0));
      batch.forEach((b, i) => pixels.set(b, i * b.length));
      const dims = [n, c.channels, c.size, c.size];
      const fromUint8 = await uint8.run(pixels, dims);
      const fromFloat = await float.run(pixelsToInput(batch, p), dims);
      assert.deepEqual(fromUint8.dims, [n, 32]);
      assert.ok(maxAbsDiff(expected, fromUint8.data) <= 1e-5, `uint8, batch ${n}: ${maxAbsDiff(expected, fromUint8.data)}`);
      assert.ok(maxAbsDiff(expected, fromFloat.data) <= 1e-5, `float32, batch ${n}: ${maxAbsDiff(expected, fromFloat.data)}`);
    }
    await uint8.dispose();
    await float.dispose();
    net.dispose();
  });
}

test('the exported graph: dynamic batch, named input and output, BatchNorm folded, no Dropout', async () => {
  const net = trainedLooking(archCases[0]!);
  const bytes = modelOnnx(net, preprocessing(1, 28), { dim: 32, fingerprint: 'abc' });
  const model = onnxProto.onnx.ModelProto.decode(bytes);
  const graph = model.graph!;
  assert.equal(graph.input![0]!.name, onnxInputName);
  assert.equal(graph.output![0]!.name, onnxOutputName);
  assert.equal(graph.input![0]!.type!.tensorType!.shape!.dim![0]!.dimParam, 'batch');
  assert.equal(graph.input![0]!.type!.tensorType!.elemType, onnxProto.onnx.TensorProto.DataType.UINT8);
  const ops = graph.node!.map((n) => n.opType);
  assert.equal(ops.filter((o) => o === 'Conv').length, 4);
  for (const absent of ['BatchNormalization', 'Dropout']) assert.ok(!ops.includes(absent), `${absent} is not in the graph`);
  assert.deepEqual(ops.slice(-8), ['GlobalMaxPool', 'GlobalAveragePool', 'Concat', 'Flatten', 'Gemm', 'ReduceL2', 'Max', 'Div']);
  const session = await ort.InferenceSession.create(bytes);
  assert.deepEqual(session.inputNames, [onnxInputName]);
  await session.release();
  assert.equal(model.metadataProps!.find((m) => m.key === 'fingerprint')!.value, 'abc');
  net.dispose();
});

test('planToOnnx refuses a mean/std that does not match the input channels', () => {
  const net = trainedLooking(archCases[0]!);
  assert.throws(() => planToOnnx(inferencePlan(net), { input: { kind: 'uint8', height: 28, width: 28, mean: [0.5, 0.5], std: [1, 1] }, dim: 32, metadata: { producerVersion: '0', docString: '', properties: {} } }),
    (e: Error) => e instanceof ArgumentError && /planToOnnx: expected 1 means and stds/.test(e.message));
  net.dispose();
});
