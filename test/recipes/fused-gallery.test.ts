// The fused matcher through the recipes: a photo model's gallery stores local features by default
// (a glyph model's does not), identify re-ranks and --explain writes real match pictures and a
// report; calibrate --matcher fused fits the fused part, refuses an unreachable target and keeps the
// old; the matcher calibration on hand-made queries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { defaultMatcherFor, loadGallery, updateGallery } from '../../src/gallery/index.ts';
import { EmbeddingNet } from '../../src/nn/index.ts';
import { buildGallery, calibrateRun, enrollInGallery, explainIdentifications, fitMatcherCalibration, identifyRun, synthRun } from '../../src/recipes/index.ts';
import { manualSeed } from '../../src/tensor/index.ts';
import { saveModelBundle } from '../../src/train/index.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { glyphPreprocessing, saveTinyBundle } from './helpers/gallery-fixture.ts';

async function saveTinyPhotoBundle(dir: string): Promise<void> {
  manualSeed(3);
  const model = new EmbeddingNet({ arch: 'small', dim: 16, inChannels: 3, imageSize: 64 });
  try {
    await saveModelBundle(dir, model, { preprocessing: { channels: 3, height: 64, width: 64, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], glyph: false }, recipe: { note: 'untrained, for tests' }, seed: 3, trainedIdentities: [], metrics: {} });
  } finally {
    model.dispose();
  }
}

test('default matchers: fused for RGB or photo-network models, embedding for glyph models', () => {
  assert.equal(defaultMatcherFor({ preprocessing: glyphPreprocessing }), 'embedding');
  assert.equal(defaultMatcherFor({ arch: 'small', preprocessing: { channels: 3 } }), 'fused');
  assert.equal(defaultMatcherFor({ arch: 'photo', preprocessing: { channels: 1 } }), 'fused');
  assert.equal(defaultMatcherFor({ arch: 'small', preprocessing: { channels: 1 } }), 'embedding');
});

test('a photo gallery stores features, re-ranks, explains with real PNGs, and calibrates its fused part', { timeout: 240_000 }, async () => {
  const root = mkdtempSync(join(tmpdir(), 'reid-fused-'));
  const model = join(root, 'model');
  await saveTinyPhotoBundle(model);
  const photos = join(root, 'photos');
  await synthRun({ pattern: 'spots', individuals: 6, sightings: 3, out: photos, size: 96 });
  const gallery = join(root, 'g');
  await buildGallery({ modelDir: model, data: `folder:${photos}`, out: gallery, quiet: true });
  const built = await loadGallery(gallery);
  assert.equal(built.matcher, 'fused');
  assert.equal(built.features?.length, 18);
  assert.ok(built.features!.every((f) => f.keypoints.length > 0));
  built.dispose();
  // A glyph model's gallery stores none.
  const glyphModel = join(root, 'glyph-model');
  await saveTinyBundle(glyphModel);
  await buildGallery({ modelDir: glyphModel, data: 'glyphs:star,heart', split: 'test', out: join(root, 'glyph-g'), quiet: true });
  const glyph = await loadGallery(join(root, 'glyph-g'));
  assert.equal(glyph.features, null);
  assert.equal(glyph.matcher, 'embedding');
  glyph.dispose();

  const individuals = readdirSync(photos).filter((n) => n.startsWith('spots-')).sort();
  const query = join(photos, individuals[2]!, readdirSync(join(photos, individuals[2]!)).sort()[0]!);
  const [result] = await identifyRun({ galleryDir: gallery, images: [query], top: 3 });
  assert.equal(result!.matcher, 'fused');
  assert.equal(result!.identity, individuals[2], 'its own image matches itself by every inlier');
  assert.ok(result!.candidates.every((c) => c.inliers !== undefined && c.matchedItem !== undefined));
  const [embeddingOnly] = await identifyRun({ galleryDir: gallery, images: [query], matcher: 'embedding' });
  assert.equal(embeddingOnly!.candidates[0]!.inliers, undefined);

  const explainDir = join(root, 'explain');
  const explained = await explainIdentifications([result!], [query], { dir: explainDir });
  assert.equal(explained.pictures.length, 3);
  for (const p of explained.pictures) {
    const meta = await sharp(p.file).metadata();
    assert.equal(meta.format, 'png');
    assert.ok(meta.width! > 2 * 96 && meta.height! > 96, `${meta.width}×${meta.height}`);
  }
  const html = readFileSync(explained.report, 'utf8');
  assert.equal((html.match(/<img alt="[^"]*" src="data:image\/png;base64,/g) ?? []).length, 3);

  // Enrolling into a fused gallery stores the new images' features too.
  await enrollInGallery({ galleryDir: gallery, identity: 'extra', images: [query] });
  assert.equal((await loadGallery(gallery)).features?.length, 19);

  const before = (await loadGallery(gallery)).calibration;
  const known = { spec: `folder:${photos}`, label: '--known' };
  const strangers = join(root, 'strangers');
  await synthRun({ pattern: 'spots', individuals: 4, sightings: 2, first: 100, out: strangers, size: 96 });
  const unknown = { spec: `folder:${strangers}`, label: '--unknown' };
  // A verdict on the probability (as the shipped glyph model's) was fitted under the old map: refitting the embedding part drops it.
  await updateGallery(gallery, (g) => {
    g.calibration = { threshold: 0.5, target: 'test', precision: 1, recall: 1, queries: 1, calibratedAt: '', ...g.calibration, probability: g.calibration?.probability ?? { kind: 'logistic', intercept: 1, slope: -2 }, probabilityThreshold: 0.5 };
  });
  const fitted = await calibrateRun({ galleryDir: gallery, known, unknown, target: { kind: 'f1' }, matcher: 'fused', shortlist: 4, quiet: true });
  assert.equal(fitted.calibration.probabilityThreshold, undefined, 'the refitted embedding part decides by its own threshold');
  assert.equal((await loadGallery(gallery)).calibration?.probabilityThreshold, undefined);
  assert.ok(fitted.calibration.fused, 'the fused part is saved');
  assert.equal(fitted.calibration.fused!.shortlist, 4);
  assert.ok(fitted.calibration.fused!.probability.inliers >= 0 && fitted.calibration.fused!.probability.distance <= 0);
  assert.deepEqual((await loadGallery(gallery)).calibration?.fused, fitted.calibration.fused);
  assert.notDeepEqual(before, fitted.calibration);
  const [decided] = await identifyRun({ galleryDir: gallery, images: [query] });
  assert.ok(decided!.verdict !== 'uncalibrated' && decided!.probability !== undefined);
});

test('the matcher calibration: threshold on the re-ranked best probability, and an unreachable target refused', () => {
  const queries = [
    { truth: 'a', known: true, candidates: [{ identity: 'a', distance: 0.3, inliers: 40 }, { identity: 'b', distance: 0.9, inliers: 3 }] },
    { truth: 'b', known: true, candidates: [{ identity: 'b', distance: 0.4, inliers: 30 }, { identity: 'a', distance: 0.8, inliers: 5 }] },
    { truth: 'x', known: false, candidates: [{ identity: 'a', distance: 1.0, inliers: 4 }, { identity: 'b', distance: 1.1, inliers: 2 }] },
    { truth: 'y', known: false, candidates: [{ identity: 'b', distance: 0.95, inliers: 6 }, { identity: 'a', distance: 1.2, inliers: 1 }] },
  ];
  const fitted = fitMatcherCalibration(queries, { matcher: 'fused', target: { kind: 'precision', precision: 1 }, shortlist: 2, fittedOn: 'hand' });
  assert.ok(!('unreachable' in fitted));
  if ('unreachable' in fitted) return;
  assert.equal(fitted.fit.precision, 1);
  assert.equal(fitted.fit.recall, 1);
  assert.ok(fitted.calibration.threshold > 0 && fitted.calibration.threshold <= 1);
  // A wrong identity scored above every right one: precision 1 is out of reach.
  const confused = [...queries, { truth: 'c', known: false, candidates: [{ identity: 'a', distance: 0.1, inliers: 90 }] }];
  const refused = fitMatcherCalibration(confused, { matcher: 'fused', target: { kind: 'precision', precision: 1 }, shortlist: 2, fittedOn: 'hand' });
  assert.ok('unreachable' in refused && !refused.unreachable.reached);
  assert.throws(() => fitMatcherCalibration([queries[0]!].map((q) => ({ ...q, candidates: [q.candidates[0]!] })), { matcher: 'local', target: { kind: 'f1' }, shortlist: 2, fittedOn: 'hand' }), ArgumentError);
});
