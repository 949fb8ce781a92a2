import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { decodeNpy, encodeNpy, loadNpy, saveNpy, type NpyData } from '../../src/util/npy.ts';

const samples: { name: string; data: NpyData; shape: number[]; descr: string }[] = [
  { name: 'f32', data: Float32Array.from([0, 1, 2, 3, 4, 5], (i) => i / 7), shape: [2, 3], descr: '<f4' },
  { name: 'f64', data: new Float64Array([Math.PI, -1e300, 5e-324]), shape: [3], descr: '<f8' },
  { name: 'i32', data: new Int32Array([-2147483648, 0, 2147483647, 5]), shape: [2, 1, 2], descr: '<i4' },
  { name: 'i64', data: new BigInt64Array([2n ** 62n + 1n, -(2n ** 40n)]), shape: [2], descr: '<i8' },
  { name: 'u8', data: new Uint8Array([0, 255, 7]), shape: [3, 1], descr: '|u1' },
  { name: 'scalar', data: new Float64Array([2.5]), shape: [], descr: '<f8' },
  { name: 'empty', data: new Float32Array(0), shape: [0, 128], descr: '<f4' },
];

test('encodeNpy lays out a v1.0 header padded to 64 bytes and ending in a newline', () => {
  for (const { name, data, shape, descr } of samples) {
    const bytes = encodeNpy(data, shape);
    assert.deepEqual([...bytes.subarray(0, 8)], [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], name);
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    assert.equal((10 + headerLength) % 64, 0, name);
    const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
    assert.ok(header.endsWith('\n'), name);
    const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
    assert.ok(header.startsWith(`{'descr': '${descr}', 'fortran_order': False, 'shape': ${tuple}, }`), `${name}: ${header}`);
    assert.equal(bytes.length, 10 + headerLength + data.byteLength, name);
  }
});

test('save/load round trip keeps dtype, shape and exact values', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-npy-'));
  try {
    for (const { name, data, shape } of samples) {
      const path = join(dir, `${name}.npy`);
      await saveNpy(path, data, shape);
      const loaded = await loadNpy(path);
      assert.deepEqual(loaded.shape, shape, name);
      assert.equal(loaded.data.constructor, data.constructor, name);
      assert.deepEqual(loaded.data, data, name);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('decodeNpy reads v2.0 headers and rejects bad input with errors naming the file', async () => {
  const v1 = encodeNpy(new Int32Array([1, 2]), [2]);
  const headerLength = v1[8]! | (v1[9]! << 8);
  const v2 = new Uint8Array(v1.length + 2);
  v2.set(v1.subarray(0, 8));
  v2[6] = 2;
  new DataView(v2.buffer).setUint32(8, headerLength, true);
  v2.set(v1.subarray(10), 12);
  assert.deepEqual(decodeNpy(v2), { dtype: 'int32', shape: [2], data: new Int32Array([1, 2]) });

  const dir = await mkdtemp(join(tmpdir(), 'reid-npy-'));
  const path = join(dir, 'bad.npy');
  const expectFailure = async (bytes: Uint8Array, pattern: RegExp): Promise<void> => {
    await writeFile(path, bytes);
    await assert.rejects(loadNpy(path), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.file, path);
      assert.ok(error.message.includes(`File ${path} is not a readable .npy file.`), error.message);
      assert.match(error.message, pattern);
      return true;
    });
  };
  try {
    await expectFailure(v1.subarray(0, v1.length - 1), /for data length but received 7 .*It is truncated\./);
    await expectFailure(new TextEncoder().encode('not numpy at all'), /for magic/);
    const fortran = Buffer.from(encodeNpy(new Float32Array(4), [2, 2])).toString('latin1').replace("'fortran_order': False", "'fortran_order': True ");
    await expectFailure(Buffer.from(fortran, 'latin1'), /False \(C order\) for fortran_order .*np\.ascontiguousarray/);
    const bigEndian = Buffer.from(Buffer.from(encodeNpy(new Float32Array(1), [1])).toString('latin1').replace('<f4', '>f4'), 'latin1');
    await expectFailure(bigEndian, /for descr but received ">f4"/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('encodeNpy rejects a shape that does not match the data', () => {
  assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), (error: unknown) => {
    assert.ok(error instanceof ArgumentError);
    assert.match(error.message, /^encodeNpy: expected 6 elements for shape \[2, 3\] for data but received Float32Array\(5\)/);
    return true;
  });
  assert.throws(() => encodeNpy([1, 2] as unknown as Float32Array, [2]), /encodeNpy: expected a Float32Array, .* for data but received \[1,2\] of type Array/);
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

test('NumPy loads our files with equal values, and np.save writes the same bytes', { skip: hasNumpy ? false : 'python3 with numpy not available' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'reid-npy-'));
  // One Python process for all files: importing NumPy costs most of a second.
  const script = [
    'import json, sys, io, numpy as np',
    'for path in sys.argv[1:]:',
    '    a = np.load(path)',
    '    b = io.BytesIO(); np.save(b, a)',
    '    same = b.getvalue() == open(path, "rb").read()',
    '    values = [str(v) if a.dtype == np.int64 else v for v in a.reshape(-1).tolist()]',
    '    print(json.dumps({"dtype": a.dtype.str, "shape": list(a.shape), "values": values, "same": same}))',
  ].join('\n');
  try {
    const paths = samples.map(({ name }) => join(dir, `${name}.npy`));
    for (const [i, { data, shape }] of samples.entries()) await saveNpy(paths[i]!, data, shape);
    const result = spawnSync('python3', ['-c', script, ...paths], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    assert.equal(lines.length, samples.length);
    for (const [i, { name, data, shape, descr }] of samples.entries()) {
      const seen = JSON.parse(lines[i]!) as { dtype: string; shape: number[]; values: (number | string)[]; same: boolean };
      assert.equal(seen.dtype, descr, name);
      assert.deepEqual(seen.shape, shape, name);
      const expectedValues = Array.from(data as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? String(v) : v));
      assert.deepEqual(seen.values, expectedValues, name);
      assert.equal(seen.same, true, `${name}: np.save bytes differ from ours`);
    }
    // And the other way: a file NumPy wrote loads here.
    const path = join(dir, 'from-numpy.npy');
    const made = spawnSync('python3', ['-c', `import numpy as np; np.save(${JSON.stringify(path)}, (np.arange(12, dtype=np.float32) / 3).reshape(3, 4))`]);
    assert.equal(made.status, 0, String(made.stderr));
    const loaded = await loadNpy(path);
    assert.deepEqual(loaded, { dtype: 'float32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 3) });
    assert.deepEqual(encodeNpy(loaded.data, loaded.shape), new Uint8Array(await readFile(path)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
