// A gallery holding local features: save, load, edits, refusal of damaged files, older galleries
// without features, and a kill -9 in the middle of a save (the approach of gallery.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultFeatureOptions, type LocalFeatures } from '../../src/features/index.ts';
import { Gallery, loadGallery, saveGallery, updateGallery } from '../../src/gallery/index.ts';
import { ArgumentError, DataError } from '../../src/util/errors.ts';

/** Hand-made features: `n` keypoints whose values all say `tag`, so a mix of saves would show. */
export function taggedFeatures(n: number, tag: number): LocalFeatures {
  const keypoints = new Float32Array(n * 5);
  for (let i = 0; i < n; i++) keypoints.set([tag % 64, i % 64, 2, 0, tag], i * 5);
  return { width: 64, height: 64, sourceWidth: 128, sourceHeight: 128, descriptor: 'rootsift', keypoints, descriptors: new Uint8Array(n * 128).fill(tag % 256) };
}

function galleryWith(n: number, tag: number): Gallery {
  return new Gallery({
    dim: 4, modelFingerprint: 'm', matcher: 'fused', featureOptions: defaultFeatureOptions,
    items: Array.from({ length: n }, (_, i) => ({ id: `i${i}`, identity: `id${i % 3}`, source: `s${i}.png` })),
    embeddings: new Float32Array(n * 4).fill(tag), features: Array.from({ length: n }, (_, i) => taggedFeatures(5 + i, tag)),
  });
}

test('features survive save and load, and follow enrol and remove', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reid-gfeat-')), 'g');
  const g = galleryWith(4, 7);
  await saveGallery(dir, g);
  const back = await loadGallery(dir);
  assert.equal(back.matcher, 'fused');
  assert.deepEqual(back.featureOptions, defaultFeatureOptions);
  assert.equal(back.features?.length, 4);
  back.features!.forEach((f, i) => {
    assert.deepEqual(Array.from(f.keypoints), Array.from(g.features![i]!.keypoints));
    assert.deepEqual(f.descriptors, g.features![i]!.descriptors);
  });
  await updateGallery(dir, (latest) => {
    latest.enroll('new', new Float32Array(4).fill(1), ['n.png'], [taggedFeatures(9, 1)]);
    latest.remove(['i0']);
  });
  const edited = await loadGallery(dir);
  assert.deepEqual(edited.features!.map((f) => f.keypoints.length / 5), [6, 7, 8, 9]);
  assert.throws(() => edited.enroll('x', new Float32Array(4), ['x.png']), (e: unknown) => e instanceof ArgumentError && /stores them/.test(e.message));
  // A calibration-only save keeps the same features file (named by its content).
  const before = readdirSync(dir).filter((n) => n.startsWith('features-'));
  await updateGallery(dir, (latest) => { latest.calibration = { threshold: 0.5, target: 'f1', precision: 1, recall: 1, queries: 2, calibratedAt: 'now' }; });
  assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith('features-')), before);
  assert.equal(readdirSync(dir).filter((n) => n !== 'gallery.lock').length, 3, readdirSync(dir).join(', ')); // gallery.json, embeddings, features
});

test('an older gallery without features still loads, and refuses features for its items', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reid-gfeat-old-')), 'g');
  await saveGallery(dir, new Gallery({ dim: 4, modelFingerprint: 'm', items: [{ id: 'a', identity: 'a', source: 'a.png' }], embeddings: new Float32Array(4) }));
  const json = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8'));
  assert.equal(json.featuresFile, undefined);
  assert.equal(json.matcher, undefined);
  const back = await loadGallery(dir);
  assert.equal(back.features, null);
  assert.equal(back.matcher, 'embedding');
  assert.throws(() => back.enroll('b', new Float32Array(4), ['b.png'], [taggedFeatures(3, 1)]), /stores none/);
});

test('a damaged features file is refused with a DataError naming it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'reid-gfeat-bad-')), 'g');
  await saveGallery(dir, galleryWith(3, 5));
  const name = readdirSync(dir).find((n) => n.startsWith('features-'))!;
  const file = join(dir, name);
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, bytes.length - 10));
  await assert.rejects(loadGallery(dir), (e: unknown) => e instanceof DataError && e.message.includes(file) && /truncated/.test(e.message));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 200]! ^= 0xff;
  writeFileSync(file, flipped);
  await assert.rejects(loadGallery(dir), (e: unknown) => e instanceof DataError && e.message.includes(file) && /checksum/.test(e.message) && /items\[2\]/.test(e.message));
  const json = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8'));
  writeFileSync(join(dir, 'gallery.json'), JSON.stringify({ ...json, featuresFile: '../elsewhere.rlfs' }));
  await assert.rejects(loadGallery(dir), (e: unknown) => e instanceof DataError && /featuresFile/.test(e.message));
  writeFileSync(join(dir, 'gallery.json'), JSON.stringify({ ...json, matcher: 'sift' }));
  await assert.rejects(loadGallery(dir), (e: unknown) => e instanceof DataError && /matcher/.test(e.message));
});

test('killing a process in the middle of saving a gallery with features leaves one whole save', { timeout: 300_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-gfeat-kill-'));
  const dir = join(root, 'g');
  const script = join(root, 'writer.mts');
  const galleryModule = new URL('../../src/gallery/index.ts', import.meta.url).pathname;
  // The helper is inlined (importing this test file would run its tests in the child).
  writeFileSync(script, `
    import { Gallery, saveGallery } from ${JSON.stringify(galleryModule)};
    ${taggedFeatures.toString()}
    const n = 1500, tag = Number(process.argv[2]);
    const make = (t: number) => new Gallery({ dim: 8, modelFingerprint: 'v' + t, matcher: 'fused',
      items: Array.from({ length: n }, (_, i) => ({ id: String(i), identity: String(i % 50), source: 'x' })),
      embeddings: new Float32Array(n * 8).fill(t), features: Array.from({ length: n }, () => taggedFeatures(30, t)) });
    await saveGallery(${JSON.stringify(dir)}, make(tag));
    process.stdout.write('saved\\n');
    for (let t = tag + 1; ; t++) await saveGallery(${JSON.stringify(dir)}, make(t));
  `);
  for (let trial = 0; trial < 3; trial++) {
    const base = trial * 1000;
    const child = spawn(process.execPath, ['--import', 'tsx', script, String(base)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
    });
    await new Promise((r) => setTimeout(r, 200 + 250 * trial));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const back = await loadGallery(dir);
    const tag = Number(back.modelFingerprint.slice(1));
    assert.ok(tag >= base, `fingerprint ${back.modelFingerprint}`);
    assert.equal(back.size, 1500);
    assert.ok(back.embeddings.every((v) => v === tag), 'embeddings from the committed save');
    assert.ok(back.features!.every((f) => f.keypoints[4] === tag && f.descriptors[0] === tag % 256), 'features from the same save');
    back.dispose();
    // The dead writer's lock is taken over; its temp files and stale generations are swept.
    await updateGallery(dir, (g) => { g.enroll('late', new Float32Array(8).fill(1), ['late.png'], [taggedFeatures(3, 1)]); });
    const names = readdirSync(dir).sort();
    assert.equal(names.filter((n) => n !== 'gallery.lock').length, 3, `gallery.json, one embeddings and one features file remain: ${names.join(', ')}`);
    const late = await loadGallery(dir);
    assert.equal(late.features!.length, 1501);
    late.dispose();
  }
});
