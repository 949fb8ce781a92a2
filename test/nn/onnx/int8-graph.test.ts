// The int8 graph, run by onnxruntime-node, against the same integer arithmetic written out in loops:
// uint8 activations, per-channel int8 weights, int32 accumulators and biases, requantized at every tap.
// Then whole networks: int8 embeddings stay close to float32 ones, and the tap count is enforced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activationTapCount, int32Biases, int8Weights, OrtSession, planToOnnx, uint8Params, type ActivationRange } from '../../../src/nn/onnx/index.ts';
import { inferencePlan, type InferencePlan, type InferenceStep } from '../../../src/nn/index.ts';
import { setNumThreads } from '../../../src/tensor/index.ts';
import { measureActivationRanges, modelOnnx, type Preprocessing } from '../../../src/train/index.ts';
import { ArgumentError } from '../../../src/util/errors.ts';
import { Random } from '../../../src/util/random.ts';
import { trainedLooking } from '../inference/trained-looking.ts';

setNumThreads(1);
const metadata = { producerVersion: '0', docString: '', properties: {} };
const size = 6;

function conv(random: Random, inC: number, outC: number, k: number, relu: boolean): Extract<InferenceStep, { kind: 'conv' }> {
  return {
    kind: 'conv', weight: { data: Float32Array.from({ length: outC * inC * k * k }, () => random.next() - 0.5), shape: [outC, inC, k, k] },
    bias: Float32Array.from({ length: outC }, () => (random.next() - 0.5) * 0.2), stride: [1, 1], padding: [(k - 1) / 2, (k - 1) / 2], dilation: [1, 1], groups: 1, relu,
  };
}

/** Convolution (stride 1, zero padding) of C×H×W `x` in loops; `weight(o, i, ky, kx)`, `bias(o)`. */
function convLoops(x: Float64Array, c: number, w: Extract<InferenceStep, { kind: 'conv' }>, weight: (at: number) => number, bias: (o: number) => number): Float64Array {
  const [o, , k] = w.weight.shape as [number, number, number, number];
  const pad = w.padding[0];
  const out = new Float64Array(o * size * size);
  for (let oc = 0; oc < o; oc++) for (let y = 0; y < size; y++) for (let xx = 0; xx < size; xx++) {
    let sum = bias(oc);
    for (let ic = 0; ic < c; ic++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
      const sy = y + ky - pad, sx = xx + kx - pad;
      if (sy >= 0 && sy < size && sx >= 0 && sx < size) sum += x[(ic * size + sy) * size + sx]! * weight(((oc * c + ic) * k + ky) * k + kx);
    }
    out[(oc * size + y) * size + xx] = sum;
  }
  return out;
}

const quantize = (v: number, scale: number, zero: number) => Math.min(255, Math.max(0, Math.round(v / scale) + zero));

test('an int8 graph computes what its integer arithmetic says: a float stem, int8 convolutions on uint8 activations, a signed tap', async () => {
  const random = new Random(7);
  const a = conv(random, 1, 2, 3, true); // on pixels: stays float
  const b = conv(random, 2, 3, 3, true); // int8, post-ReLU tap
  const c = conv(random, 3, 2, 1, false); // int8, signed tap
  const plan: InferencePlan = { inChannels: 1, steps: [a, b, c, { kind: 'flatten' }] };
  assert.equal(activationTapCount(plan), 3);
  const pixels = Array.from({ length: 4 }, () => Uint8Array.from({ length: size * size }, () => Math.floor(random.next() * 256)));
  // The float pass gives the taps' ranges (as calibration would).
  const float = pixels.map((p) => {
    const x = Float64Array.from(p, (v) => v / 255);
    const ta = convLoops(x, 1, a, (i) => a.weight.data[i]!, (o) => a.bias[o]!).map((v) => Math.max(0, v));
    const tb = convLoops(ta, 2, b, (i) => b.weight.data[i]!, (o) => b.bias[o]!).map((v) => Math.max(0, v));
    return { x, ta, tb, tc: convLoops(tb, 3, c, (i) => c.weight.data[i]!, (o) => c.bias[o]!) };
  });
  const rangeOf = (key: 'ta' | 'tb' | 'tc'): ActivationRange => ({ min: Math.min(...float.flatMap((f) => [...f[key]])), max: Math.max(...float.flatMap((f) => [...f[key]])) });
  const ranges = [rangeOf('ta'), rangeOf('tb'), rangeOf('tc')];
  assert.ok(ranges[2]!.min < 0, 'the last tap is signed, so its zero point is not 0');
  const [qa, qb, qc] = ranges.map((r) => uint8Params(r)) as [ReturnType<typeof uint8Params>, ReturnType<typeof uint8Params>, ReturnType<typeof uint8Params>];

  // The integer pipeline, in loops.
  const wb = int8Weights(b.weight.data, 3), bb = int32Biases(b.bias, qa.scale, wb.scales);
  const wc = int8Weights(c.weight.data, 2), bc = int32Biases(c.bias, qb.scale, wc.scales);
  const expected = float.map(({ ta }) => {
    const ua = ta.map((v) => quantize(v, qa.scale, qa.zeroPoint) - qa.zeroPoint);
    const accB = convLoops(ua, 2, b, (i) => wb.values[i]!, (o) => bb.values[o]!);
    const ub = accB.map((acc, i) => quantize(Math.max(0, acc * qa.scale * wb.scales[Math.floor(i / (size * size))]!), qb.scale, qb.zeroPoint) - qb.zeroPoint);
    const accC = convLoops(ub, 3, c, (i) => wc.values[i]!, (o) => bc.values[o]!);
    return accC.map((acc, i) => (quantize(acc * qb.scale * wc.scales[Math.floor(i / (size * size))]!, qc.scale, qc.zeroPoint) - qc.zeroPoint) * qc.scale);
  });

  const dim = 2 * size * size;
  const model = planToOnnx(plan, { input: { kind: 'uint8', height: size, width: size, mean: [0], std: [1] }, dim, metadata, precision: { kind: 'int8', activations: ranges } });
  const session = await OrtSession.create(model, 'int8 test graph');
  const batch = new Uint8Array(pixels.length * size * size);
  pixels.forEach((p, n) => batch.set(p, n * size * size));
  const { data } = await session.run(batch, [pixels.length, 1, size, size]);
  await session.dispose();
  let exact = 0;
  for (let n = 0; n < pixels.length; n++) for (let i = 0; i < dim; i++) {
    const got = data[n * dim + i]!, want = expected[n]![i]!;
    // Every output is on the last tap's grid ...
    const steps = got / qc.scale + qc.zeroPoint;
    assert.ok(Math.abs(steps - Math.round(steps)) < 1e-3, `output ${n}/${i} = ${got} is not on the grid of scale ${qc.scale}`);
    // ... and within one step of the loops (a rounding tie, or float order in the stem, can flip one).
    assert.ok(Math.abs(got - want) <= qc.scale * 1.001, `output ${n}/${i}: ${got} vs ${want} (step ${qc.scale})`);
    if (Math.abs(got - want) < 1e-6) exact++;
  }
  assert.ok(exact >= 0.9 * pixels.length * dim, `${exact} of ${pixels.length * dim} outputs equal the loops exactly`);
});

test('int8 networks stay close to float32: small CNN and photo network (quantized stem, residual sums)', async () => {
  for (const c of [{ arch: 'small' as const, channels: 1, size: 28 }, { arch: 'photo' as const, channels: 3, size: 64 }]) {
    const net = trainedLooking(c);
    const p: Preprocessing = { channels: c.channels, height: c.size, width: c.size, mean: new Array(c.channels).fill(0.45), std: new Array(c.channels).fill(0.25), glyph: false };
    const random = new Random(3);
    const images = Array.from({ length: 24 }, () => Uint8Array.from({ length: c.channels * c.size * c.size }, () => Math.floor(random.next() * 256)));
    const ranges = await measureActivationRanges(net, p, images.slice(0, 16), { dim: 32 });
    assert.equal(ranges.length, activationTapCount(inferencePlan(net)));
    const run = async (bytes: Uint8Array) => {
      const session = await OrtSession.create(bytes, c.arch);
      const batch = new Uint8Array(images.length * images[0]!.length);
      images.forEach((im, n) => batch.set(im, n * im.length));
      const out = await session.run(batch, [images.length, c.channels, c.size, c.size]);
      await session.dispose();
      return out.data;
    };
    const f32 = await run(modelOnnx(net, p, { dim: 32 }));
    const i8 = await run(modelOnnx(net, p, { dim: 32, precision: { kind: 'int8', activations: ranges } }));
    // Unit vectors: the dot product is the cosine. Measured 0.9995+ (photo, random weights) and 0.999+
    // (shipped glyph model); 0.99 leaves room for other CPUs' rounding, and a graph that lost a
    // scale or a bias lands far below it.
    for (let n = 0; n < images.length; n++) {
      let cos = 0;
      for (let j = 0; j < 32; j++) cos += f32[n * 32 + j]! * i8[n * 32 + j]!;
      assert.ok(cos > 0.99, `${c.arch} image ${n}: cosine ${cos} between int8 and float32`);
    }
    assert.ok(f32.some((v, i) => v !== i8[i]), `${c.arch}: the int8 graph gave float32's exact numbers, so nothing was quantized`);
    net.dispose();
  }
});

test('an int8 graph needs one range per tap, and finite ones', () => {
  const net = trainedLooking({ arch: 'small', channels: 1, size: 28 });
  const p: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1], std: [0.3], glyph: false };
  assert.throws(() => modelOnnx(net, p, { dim: 32, precision: { kind: 'int8', activations: [{ min: 0, max: 1 }] } }), (e: Error) => e instanceof ArgumentError && /expected 4 activation ranges for this network but received 1/.test(e.message));
  const bad = [{ min: 0, max: 1 }, { min: 0, max: Number.NaN }, { min: 0, max: 1 }, { min: 0, max: 1 }];
  assert.throws(() => modelOnnx(net, p, { dim: 32, precision: { kind: 'int8', activations: bad } }), (e: Error) => e instanceof ArgumentError && /activation tap 1: expected a finite range/.test(e.message));
  net.dispose();
});
