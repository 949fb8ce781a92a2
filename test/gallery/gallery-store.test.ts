// Gallery files: a save is a new generation file plus gallery.json (the commit point); files
// reid did not write stay; damaged gallery.json or embeddings are refused by file, field and item;
// galleries in the old layout, and those an old crash left in `.G.backup`, still open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gallery, galleryExists, loadGallery, saveGallery, updateGallery } from '../../src/gallery/index.ts';
import { DataError } from '../../src/util/errors.ts';
import { saveSafetensors } from '../../src/util/safetensors.ts';
import { EmbeddingNet, loadModelBundle, manualSeed, saveModelBundle } from '../../src/index.ts';

const dim = 2;
const item = (id: string, identity = id.split('#')[0]!) => ({ id, identity, source: `${id}.png` });

function twoItems(): Gallery {
  return new Gallery({ dim, modelFingerprint: 'fp', items: [item('a#0'), item('b#1')], embeddings: Float32Array.from([1, 0, 0, 1]) });
}

async function root(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'reid-gstore-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function dataError(...patterns: RegExp[]): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof DataError, String(error));
    for (const p of patterns) assert.match(error.message, p);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  };
}

test('each save is a new generation named by gallery.json; the old one goes, a user file stays', async (t) => {
  const dir = join(await root(t), 'g');
  await mkdir(dir);
  await writeFile(join(dir, 'notes.txt'), 'mine');
  await saveGallery(dir, twoItems());
  const first = JSON.parse(await readFile(join(dir, 'gallery.json'), 'utf8')) as { formatVersion: number; embeddingsFile: string; nextItemNumber: number };
  assert.equal(first.formatVersion, 2);
  assert.match(first.embeddingsFile, /^embeddings-[0-9a-f]{16}\.safetensors$/);
  assert.equal(first.nextItemNumber, 2);
  await updateGallery(dir, (g) => void g.enroll('c', Float32Array.from([0.6, 0.8]), ['c.png']));
  const second = JSON.parse(await readFile(join(dir, 'gallery.json'), 'utf8')) as { embeddingsFile: string };
  assert.notEqual(second.embeddingsFile, first.embeddingsFile);
  assert.deepEqual((await readdir(dir)).sort(), [second.embeddingsFile, 'gallery.json', 'notes.txt'].sort());
  assert.equal(await readFile(join(dir, 'notes.txt'), 'utf8'), 'mine');
  const back = await loadGallery(dir);
  assert.deepEqual(back.items.map((i) => i.id), ['a#0', 'b#1', 'c#2']);
  assert.deepEqual(Array.from(back.embeddings), [1, 0, 0, 1, 0.6000000238418579, 0.800000011920929]);
  back.dispose();
});

test('an item without an identity, a duplicate id, a NaN row, an unusable threshold or a foreign file name is refused at load', async (t) => {
  const dir = join(await root(t), 'g');
  await saveGallery(dir, twoItems());
  const jsonFile = join(dir, 'gallery.json');
  const good = JSON.parse(await readFile(jsonFile, 'utf8')) as Record<string, unknown> & { items: Record<string, unknown>[]; embeddingsFile: string };
  const write = (json: unknown) => writeFile(jsonFile, JSON.stringify(json));

  await write({ ...good, items: [good.items[0], { id: 'b#1', source: 'b.png' }] });
  await assert.rejects(loadGallery(dir), dataError(/items\[1\]\.identity/, /gallery\.json/, /non-empty string/));
  await write({ ...good, items: [good.items[0], { ...good.items[0] }] });
  await assert.rejects(loadGallery(dir), dataError(/items\[1\]\.id/, /items\[0\] has it/));
  await write({ ...good, calibration: { threshold: 'low', target: 'precision=0.99' } });
  await assert.rejects(loadGallery(dir), dataError(/finite number for calibration\.threshold/, /gallery\.json/, /reid calibrate/));
  const map = { kind: 'logistic', intercept: 1, slope: -2 };
  for (const probabilityThreshold of [1.5, 0, 'high', null]) {
    await write({ ...good, calibration: { threshold: 0.5, target: 'f1', probability: map, probabilityThreshold } });
    await assert.rejects(loadGallery(dir), dataError(/between 0 and 1, beside a probability map for calibration\.probabilityThreshold/, /gallery\.json/, /delete "probabilityThreshold"/));
  }
  await write({ ...good, calibration: { threshold: 0.5, target: 'f1', probabilityThreshold: 0.4 } }); // no map to read it from
  await assert.rejects(loadGallery(dir), dataError(/calibration\.probabilityThreshold/));
  await write({ ...good, calibration: { threshold: 0.5, target: 'f1', probability: map, probabilityThreshold: 0.4 } });
  const byProbability = await loadGallery(dir);
  assert.equal(byProbability.calibration?.probabilityThreshold, 0.4);
  byProbability.dispose();
  await write({ ...good, calibration: { threshold: null, target: 'precision=0.99' } }); // an old -Infinity: not calibrated
  const uncalibrated = await loadGallery(dir);
  assert.equal(uncalibrated.calibration, null);
  uncalibrated.dispose();
  await write({ ...good, embeddingsFile: '../../etc/passwd' });
  await assert.rejects(loadGallery(dir), dataError(/embeddingsFile/));

  await write(good);
  await saveSafetensors(join(dir, good.embeddingsFile), { embeddings: { dtype: 'F32', shape: [2, dim], data: Float32Array.from([1, 0, Number.NaN, 1]) } });
  await assert.rejects(loadGallery(dir), dataError(/row 1 of .*embeddings-[0-9a-f]{16}\.safetensors/, /items\[1\], id "b#1"/));
});

test('a gallery in the old layout (embeddings.safetensors, version 1) opens, and its next save moves it to the new one', async (t) => {
  const dir = join(await root(t), 'g');
  await mkdir(dir);
  await saveSafetensors(join(dir, 'embeddings.safetensors'), { embeddings: { dtype: 'F32', shape: [2, dim], data: Float32Array.from([1, 0, 0, 1]) } });
  await writeFile(join(dir, 'gallery.json'), JSON.stringify({ format: 'reid-gallery', formatVersion: 1, dim, modelFingerprint: 'fp', calibration: null, items: [item('star#0'), item('star#1')] }));
  await writeFile(join(dir, 'notes.txt'), 'mine');
  const old = await loadGallery(dir);
  assert.equal(old.size, 2);
  old.dispose();
  await updateGallery(dir, (g) => {
    g.remove(['star#0']);
    g.enroll('star', Float32Array.from([0.6, 0.8]), ['new.png']);
  });
  const names = (await readdir(dir)).sort();
  assert.equal(names.length, 3);
  assert.ok(!names.includes('embeddings.safetensors'), names.join());
  const back = await loadGallery(dir);
  assert.deepEqual(back.items.map((i) => i.id), ['star#1', 'star#2']);
  back.dispose();
});

test('an old crash mid-swap (gallery only in .G.backup): readers read it without moving it; the next update restores it, all items kept', async (t) => {
  const parent = await root(t);
  const dir = join(parent, 'g');
  const g = new Gallery({ dim, modelFingerprint: 'fp', items: Array.from({ length: 50 }, (_, i) => item(`x#${i}`)), embeddings: new Float32Array(100).fill(0.5) });
  await saveGallery(dir, g);
  await rename(dir, join(parent, '.g.backup'));
  assert.equal(await galleryExists(dir), true);
  const read = await loadGallery(dir);
  assert.equal(read.size, 50);
  read.dispose();
  assert.deepEqual(await readdir(parent), ['.g.backup'], 'the reader moved nothing');
  await updateGallery(dir, (gallery) => void gallery.enroll('new', Float32Array.from([1, 0]), ['n.png']));
  assert.deepEqual(await readdir(parent), ['g']);
  const back = await loadGallery(dir);
  assert.equal(back.size, 51);
  assert.equal(back.identities().get('new'), 1);
  back.dispose();
});

test('updateGallery on a missing gallery creates nothing (unless asked to), and a throwing change writes nothing', async (t) => {
  const parent = await root(t);
  const dir = join(parent, 'none');
  await assert.rejects(updateGallery(dir, () => undefined), dataError(/none\/gallery\.json/, /missing/));
  assert.deepEqual(await readdir(parent), []);
  await updateGallery(dir, (g) => void g.enroll('a', Float32Array.from([1, 0]), ['a.png']), { create: () => new Gallery({ dim, modelFingerprint: 'fp' }) });
  const before = await readFile(join(dir, 'gallery.json'), 'utf8');
  await assert.rejects(updateGallery(dir, (g) => g.renameIdentity('nobody', 'x')), /nobody/);
  assert.equal(await readFile(join(dir, 'gallery.json'), 'utf8'), before);
  await assert.rejects(updateGallery(dir, () => undefined, { model: { fingerprint: 'other', dim } }), dataError(/built with model fp/));
});

test('a probability map travels with the calibration; a damaged one is refused naming calibration.probability', async (t) => {
  const dir = join(await root(t), 'g');
  const g = twoItems();
  g.calibration = { threshold: 0.4, target: 'false-match-rate=0.05', precision: 0.9, recall: 0.8, queries: 10, calibratedAt: 'now', probability: { kind: 'logistic', intercept: 3, slope: -6 } };
  await saveGallery(dir, g);
  const back = await loadGallery(dir);
  assert.deepEqual(back.calibration?.probability, { kind: 'logistic', intercept: 3, slope: -6 });
  const file = join(dir, 'gallery.json');
  const json = JSON.parse(await readFile(file, 'utf8')) as { calibration: { probability: unknown } };
  json.calibration.probability = { kind: 'isotonic', distances: [0.1, 0.2], probabilities: [1.5, 0] };
  await writeFile(file, JSON.stringify(json));
  await assert.rejects(loadGallery(dir), dataError(/calibration\.probability/, /gallery\.json/));
});

test('a spread ranking travels with the calibration; a damaged one is refused naming calibration.ranking, in a gallery and in a model bundle', async (t) => {
  const dir = join(await root(t), 'g');
  const g = twoItems();
  const ranking = { kind: 'spread' as const, shrinkage: 16, priorVariance: 0.2 };
  g.calibration = { threshold: 0.4, target: 'balanced-accuracy', precision: 0.9, recall: 0.8, queries: 10, calibratedAt: 'now', ranking };
  await saveGallery(dir, g);
  const back = await loadGallery(dir);
  assert.deepEqual(back.calibration?.ranking, ranking);
  assert.equal(back.defaultScoring().kind, 'spreadRanked');
  back.dispose();
  const file = join(dir, 'gallery.json');
  for (const bad of [{ ...ranking, priorVariance: 0 }, { ...ranking, shrinkage: Number.NaN }, { kind: 'nearest' }]) {
    const json = JSON.parse(await readFile(file, 'utf8')) as { calibration: { ranking: unknown } };
    json.calibration.ranking = bad;
    await writeFile(file, JSON.stringify(json));
    await assert.rejects(loadGallery(dir), dataError(/calibration\.ranking/, /gallery\.json/));
  }
  const modelDir = join(await root(t), 'model');
  manualSeed(1);
  const model = new EmbeddingNet({ arch: 'small', dim: 4 });
  await saveModelBundle(modelDir, model, { preprocessing: { channels: 1, height: 28, width: 28, mean: [0.13], std: [0.31], glyph: false }, recipe: {}, seed: 1, trainedIdentities: [], metrics: {} });
  model.dispose();
  const config = join(modelDir, 'model.json');
  const json = JSON.parse(await readFile(config, 'utf8')) as Record<string, unknown>;
  await writeFile(config, JSON.stringify({ ...json, calibration: { threshold: 0.5, target: 't', precision: 1, recall: 1, queries: 1, calibratedAt: 'now', ranking: { kind: 'spread', shrinkage: -1, priorVariance: 0.2 } } }));
  await assert.rejects(loadModelBundle(modelDir), dataError(/calibration\.ranking/, /model\.json/));
});
