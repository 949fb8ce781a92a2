// `reid catalog undo DIR [--event N] [--list]` as a user runs it: the printed line says what was
// undone; the review's z key stops at an import or add; refusals are one line on stderr, exit code 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../../src/catalog/index.ts';
import { folderCatalogue, newSightings, reidCatalog as reid, reidCatalogOk as ok, tempDir } from './catalog-fixture.ts';

const imageCount = (dir: string): number => readdirSync(join(dir, 'images'), { recursive: true }).map(String).filter((f) => f.endsWith('.png')).length;

test('reid catalog undo: says what it undid, lists what can be undone, refuses in one line', async (t) => {
  const root = tempDir('undo-cli');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const dir = join(root, 'cat');
  const source = await folderCatalogue(join(root, 'old'), { perIndividual: 2 });
  const [photo] = await newSightings(join(root, 'new'), 'star', 1);
  ok(['init', dir, '--model', 'glyph-general']);
  ok(['import', dir, '--from', `folder:${source}`, '--quiet']);
  ok(['add', dir, photo!, '--date', '2024-05-01']);
  assert.equal(imageCount(dir), 7);

  const list = ok(['undo', dir, '--list']);
  assert.match(list, /^\* \S+ tester: add of 1 sighting \(event 3\)$/m);
  assert.match(list, /^  \S+ tester: match of 1 sighting \(event 4\)$/m, 'a matching is not undone by itself');
  assert.match(list, /^\* \S+ tester: import of 6 sightings \(event 2\)$/m);

  // The review's undo key takes back the reviewer's changes, not the add.
  const review = ok(['review', dir, '--no-rematch'], 'z\nq\n');
  assert.match(review, /nothing of the review to undo: the newest change is the add of 1 sighting \(event 3\) \(reid catalog undo DIR takes it back\)/);

  const refusal = reid(['undo', dir, '--event', '1']);
  assert.equal(refusal.code, 1);
  assert.match(refusal.stderr, /Catalog\.undo: expected an import or add for event but event 1 is a init/);
  assert.equal(refusal.stderr.trim().split('\n').length, 1, refusal.stderr);

  assert.equal(ok(['undo', dir]).trim(), 'undid add of 1 sighting (event 3); 1 image file it stored removed; 0 waiting for review, 3 individuals');
  assert.equal(ok(['undo', dir]).trim(), 'undid import of 6 sightings (event 2); 6 image files it stored removed; 0 waiting for review, 0 individuals');
  assert.equal(ok(['undo', dir]).trim(), 'nothing to undo');
  assert.equal(imageCount(dir), 0);
  const c = Catalog.open(dir, { readonly: true });
  t.after(() => c.close());
  assert.equal(c.sightings().length, 0);
  assert.deepEqual(c.check(), []);
  // The same import again adds everything back.
  assert.match(ok(['import', dir, '--from', `folder:${source}`, '--quiet']), /imported 6 of 6 sightings \(0 already in the catalogue/);
  assert.equal(imageCount(dir), 6);
});
