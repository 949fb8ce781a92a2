// --engine through the CLI: `embed` gives the same embeddings with libtorch and ONNX Runtime (to
// 1e-5), an unknown engine is a one-line refusal, and `export-onnx` writes the file and its JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
    assert.match(bad.stderr, /--engine: expected one of libtorch, onnx but received "tensorrt"/);
    const exported = reid(['export-onnx', '--model', 'glyph-general', '--out', join(out, 'g.onnx')]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /input uint8 \[batch, 1, 28, 28\], output \[batch, 128\]/);
    assert.ok(existsSync(join(out, 'g.onnx')) && existsSync(join(out, 'g.onnx.json')));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
