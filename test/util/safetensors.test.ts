import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  saveSafetensors,
} from '../../src/util/safetensors.ts';
import type { SafetensorsTensor } from '../../src/util/safetensors-dtype.ts';

const fixture = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'python.safetensors');

function headerText(bytes: Uint8Array): string {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return new TextDecoder().decode(bytes.subarray(8, 8 + length));
}

const everyDtype: Record<string, SafetensorsTensor> = {
  bool: { dtype: 'BOOL', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) },
  u8: { dtype: 'U8', shape: [3], data: new Uint8Array([0, 128, 255]) },
  i8: { dtype: 'I8', shape: [3], data: new Int8Array([-128, 0, 127]) },
  i16: { dtype: 'I16', shape: [2], data: new Int16Array([-32768, 32767]) },
  u16: { dtype: 'U16', shape: [1], data: new Uint16Array([65535]) },
  f16: { dtype: 'F16', shape: [2], data: new Uint16Array([0x3c00, 0xc100]) },
  bf16: { dtype: 'BF16', shape: [1], data: new Uint16Array([0x3f80]) },
  i32: { dtype: 'I32', shape: [2, 1], data: new Int32Array([-2147483648, 2147483647]) },
  u32: { dtype: 'U32', shape: [1], data: new Uint32Array([4294967295]) },
  f32: { dtype: 'F32', shape: [1, 3], data: new Float32Array([0.5, -1.25, Number.NaN]) },
  f64: { dtype: 'F64', shape: [2], data: new Float64Array([Math.PI, -1e300]) },
  i64: { dtype: 'I64', shape: [2], data: new BigInt64Array([-(2n ** 63n), 2n ** 62n + 1n]) },
  u64: { dtype: 'U64', shape: [1], data: new BigUint64Array([2n ** 64n - 1n]) },
  scalar: { dtype: 'F32', shape: [], data: new Float32Array([7]) },
  empty: { dtype: 'F32', shape: [0, 4], data: new Float32Array(0) },
};

test('round trip keeps dtype, shape and exact values for every dtype', () => {
  const bytes = encodeSafetensors(everyDtype, { framework: 'reid', note: 'α' });
  const { tensors, metadata } = decodeSafetensors(bytes);
  assert.deepEqual(metadata, { framework: 'reid', note: 'α' });
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(everyDtype).sort());
  for (const [name, original] of Object.entries(everyDtype)) {
    const decoded = tensors[name]!;
    assert.equal(decoded.dtype, original.dtype, name);
    assert.deepEqual(decoded.shape, original.shape, name);
    assert.equal(decoded.data.constructor, original.data.constructor, name);
    assert.deepEqual(decoded.data, original.data, name);
  }
  // Layout rules: header a multiple of 8 (space padded), tensors contiguous to the end of the file.
  const header = headerText(bytes);
  assert.equal(new TextEncoder().encode(header).length % 8, 0, 'header byte length is a multiple of 8');
  assert.match(header, /\} *$/, 'padding is spaces');
  assert.match(header, /^\{"__metadata__":\{"framework":"reid","note":"α"\},"u64":/);
});

test('reads the fixture written by Python safetensors with exact values', async () => {
  const { tensors, metadata } = await loadSafetensors(fixture);
  assert.match(metadata.source!, /^safetensors \d+\.\d+\.\d+ via make-safetensors-fixture\.py, café$/);
  const weight = tensors.weight!;
  assert.equal(weight.dtype, 'F32');
  assert.deepEqual(weight.shape, [2, 3]);
  assert.deepEqual(weight.data, Float32Array.from([0, 1, 2, 3, 4, 5], (i) => i / 7));
  assert.deepEqual(tensors.ids, { dtype: 'I64', shape: [3], data: new BigInt64Array([2n ** 40n, -(2n ** 40n) - 1n, 2n ** 62n + 1n]) });
  assert.deepEqual(tensors.pixels, { dtype: 'U8', shape: [4], data: new Uint8Array([0, 1, 127, 255]) });
  assert.deepEqual(tensors.mask, { dtype: 'BOOL', shape: [2, 2], data: new Uint8Array([1, 0, 0, 1]) });
  assert.deepEqual(tensors.half, { dtype: 'F16', shape: [3], data: new Uint16Array([0x3c00, 0xc100, 0x7bff]) });
  assert.deepEqual(tensors.scale, { dtype: 'F64', shape: [2], data: new Float64Array([1 / 3, -1e300]) });
  assert.deepEqual(tensors.labels, { dtype: 'I32', shape: [3], data: new Int32Array([-7, 0, 2147483647]) });
});

test('re-encoding the Python fixture reproduces its bytes exactly, whatever the insertion order', async () => {
  const original = new Uint8Array(await readFile(fixture));
  const { tensors, metadata } = decodeSafetensors(original);
  assert.deepEqual(encodeSafetensors(tensors, metadata), original);
  const reversed = Object.fromEntries(Object.entries(tensors).reverse());
  assert.deepEqual(encodeSafetensors(reversed, metadata), original);
});

test('tensor order follows Python: descending dtype rank, then name by bytes (integer-like names too)', () => {
  const f32 = (value: number): SafetensorsTensor => ({ dtype: 'F32', shape: [1], data: new Float32Array([value]) });
  const bytes = encodeSafetensors({ '2': f32(2), '10': f32(10), b: { dtype: 'U8', shape: [1], data: new Uint8Array([1]) }, '0': f32(0), z: { dtype: 'I64', shape: [1], data: new BigInt64Array([1n]) } });
  const names = [...headerText(bytes).matchAll(/"([^"]+)":\{"dtype"/g)].map((match) => match[1]);
  assert.deepEqual(names, ['z', '0', '10', '2', 'b']);
  assert.equal(headerText(bytes).trimEnd(), headerText(bytes).trimEnd().replace(/\s/g, ''), 'compact JSON like serde_json');
});

test('a tensor named __proto__ round-trips as data, not as a prototype', () => {
  const tensors: Record<string, SafetensorsTensor> = Object.fromEntries([['__proto__', { dtype: 'U8', shape: [1], data: new Uint8Array([9]) }]]);
  const decoded = decodeSafetensors(encodeSafetensors(tensors)).tensors;
  assert.ok(Object.hasOwn(decoded, '__proto__'));
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
});

test('save/load go through a file; decoding copies data into aligned arrays', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-st-'));
  try {
    const path = join(dir, 'model.safetensors');
    await saveSafetensors(path, { a: everyDtype.f64!, b: everyDtype.u8! });
    const { tensors } = await loadSafetensors(path);
    assert.deepEqual(tensors.a!.data, everyDtype.f64!.data);
    assert.equal(tensors.a!.data.byteOffset, 0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

async function loadCorrupt(bytes: Uint8Array, pattern: RegExp): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'reid-st-'));
  const path = join(dir, 'broken.safetensors');
  try {
    await writeFile(path, bytes);
    await assert.rejects(loadSafetensors(path), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.file, path);
      assert.ok(error.message.startsWith('decodeSafetensors: expected '), error.message);
      assert.ok(error.message.includes(`File ${path} is not a valid safetensors file.`), error.message);
      assert.match(error.message, pattern);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function withHeader(header: string, data = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(header);
  const bytes = new Uint8Array(8 + json.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  bytes.set(data, 8 + json.length);
  return bytes;
}

test('truncated and corrupt files fail with a DataError that names the file and the problem', async () => {
  const good = new Uint8Array(await readFile(fixture));
  await loadCorrupt(good.subarray(0, good.length - 3), /for data length but received 87 .*It is truncated\./);
  await loadCorrupt(good.subarray(0, 100), /for header length .*It is truncated or not safetensors\./);
  await loadCorrupt(good.subarray(0, 5), /for file length but received 5 /);
  await loadCorrupt(new TextEncoder().encode('PK\x03\x04 this is a zip file'), /for header length/);
  await loadCorrupt(withHeader('{"a": {"dtype": "F32", '), /a JSON object for header/);
  await loadCorrupt(withHeader('{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}', new Uint8Array(1)), /for header\["a"\]\.dtype but received "F8_E4M3"/);
  await loadCorrupt(withHeader('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', new Uint8Array(4)), /a span of 8 bytes \(shape \[2\] of F32\)/);
  await loadCorrupt(withHeader('{"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}', new Uint8Array(2)), /to begin at byte 0/);
  await loadCorrupt(withHeader('{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}', new Uint8Array(2)), /It has trailing bytes\./);
  await loadCorrupt(withHeader('{"__metadata__":{"epoch":3}}'), /for header\.__metadata__\.epoch but received 3 of type number/);
});

test('loading a missing file names it', async () => {
  await assert.rejects(loadSafetensors('/nonexistent/reid.safetensors'), (error: unknown) => {
    assert.ok(error instanceof DataError);
    assert.match(error.message, /^loadSafetensors: could not read \/nonexistent\/reid\.safetensors: ENOENT/);
    return true;
  });
});

test('encoding rejects inconsistent tensors with an ArgumentError naming the parameter', () => {
  const cases: [unknown, RegExp][] = [
    [{ dtype: 'F32', shape: [2], data: new Float64Array(2) }, /expected a Float32Array for dtype F32 for tensors\["t"\]\.data but received Float64Array\(2\)/],
    [{ dtype: 'F32', shape: [2, 2], data: new Float32Array(3) }, /expected 4 elements for shape \[2, 2\]/],
    [{ dtype: 'C64', shape: [1], data: new Float32Array(1) }, /for tensors\["t"\]\.dtype but received "C64" of type string/],
    [{ dtype: 'U8', shape: [-1], data: new Uint8Array(0) }, /non-negative integers for tensors\["t"\]\.shape/],
    [{ dtype: 'BOOL', shape: [1], data: new Uint8Array([2]) }, /only 0 and 1 for dtype BOOL/],
  ];
  for (const [tensor, pattern] of cases) {
    assert.throws(() => encodeSafetensors({ t: tensor as SafetensorsTensor }), (error: unknown) => {
      assert.ok(error instanceof ArgumentError);
      assert.match(error.message, /^encodeSafetensors: /);
      assert.match(error.message, pattern);
      return true;
    });
  }
  assert.throws(() => encodeSafetensors({}, { epoch: 3 as unknown as string }), /metadata\.epoch/);
});
