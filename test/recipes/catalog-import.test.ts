// Imports from a dataset spec (here `synth:`, generated patterned individuals): images stored as
// PNGs under their hash, identities kept, a second run adds nothing; bad specs and splits refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../src/catalog/index.ts';
import { catalogImport } from '../../src/recipes/catalog-import.ts';
import { catalogInit, openCatalogSession } from '../../src/recipes/catalog-session.ts';
import { ArgumentError } from '../../src/util/errors.ts';
import { modelDir, tempDir } from '../catalog/catalog-fixture.ts';

test('synth:spots:2@test imports its sightings with their identities, once', async (t) => {
  const root = tempDir('import');
  const dir = join(root, 'cat');
  await catalogInit({ dir, modelDir });
  const session = await openCatalogSession(dir);
  t.after(async () => {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  });
  const first = await catalogImport(session, { from: 'synth:spots:2@test', quiet: true, batchSize: 3 });
  assert.deepEqual(first, { listed: 8, added: 8, skipped: 0, queued: 0 });
  const c = session.catalog;
  assert.deepEqual(c.individuals().map((i) => [i.name, i.sightingCount]), [['spots-0', 4], ['spots-1', 4]]);
  for (const s of c.sightings()) {
    assert.equal(s.imageExt, 'png');
    assert.equal(sha256Hex(readFileSync(c.imageFile(s))), s.imageHash);
    assert.match(String(s.fields.source), /^synth:spots/);
  }
  assert.equal(c.embeddings().sightings.length, 8);
  assert.deepEqual(await catalogImport(session, { from: 'synth:spots:2@test', quiet: true }), { listed: 8, added: 0, skipped: 8, queued: 0 });
  await assert.rejects(catalogImport(session, { from: 'synth:spots:2@nope', quiet: true }), (e: unknown) => e instanceof ArgumentError && /one of train, test/.test(e.message));
  await assert.rejects(catalogImport(session, { from: 'nonsense', quiet: true }), (e: unknown) => e instanceof ArgumentError && /folder:DIR, csv:FILE or a dataset spec/.test(e.message));
});
