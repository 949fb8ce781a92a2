import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNpy } from '../../src/util/npy.ts';

const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
function reid(args: string[], timeout = 600_000) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('doctor --json reports libtorch, threads and BLAS', () => {
  const r = reid(['doctor', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { libtorch: string; threads: number; blas: { kind: string } };
  assert.match(report.libtorch, /^\d+\.\d+/);
  assert.ok(report.threads >= 1);
  assert.notEqual(report.blas.kind, 'reference');
});

test('bad arguments give a clear error naming the option and what was expected', () => {
  const arch = reid(['train', '--data', 'mnist', '--arch', 'vgg', '--out', join(tmpdir(), 'never')]);
  assert.equal(arch.code, 1);
  assert.match(arch.stderr, /--arch: expected one of small, small-wide, photo, resnet18, resnet34 but received "vgg"/);
  const data = reid(['train', '--data', 'nosuch:thing', '--epochs', '1', '--out', join(mkdtempSync(join(tmpdir(), 'reid-cli-')), 'm')]);
  assert.equal(data.code, 1);
  assert.match(data.stderr, /expected one of mnist, mnist:DIGITS \(mnist:0-6 or mnist:0,2,5\), mnist-turned:DIGITS, idx:DIR, folder:DIR, csv:FILE/);
  const model = reid(['identify', '--gallery', join(tmpdir(), 'no-gallery-here'), 'x.png']);
  assert.equal(model.code, 1);
  assert.match(model.stderr, /gallery\.json/);
});

test('demo --quick completes; the general model re-identifies the held-out stars and calls the unseen hearts new; the report shows both models and the photo part', () => {
  const out = mkdtempSync(join(tmpdir(), 'reid-demo-'));
  const r = reid(['demo', '--quick', '--out', out], 900_000);
  assert.equal(r.code, 0, r.stderr.slice(-3000));
  type Figures = { model: string; starsReidentified: number; starQueries: number; unseenCalledNew: number; unseenQueries: number; digitsIdentified: number };
  const summary = JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')) as Figures & { models: Figures[]; cluster: { neighbourPurity: number } };
  assert.deepEqual(summary.models.map((m) => m.model.split(' ')[0]), ['general', 'trained']);
  const [general] = summary.models;
  // Measured with the demo's scenario (quick) over seeds 1-5 at REID_THREADS=1 and 2 (10 runs), the
  // general model deciding with its own shipped calibration: hearts called new 10/10 in every run,
  // stars re-identified 10, 9, 10, 10, 10 by seed (and 10 at seed 7; the full demo the same), the same
  // at both thread counts (it is not trained here). The bounds sit one below the worst run. The MNIST-trained model moved with seed and
  // threads (stars 5-9, hearts 6-10), so it is reported, not asserted.
  assert.ok(general!.starsReidentified >= 8, `general model: stars re-identified ${general!.starsReidentified}/${general!.starQueries}`);
  assert.ok(general!.unseenCalledNew >= 9, `general model: hearts called new ${general!.unseenCalledNew}/${general!.unseenQueries}`);
  assert.equal(summary.starsReidentified, general!.starsReidentified, 'the headline is the general model');
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  assert.match(html, /Models side by side/);
  assert.match(html, /from the model&apos;s own calibration/, 'the headline threshold is the shipped one');
  for (const m of summary.models) assert.match(html, new RegExp(`${m.starsReidentified}/${m.starQueries} stars re-identified, ${m.unseenCalledNew}/${m.unseenQueries} hearts called new`));
  for (const file of ['map.png', 'map.svg', 'matches.png', 'model/model.safetensors', 'model/model.json']) assert.ok(existsSync(join(out, file)), file);

  // The photo part (shipped pattern model, fused matcher): 12 photos of 6 enrolled synthetic mantas and 4 never enrolled.
  // Measured with the photo part alone (runDemoPhoto, quick) over seeds 1-5 and 7 at REID_THREADS=1 and 2 (12 runs),
  // with the 3-pattern model and 30 calibration individuals: 11-12 of 12 re-identified (seed 2: 11), 3-4 of 4 called
  // new (seeds 4 and 7: 3), identical at both thread counts. The bounds sit one below the worst run.
  type Photo = { reidentified: number; knownQueries: number; calledNew: number; unknownQueries: number; pictures: { file: string }[] };
  const photo = (summary as unknown as { photo: Photo }).photo;
  assert.ok(photo, 'demo.json has the photo part');
  assert.ok(photo.reidentified >= 10, `photo: mantas re-identified ${photo.reidentified}/${photo.knownQueries}`);
  assert.ok(photo.calledNew >= 2, `photo: never-enrolled mantas called new ${photo.calledNew}/${photo.unknownQueries}`);
  assert.match(html, /Photo-ID: synthetic mantas, fused matcher/);
  assert.ok(photo.pictures.length >= 2 && photo.pictures.every((p) => existsSync(p.file)), 'match pictures written');
  assert.match(html, /Photo match 1/);

  // The bundle the demo trained works with `embed`, whose .npy opens with the right shape.
  const npy = join(out, 'glyph.npy');
  const stars = reid(['glyphs', '--class', 'star', '--count', '3', '--out', join(out, 'stars')]);
  assert.equal(stars.code, 0, stars.stderr);
  const embed = reid(['embed', '--model', join(out, 'model'), '--out', npy, ...[0, 1, 2].map((i) => join(out, 'stars', `star-${i}.png`))]);
  assert.equal(embed.code, 0, embed.stderr);
  return loadNpy(npy).then((array) => {
    assert.deepEqual(array.shape, [3, 128]);
    assert.match(readFileSync(join(out, 'glyph.csv'), 'utf8'), /^index,id,source,identity\n0,file:0,/);
  });
});
