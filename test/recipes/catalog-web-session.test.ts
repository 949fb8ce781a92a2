// A running server (`reid serve --catalog`) sees what another process did to its catalogue: a
// rename or an undo made with the CLI is in the server's next answer, not only after a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Catalog } from '../../src/catalog/index.ts';
import { openCatalogWeb } from '../../src/recipes/catalog-web-open.ts';
import { glyphCatalog, glyphPng } from '../web/catalog/helpers/glyph-catalog.ts';

test('the web session reloads after another connection renames an individual and undoes the import', { timeout: 120_000 }, async () => {
  const { root, dir } = await glyphCatalog(['star', 'heart'], { perClass: 2 });
  const session = await openCatalogWeb({ dir, threads: 1 });
  try {
    const star = await glyphPng('star', 3);
    assert.deepEqual(session.individuals().map((i) => i.name).sort(), ['heart', 'star']);
    const before = await session.identify(star);
    assert.equal(before.candidates[0]?.individual.name, 'star');
    const image = session.individuals().find((i) => i.name === 'star')!.thumbnail!;
    assert.ok(await session.image(image));

    const other = Catalog.open(dir);
    try {
      other.rename('star', 'Stella', 'cli');
    } finally {
      other.close();
    }
    assert.deepEqual(session.individuals().map((i) => i.name).sort(), ['Stella', 'heart']);
    assert.equal((await session.identify(star)).candidates[0]?.individual.name, 'Stella');

    const again = Catalog.open(dir);
    try {
      assert.ok(again.undo('cli'), 'the import is the newest change left to undo after the rename');
      assert.ok(again.undo('cli'));
    } finally {
      again.close();
    }
    assert.deepEqual(session.individuals(), []);
    const after = await session.identify(star);
    assert.deepEqual(after.candidates, [], 'no individual is left to be a candidate');
    assert.equal(await session.image(image), undefined, 'the undone import took its images');
  } finally {
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
});
