// Candidates for waiting sightings: ranked by identity centroid over the confirmed sightings,
// with the model's calibrated probabilities, or verdict "uncalibrated" and no probability when
// the model has no calibration; the top k are stored, not cut at a threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogAdd } from '../../src/recipes/catalog-add.ts';
import { catalogImport } from '../../src/recipes/catalog-import.ts';
import { catalogInit, openCatalogSession } from '../../src/recipes/catalog-session.ts';
import { folderCatalogue, modelDir, newSightings, tempDir } from '../catalog/catalog-fixture.ts';

async function queuedStar(root: string, model: string, name: string) {
  const dir = join(root, `cat-${name}`);
  await catalogInit({ dir, modelDir: model });
  const session = await openCatalogSession(dir);
  await catalogImport(session, { from: `folder:${join(root, 'old')}`, quiet: true });
  const stars = await newSightings(join(root, 'new'), 'star', 1);
  const added = await catalogAdd(session, [{ image: stars[0]! }], { top: 2 });
  return { session, sighting: added.added[0]!.id };
}

test('calibrated model: probabilities in [0, 1] and a verdict; uncalibrated copy: verdict "uncalibrated", no probability, same ranking', async (t) => {
  const root = tempDir('match');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  // A star seen 8 times, a heart and a triangle twice: centroid scoring does not favour the star.
  await folderCatalogue(join(root, 'old'), { perIndividual: 2, classes: ['heart', 'triangle'] });
  await folderCatalogue(join(root, 'old'), { perIndividual: 8, classes: ['star'], seed: 3 });
  const bare = join(root, 'uncalibrated-model');
  mkdirSync(bare);
  copyFileSync(join(modelDir, 'model.safetensors'), join(bare, 'model.safetensors'));
  const config = JSON.parse(readFileSync(join(modelDir, 'model.json'), 'utf8')) as Record<string, unknown>;
  delete config.calibration;
  writeFileSync(join(bare, 'model.json'), JSON.stringify(config));

  const calibrated = await queuedStar(root, modelDir, 'calibrated');
  const uncalibrated = await queuedStar(root, bare, 'uncalibrated');
  try {
    const withP = calibrated.session.catalog.queue()[0]!;
    assert.notEqual(withP.matching!.verdict, 'uncalibrated');
    assert.equal(withP.candidates.length, 2, 'top k stored (k = 2 here)');
    for (const c of withP.candidates) assert.ok(c.probability !== null && c.probability >= 0 && c.probability <= 1);
    assert.ok(withP.candidates[0]!.probability! > withP.candidates[1]!.probability!);
    const without = uncalibrated.session.catalog.queue()[0]!;
    assert.equal(without.matching!.verdict, 'uncalibrated');
    assert.ok(without.candidates.every((c) => c.probability === null));
    const names = (entry: typeof withP, s: typeof calibrated.session) => entry.candidates.map((c) => s.catalog.individualById(c.individual).name);
    assert.deepEqual(names(without, uncalibrated.session), names(withP, calibrated.session));
    assert.equal(names(withP, calibrated.session)[0], 'star');
    assert.deepEqual(Object.keys(withP.candidates[0]!.scores).sort(), ['embeddingDistance', 'nearestSightingDistance']);
    const heart = await newSightings(join(root, 'new-heart'), 'heart', 1);
    const added = await catalogAdd(calibrated.session, [{ image: heart[0]! }]);
    const ranked = calibrated.session.catalog.candidates(added.added[0]!.id);
    assert.equal(calibrated.session.catalog.individualById(ranked[0]!.individual).name, 'heart', 'the heart seen twice outranks the star seen 8 times');
  } finally {
    await calibrated.session.close();
    await uncalibrated.session.close();
  }
});
