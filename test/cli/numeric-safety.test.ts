// Real CLI runs against tiny bundles and galleries built here (an untrained small network, no
// training): non-finite or corrupt numbers are refused where they enter, with one line naming
// the file, the option or the field, and nothing is written from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import {
  EmbeddingNet, Gallery, embedPixels, encodeSafetensors, generateGlyphs, manualSeed, openDataset, saveGallery, saveModelBundle,
  setNumThreads, stateDictToSafetensors, type Preprocessing,
} from '../../src/index.ts';

setNumThreads(1);
const main = new URL('../../src/cli/main.ts', import.meta.url).pathname;
function reid(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, CI: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** A refusal: exit 1 and one line on stderr (no stack), containing every pattern. */
function assertRefused(r: ReturnType<typeof reid>, ...patterns: (RegExp | string)[]): void {
  assert.equal(r.code, 1, `expected exit 1 but got ${r.code}; stdout: ${r.stdout} stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('embedding '));
  assert.equal(lines.length, 1, r.stderr);
  for (const p of patterns) {
    if (typeof p === 'string') assert.ok(lines[0]!.includes(p), `${JSON.stringify(p)} not in: ${lines[0]}`);
    else assert.match(lines[0]!, p);
  }
}

const root = mkdtempSync(join(tmpdir(), 'reid-numeric-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const p: Preprocessing = { channels: 1, height: 28, width: 28, mean: [0.1307], std: [0.3081], glyph: true };
const partial = { preprocessing: p, recipe: {}, seed: 3, trainedIdentities: [], metrics: {} };
manualSeed(3);
const net = new EmbeddingNet({ arch: 'small', dim: 16 });
net.eval();
const modelDir = join(root, 'model');
const config = await saveModelBundle(modelDir, net, partial);
const starPng = join(root, 'star.png');
await sharp(Buffer.from(generateGlyphs({ className: 'star', count: 1, seed: 7 })[0]!), { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(starPng);

/** A copy of the good bundle with model.json edited. */
function bundleWith(name: string, edit: (json: Record<string, any>) => void): string {
  const dir = join(root, name);
  cpSync(modelDir, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as Record<string, any>;
  edit(json);
  writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
  return dir;
}
/** A copy of the good bundle with new weights (fingerprint updated, so only the values are wrong). */
function bundleWithWeights(name: string, edit: (entries: ReturnType<typeof stateDictToSafetensors>) => void): string {
  const entries = stateDictToSafetensors(net.stateDict());
  edit(entries);
  const bytes = encodeSafetensors(entries);
  const dir = bundleWith(name, (json) => { json.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16); });
  writeFileSync(join(dir, 'model.safetensors'), bytes);
  return dir;
}

test('embed refuses a model with a NaN weight or std 0 in model.json: no NaN .npy is written', () => {
  const nanDir = bundleWithWeights('nan-model', (e) => { (e['1.4.weight']!.data as Float32Array)[3] = Number.NaN; });
  const out = join(root, 'nan.npy');
  assertRefused(reid(['embed', '--model', nanDir, '--out', out, starPng]), join(nanDir, 'model.safetensors'), '"1.4.weight"', 'NaN');
  assert.equal(existsSync(out), false);
  const stdDir = bundleWith('std-zero', (json) => { json.preprocessing.std = [0]; });
  assertRefused(reid(['embed', '--model', stdDir, '--out', out, starPng]), join(stdDir, 'model.json'), 'preprocessing.std[0]', /finite number > 0/);
  assert.equal(existsSync(out), false);
});

test('a model.json with a wrong dim, wrong channels or height 0 is blamed on model.json and the field', () => {
  const out = join(root, 'never.npy');
  const dim = bundleWith('wrong-dim', (json) => { json.dim = 32; });
  assertRefused(reid(['embed', '--model', dim, '--out', out, starPng]), join(dim, 'model.json'), 'says dim 32', 'have 16 outputs');
  const channels = bundleWith('wrong-channels', (json) => { json.preprocessing = { ...p, channels: 3, mean: [0.1, 0.1, 0.1], std: [0.3, 0.3, 0.3] }; });
  assertRefused(reid(['embed', '--model', channels, '--out', out, starPng]), join(channels, 'model.json'), 'says channels 3', 'have 1 input channels');
  const height = bundleWith('height-zero', (json) => { json.preprocessing.height = 0; });
  assertRefused(reid(['embed', '--model', height, '--out', out, starPng]), join(height, 'model.json'), 'preprocessing.height', 'received 0');
  assert.equal(existsSync(out), false);
});

test('finite weights that overflow to NaN: embed, gallery build and identify refuse, naming the model and the first image', async () => {
  const first = net.namedParameters()[0]!;
  const dir = bundleWithWeights('overflow', (e) => { (e[first[0]]!.data as Float32Array).fill(3e38); });
  const out = join(root, 'overflow.npy');
  assertRefused(reid(['embed', '--model', dir, '--out', out, starPng]), `from the model ${dir}`, `for ${starPng}`);
  assert.equal(existsSync(out), false);
  const galleryOut = join(root, 'overflow-gallery');
  assertRefused(reid(['gallery', 'build', '--model', dir, '--data', 'glyphs:star', '--out', galleryOut]), `from the model ${dir}`, /for glyphs:test:seed1\/0\b/);
  assert.equal(existsSync(join(galleryOut, 'gallery.json')), false);
  // A gallery of finite rows recorded against the overflowing model: identify must not print "distance NaN".
  const overflowFingerprint = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')).fingerprint as string;
  const g = new Gallery({ dim: 16, modelFingerprint: overflowFingerprint, modelDir: dir });
  g.enroll('star', Float32Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)), ['star-0']);
  await saveGallery(join(root, 'overflow-g'), g);
  const identified = reid(['identify', '--gallery', join(root, 'overflow-g'), starPng]);
  assertRefused(identified, `from the model ${dir}`, `for ${starPng}`);
  assert.doesNotMatch(identified.stdout, /NaN/);
});

/** A one-item gallery whose 'star' centroid is exactly the embedding of the first heart test glyph. */
async function trapGallery(name: string): Promise<string> {
  const heart = await (await openDataset('glyphs:heart')).test!.read(0);
  const g = new Gallery({ dim: 16, modelFingerprint: config.fingerprint, modelDir });
  g.enroll('star', embedPixels(net, [heart], p).embeddings, ['heart-0-as-star']);
  const dir = join(root, name);
  await saveGallery(dir, g);
  return dir;
}

test('calibrate refuses an unreachable target (saying the best precision and which option to change) and leaves the gallery untouched', async () => {
  const dir = await trapGallery('trap');
  const before = readFileSync(join(dir, 'gallery.json'), 'utf8');
  // The nearest calibration query (distance ~0) is a heart, wrongly matched to 'star': precision 1 is out of reach.
  const args = ['calibrate', '--gallery', dir, '--known', 'glyphs:star@test', '--unknown', 'glyphs:heart@test', '--limit', '5'];
  assertRefused(reid([...args, '--target', 'precision=1']), '--target precision ≥ 1 is not reachable on 10 queries', /best precision at any threshold is 0\.\d{3}/, /lower --target/, 'not changed');
  assert.equal(readFileSync(join(dir, 'gallery.json'), 'utf8'), before);
  // A reachable target saves a finite threshold.
  const f1 = reid([...args, '--target', 'f1']);
  assert.equal(f1.code, 0, f1.stderr);
  const saved = JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')) as { calibration: { threshold: unknown; target: string; probability?: { kind: string; slope: number } } };
  assert.equal(typeof saved.calibration.threshold, 'number');
  assert.ok(Number.isFinite(saved.calibration.threshold), String(saved.calibration.threshold));
  assert.equal(saved.calibration.target, 'f1');
  // The probability map is refitted on the calibration queries' best candidates too (shot-aware).
  assert.equal(saved.calibration.probability?.kind, 'shot-logistic');
  assert.ok(Number.isFinite(saved.calibration.probability!.slope));
  // A refit keeps the spread ranking its queries were ranked under (a bundle's, inherited by the gallery).
  const ranking = { kind: 'spread', shrinkage: 16, priorVariance: 0.2 };
  writeFileSync(join(dir, 'gallery.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')), calibration: { ...saved.calibration, ranking } }));
  const again = reid([...args, '--target', 'f1']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'gallery.json'), 'utf8')).calibration.ranking, ranking);
});

test('calibrate names --known / --unknown for an empty spec, a glyph spec with no class, or a bad spec; nothing is saved', async () => {
  const dir = await trapGallery('options');
  const before = readFileSync(join(dir, 'gallery.json'), 'utf8');
  const base = ['calibrate', '--gallery', dir];
  assertRefused(reid([...base, '--known', 'glyphs:star@test', '--unknown', '']), /^reid: --unknown: expected a dataset spec/);
  assertRefused(reid([...base, '--known', 'glyphs:star@test', '--unknown', 'glyphs:@test']), /^reid: --unknown: expected at least one class after "glyphs:"/);
  assertRefused(reid([...base, '--known', '', '--unknown', 'glyphs:heart@test']), /^reid: --known: expected a dataset spec/);
  assertRefused(reid([...base, '--known', 'glyphs:@test', '--unknown', 'glyphs:heart@test']), /^reid: --known: expected at least one class/);
  assertRefused(reid([...base, '--known', 'glyphs:star@test', '--unknown', 'nosuch:x']), /^reid: --unknown: parseDatasetSpec: expected one of/);
  // A spec of enrolled identities as --unknown would count right matches as false ones.
  assertRefused(reid([...base, '--known', 'glyphs:star@test', '--unknown', 'glyphs:star,heart@test', '--limit', '3']), '--unknown', 'enrolled ones: star');
  // Known queries none of whose identities are enrolled could never reach any target.
  assertRefused(reid([...base, '--known', 'glyphs:moon@test', '--unknown', 'glyphs:heart@test', '--limit', '3']), '--known', "none of glyphs:moon's identities (moon) are enrolled");
  assertRefused(reid([...base, '--known', 'glyphs:star@nosuch', '--unknown', 'glyphs:heart@test']), /^reid: --known: expected one of train, test, all for glyphs:star but received "nosuch"$/);
  assert.equal(readFileSync(join(dir, 'gallery.json'), 'utf8'), before);
});

test('a gallery.json whose threshold is null (an old -Infinity) is listed and used as not calibrated, and says so', async () => {
  const g = new Gallery({ dim: 16, modelFingerprint: config.fingerprint, modelDir });
  const stars = generateGlyphs({ className: 'star', count: 3, seed: 1 });
  g.enroll('star', embedPixels(net, stars, p).embeddings, ['s0', 's1', 's2']);
  g.calibration = { threshold: 0.5, target: 'precision=0.95', precision: 1, recall: 0, queries: 10, calibratedAt: 'then' };
  const dir = join(root, 'null-threshold');
  await saveGallery(dir, g);
  // What older versions wrote for an unreached target: JSON.stringify(-Infinity) is null.
  const file = join(dir, 'gallery.json');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/"threshold": ?0\.5/, '"threshold": null').replace(/"precision": ?1\b/, '"precision": null'));
  assert.match(readFileSync(file, 'utf8'), /"threshold": ?null/);
  const list = reid(['gallery', 'list', '--gallery', dir]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /3 items; model [0-9a-f]{16}; threshold not calibrated$/m);
  const identified = reid(['identify', '--json', '--gallery', dir, starPng]);
  assert.equal(identified.code, 0, identified.stderr);
  const result = JSON.parse(identified.stdout) as { query: string; calibrated: boolean; identity: string; distance: number };
  assert.equal(result.query, starPng);
  assert.equal(result.calibrated, false);
  assert.equal((result as { verdict?: string }).verdict, 'uncalibrated');
  assert.equal(result.identity, 'star');
  assert.ok(Number.isFinite(result.distance));
  const text = reid(['identify', '--gallery', dir, starPng]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /UNCALIBRATED: closest is star, but the gallery has no threshold to decide with \(run reid calibrate\)/);
  assert.doesNotMatch(text.stdout, /known: star/);
  // And calibrate can repair it with reid alone.
  const repaired = reid(['calibrate', '--gallery', dir, '--known', 'glyphs:star@test', '--unknown', 'glyphs:heart@test', '--limit', '5', '--target', 'f1']);
  assert.equal(repaired.code, 0, repaired.stderr);
  assert.ok(Number.isFinite((JSON.parse(readFileSync(file, 'utf8')) as { calibration: { threshold: number } }).calibration.threshold));
});

test.after(() => net.dispose());
