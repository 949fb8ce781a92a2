// --engine through the CLI: `embed` gives the same embeddings with libtorch and ONNX Runtime (to
// 1e-5), an unknown engine is a one-line refusal, and `export-onnx` writes the file and its JSON.
// The int8 engine: close to float32 on the shipped model, refused by name on a bundle without
// ranges until `reid quantize` measures them, and exported with --int8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNpy } from '../../src/util/npy.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
function reid(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: '1', REID_ENGINE: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('embed --engine libtorch and --engine onnx agree to 1e-5; --engine tensorrt is refused by name', async () => {
  const out = mkdtempSync(join(tmpdir(), 'reid-engines-'));
  try {
    for (const engine of ['libtorch', 'onnx']) {
      const r = reid(['embed', '--model', 'glyph-general', '--data', 'glyphs:star,moon', '--split', 'test', '--engine', engine, '--out', join(out, `${engine}.npy`)]);
      assert.equal(r.code, 0, r.stderr);
    }
    const a = await loadNpy(join(out, 'libtorch.npy'));
    const b = await loadNpy(join(out, 'onnx.npy'));
    assert.deepEqual(a.shape, b.shape);
    assert.ok(a.shape[0]! > 0);
    const x = a.data as Float32Array;
    const y = b.data as Float32Array;
    assert.ok(x.every((v, i) => Math.abs(v - y[i]!) <= 1e-5));
    const bad = reid(['embed', '--model', 'glyph-general', '--data', 'glyphs:star', '--engine', 'tensorrt', '--out', join(out, 'x.npy')]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--engine: expected one of libtorch, onnx, onnx-int8 but received "tensorrt"/);
    const exported = reid(['export-onnx', '--model', 'glyph-general', '--out', join(out, 'g.onnx')]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /input uint8 \[batch, 1, 28, 28\], output \[batch, 128\]/);
    assert.ok(existsSync(join(out, 'g.onnx')) && existsSync(join(out, 'g.onnx.json')));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});

const cosines = (a: Float32Array, b: Float32Array, dim: number) => Array.from({ length: a.length / dim }, (_, n) => a.subarray(n * dim, (n + 1) * dim).reduce((s, v, j) => s + v * b[n * dim + j]!, 0));

test('--engine onnx-int8: close to float32; a bundle without ranges is refused until reid quantize measures them; export-onnx --int8', async () => {
  const out = mkdtempSync(join(tmpdir(), 'reid-int8-'));
  try {
    const embed = (model: string, engine: string, file: string) => reid(['embed', '--model', model, '--data', 'glyphs:star,moon', '--split', 'test', '--engine', engine, '--out', join(out, file)]);
    for (const [engine, file] of [['onnx', 'f.npy'], ['onnx-int8', 'q.npy']] as const) assert.equal(embed('glyph-general', engine, file).code, 0);
    const f = await loadNpy(join(out, 'f.npy'));
    const q = await loadNpy(join(out, 'q.npy'));
    assert.deepEqual(f.shape, q.shape);
    // Measured on these glyphs: every cosine above 0.999; 0.99 is the margin for other CPUs.
    const cos = cosines(f.data as Float32Array, q.data as Float32Array, f.shape[1]!);
    assert.ok(cos.every((c) => c > 0.99), `cosines ${Math.min(...cos)}`);
    assert.ok((f.data as Float32Array).some((v, i) => v !== (q.data as Float32Array)[i]), 'int8 gave float32\'s exact numbers');

    // A copy of the bundle without its ranges: refused in one line that names its model.json.
    const bundle = join(out, 'model');
    cpSync('assets/models/glyph-general', bundle, { recursive: true });
    const json = JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8'));
    delete json.quantization;
    writeFileSync(join(bundle, 'model.json'), JSON.stringify(json));
    const refused = embed(bundle, 'onnx-int8', 'x.npy');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr.trim(), /^[^\n]*onnx-int8 engine needs .*model\.json's activation ranges .*reid quantize/);
    assert.ok(!existsSync(join(out, 'x.npy')));
    const measured = reid(['quantize', '--model', bundle, '--data', 'glyphs', '--split', 'train', '--images', '64']);
    assert.equal(measured.code, 0, measured.stderr);
    assert.match(measured.stdout, /4 activation ranges measured on 64 images of glyphs/);
    const after = JSON.parse(readFileSync(join(bundle, 'model.json'), 'utf8'));
    assert.equal(after.fingerprint, json.fingerprint);
    assert.equal(after.quantization.activations.length, 4);
    assert.equal(embed(bundle, 'onnx-int8', 'r.npy').code, 0);
    const r = await loadNpy(join(out, 'r.npy'));
    assert.ok(cosines(f.data as Float32Array, r.data as Float32Array, f.shape[1]!).every((c) => c > 0.99));

    const exported = reid(['export-onnx', '--model', 'glyph-general', '--int8', '--out', join(out, 'q.onnx')]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /int8/);
    const description = JSON.parse(readFileSync(join(out, 'q.onnx.json'), 'utf8'));
    assert.equal(description.precision, 'int8');
    assert.equal(description.quantization.activations.length, 4);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
