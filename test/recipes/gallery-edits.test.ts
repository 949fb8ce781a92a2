// Gallery workflows as one locked read-modify-write each: concurrent enrolments both kept, ids
// fresh after a remove, a crash's backup restored rather than replaced, and --out checked before
// any work (never the model bundle itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadGallery } from '../../src/gallery/index.ts';
import { addToGallery, buildGallery, enrollInGallery, openGalleryWithModel, removeFromGallery, renameInGallery } from '../../src/recipes/index.ts';
import { setNumThreads } from '../../src/tensor/index.ts';
import { loadModelBundle } from '../../src/train/index.ts';
import { ArgumentError, DataError } from '../../src/util/errors.ts';
import { glyphPngs, saveTinyBundle } from './helpers/gallery-fixture.ts';

setNumThreads(1);

async function setup(t: { after: (fn: () => Promise<void>) => void }) {
  const root = await mkdtemp(join(tmpdir(), 'reid-gedits-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const model = join(root, 'model');
  const config = await saveTinyBundle(model);
  return { root, model, config, stars: await glyphPngs(join(root, 'img'), 'star', 3), hearts: await glyphPngs(join(root, 'img'), 'heart', 2) };
}

test('enrolments running at once are all kept (each is a locked read-modify-write)', async (t) => {
  const { root, model, stars, hearts } = await setup(t);
  const gallery = join(root, 'g');
  await enrollInGallery({ galleryDir: gallery, modelDir: model, identity: 'first', images: stars.slice(0, 1) });
  const names = ['a', 'b', 'c', 'd'];
  await Promise.all(names.map((identity, i) => enrollInGallery({ galleryDir: gallery, identity, images: i % 2 ? hearts : stars })));
  const g = await loadGallery(gallery);
  assert.deepEqual([...g.identities().keys()].sort(), ['a', 'b', 'c', 'd', 'first']);
  assert.equal(g.size, 1 + 3 + 2 + 3 + 2);
  assert.equal(new Set(g.items.map((i) => i.id)).size, g.size, 'ids are unique');
  g.dispose();
});

test('enrol, remove, enrol the same identity again; rename; every edit is saved', async (t) => {
  const { root, model, stars } = await setup(t);
  const gallery = join(root, 'g');
  const first = await enrollInGallery({ galleryDir: gallery, modelDir: model, identity: 'star', images: stars.slice(0, 2) });
  assert.deepEqual(first.enrolled.map((i) => i.id), ['star#0', 'star#1']);
  assert.equal((await removeFromGallery(gallery, ['star#0'])).removed, 1);
  const again = await enrollInGallery({ galleryDir: gallery, identity: 'star', images: stars.slice(2) });
  assert.deepEqual(again.enrolled.map((i) => i.id), ['star#2']);
  assert.equal((await renameInGallery(gallery, 'star', 'nova')).renamed, 2);
  const { gallery: g, bundle } = await openGalleryWithModel(gallery);
  assert.deepEqual(g.items.map((i) => `${i.id}=${i.identity}`), ['star#1=nova', 'star#2=nova']);
  g.dispose();
  bundle.model.dispose();
});

test('enrolling into a gallery an old crash left only in its backup restores every item instead of starting over', async (t) => {
  const { root, model, stars, hearts } = await setup(t);
  const gallery = join(root, 'g');
  await enrollInGallery({ galleryDir: gallery, modelDir: model, identity: 'star', images: stars });
  await rename(gallery, join(root, '.g.backup'));
  const r = await enrollInGallery({ galleryDir: gallery, modelDir: model, identity: 'heart', images: hearts });
  assert.equal(r.items, 5);
  assert.ok(!(await readdir(root)).includes('.g.backup'));
  const g = await loadGallery(gallery);
  assert.deepEqual([...g.identities()], [['star', 3], ['heart', 2]]);
  g.dispose();
});

test('build refuses --out that is, holds or sits in the model, or holds other files, before embedding anything', async (t) => {
  const { root, model, config } = await setup(t);
  const modelFiles = await Promise.all(['model.json', 'model.safetensors'].map((f) => readFile(join(model, f))));
  for (const out of [model, join(model, 'g'), root]) {
    await assert.rejects(buildGallery({ modelDir: model, data: 'nosuch:spec', out }), (e: unknown) => e instanceof ArgumentError && /^--out: expected a directory apart from the --model directory/.test(e.message));
  }
  assert.deepEqual(await Promise.all(['model.json', 'model.safetensors'].map((f) => readFile(join(model, f)))), modelFiles);
  assert.equal((await loadModelBundle(model)).config.fingerprint, config.fingerprint);
  const notes = join(root, 'notes');
  await rm(notes, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(notes));
  await writeFile(join(notes, 'notes.txt'), 'mine');
  await assert.rejects(buildGallery({ modelDir: model, data: 'nosuch:spec', out: notes }), /holds other files \(notes\.txt\)/);
  assert.deepEqual(await readdir(notes), ['notes.txt']);
});

test('build into an existing gallery replaces it and keeps other files; add appends; a missing gallery is a DataError', async (t) => {
  const { root, model, stars } = await setup(t);
  const gallery = join(root, 'g');
  await enrollInGallery({ galleryDir: gallery, modelDir: model, identity: 'star', images: stars });
  await writeFile(join(gallery, 'notes.txt'), 'mine');
  const built = await buildGallery({ modelDir: model, data: 'glyphs:star,heart', split: 'test', out: gallery, quiet: true });
  assert.deepEqual(built, { items: 200, identities: 2 });
  assert.equal(await readFile(join(gallery, 'notes.txt'), 'utf8'), 'mine');
  const added = await addToGallery({ galleryDir: gallery, data: 'glyphs:triangle', split: 'test', quiet: true });
  assert.deepEqual(added, { items: 300, identities: 3, skipped: 0 });
  // Again (a rerun after a crash, or by mistake): nothing is duplicated.
  assert.deepEqual(await addToGallery({ galleryDir: gallery, data: 'glyphs:triangle', split: 'test', quiet: true }), { items: 300, identities: 3, skipped: 100 });
  const again = await enrollInGallery({ galleryDir: gallery, identity: 'star', images: [...stars, stars[0]!] });
  assert.deepEqual([again.enrolled.length, again.skipped, again.items], [stars.length, 1, 300 + stars.length]);
  assert.deepEqual((await enrollInGallery({ galleryDir: gallery, identity: 'star', images: stars })).skipped, stars.length);
  await assert.rejects(removeFromGallery(join(root, 'none'), ['x']), DataError);
  await assert.rejects(enrollInGallery({ galleryDir: join(root, 'none'), identity: 'x', images: stars }), /pass --model DIR to create it/);
});

test('a gallery built or created with a calibrated model inherits its calibration; a damaged one in model.json is refused', async (t) => {
  const { root, model, stars } = await setup(t);
  const file = join(model, 'model.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  const calibration = { threshold: 0.3, target: 'false-match-rate=0.05', precision: 0.9, recall: 0.8, queries: 40, calibratedAt: 'then', fittedOn: 'held-out identities', probability: { kind: 'logistic', intercept: 5, slope: -10 } };
  await writeFile(file, JSON.stringify({ ...json, calibration }));
  await buildGallery({ modelDir: model, data: 'glyphs:star,heart', out: join(root, 'built'), quiet: true });
  assert.deepEqual((await loadGallery(join(root, 'built'))).calibration, calibration);
  await enrollInGallery({ galleryDir: join(root, 'enrolled'), modelDir: model, identity: 'star', images: stars });
  assert.deepEqual((await loadGallery(join(root, 'enrolled'))).calibration, calibration);
  await writeFile(file, JSON.stringify({ ...json, calibration: { ...calibration, probability: { kind: 'logistic', intercept: 'x', slope: 1 } } }));
  await assert.rejects(loadModelBundle(model), (e: unknown) => e instanceof DataError && /calibration\.probability/.test(e.message) && /model\.json/.test(e.message));
});
