// A wrong import taken back, as a user meets it (real images, the shipped glyph model): one undo
// takes back every batch of the import; the state tables, the image store and the exports equal
// those before it; the source folder is untouched; a file another sighting still names stays;
// running the same import again adds it all again; killed inside the undo, nothing is half-undone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, sha256Hex } from '../../src/catalog/index.ts';
import { catalogAdd } from '../../src/recipes/catalog-add.ts';
import { catalogExportText, parseOccasion } from '../../src/recipes/catalog-export.ts';
import { catalogImport } from '../../src/recipes/catalog-import.ts';
import { catalogInit, openCatalogSession } from '../../src/recipes/catalog-session.ts';
import { folderCatalogue, modelDir, newSightings, tempDir } from './catalog-fixture.ts';

const files = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).filter((f) => /\.(png|jpg)$/.test(f)).sort() : []);
const fileHashes = (dir: string): string[] => files(dir).map((f) => `${f} ${sha256Hex(readFileSync(join(dir, f)))}`);
const timeless = (c: Catalog): string => JSON.stringify(c.dump(), (key, value: unknown) => (key === 'created' || key === 'computed' ? 'T' : value));

function exports(c: Catalog): string[] {
  return [
    catalogExportText(c, { format: 'csv' }).text,
    catalogExportText(c, { format: 'capture-history', occasion: parseOccasion('day') }).text,
    catalogExportText(c, { format: 'capture-history', occasion: parseOccasion('year') }).text,
  ];
}

test('a wrong folder imported in batches: one undo takes it all back (rows, files, exports); the same import runs again', async (t) => {
  const root = tempDir('import-undo');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const right = await folderCatalogue(join(root, 'right'), { perIndividual: 2, classes: ['star', 'heart'] });
  const wrong = await folderCatalogue(join(root, 'wrong'), { perIndividual: 3, classes: ['star', 'triangle', 'moon'], seed: 5 });
  const dir = join(root, 'cat');
  await catalogInit({ dir, modelDir });
  const session = await openCatalogSession(dir);
  t.after(() => session.close());
  const c = session.catalog;
  await catalogImport(session, { from: `folder:${right}`, quiet: true });
  const [queued] = await newSightings(join(root, 'new'), 'heart', 1);
  await catalogAdd(session, [{ image: queued!, date: '2024-06-01' }]);
  const before = { dump: JSON.stringify(c.dump()), images: fileHashes(join(dir, 'images')), exports: exports(c), source: fileHashes(wrong) };

  const imported = await catalogImport(session, { from: `folder:${wrong}`, quiet: true, batchSize: 4 });
  assert.deepEqual(imported, { listed: 9, added: 9, skipped: 0, queued: 0 });
  const batches = c.events({ limit: 10 }).filter((e) => e.kind === 'import' && e.undoable && e.payload.run === c.events({ limit: 1 })[0]!.payload.run);
  assert.equal(batches.length, 3, 'three batches of at most 4, one run (the earlier import is another)');
  const after = { dump: timeless(c), images: fileHashes(join(dir, 'images')), exports: exports(c) };
  assert.equal(after.images.length, before.images.length + 9);

  const r = c.undo('field-lead')!;
  assert.equal(r.description, `import of 9 sightings (events ${batches.map((b) => b.id).sort((a, b) => a - b).join(', ')})`);
  assert.equal(r.imagesRemoved, 9);
  assert.equal(JSON.stringify(c.dump()), before.dump, 'state tables exactly as before the import');
  assert.deepEqual(fileHashes(join(dir, 'images')), before.images, 'the image store as before');
  assert.deepEqual(exports(c), before.exports, 'the CSV and the capture histories as before');
  assert.deepEqual(fileHashes(wrong), before.source, 'the folder imported from is untouched');
  assert.deepEqual(c.check(), []);
  assert.equal(c.individuals().map((i) => i.name).join(','), 'heart,star');

  // The same import again: every row and file back, the same as the first time but for times.
  assert.deepEqual(await catalogImport(session, { from: `folder:${wrong}`, quiet: true, batchSize: 4 }), imported);
  assert.equal(timeless(c), after.dump);
  assert.deepEqual(fileHashes(join(dir, 'images')), after.images);
  assert.deepEqual(exports(c), after.exports);
  for (const s of c.sightings()) assert.equal(sha256Hex(readFileSync(c.imageFile(s))), s.imageHash, 'each row has its file');
});

test('an image file another sighting still names stays when its batch is undone; it goes with the last one', async (t) => {
  const root = tempDir('import-undo-shared');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const known = await folderCatalogue(join(root, 'known'), { perIndividual: 2, classes: ['star'] });
  const dir = join(root, 'cat');
  await catalogInit({ dir, modelDir });
  const session = await openCatalogSession(dir);
  t.after(() => session.close());
  const c = session.catalog;
  await catalogImport(session, { from: `folder:${known}`, quiet: true });
  // An add of a photo, then an import (CSV) of a crop of the same photo: two sightings, one file.
  const [photo] = await newSightings(join(root, 'new'), 'heart', 1);
  const added = await catalogAdd(session, [{ image: photo! }]);
  const csvDir = join(root, 'csv');
  mkdirSync(csvDir);
  copyFileSync(photo!, join(csvDir, 'p.png'));
  writeFileSync(join(csvDir, 'list.csv'), 'path,identity,crop_x,crop_y,crop_w,crop_h\np.png,heart,2,2,20,20\n');
  const cropped = await catalogImport(session, { from: `csv:${join(csvDir, 'list.csv')}`, quiet: true });
  assert.equal(cropped.added, 1);
  const file = c.imageFile(added.added[0]!);
  const importEvent = c.events({ limit: 5 }).find((e) => e.kind === 'import')!;
  assert.ok(importEvent.id > added.event!);

  // The add, out of order (nothing depends on it): its row goes, the file stays for the crop.
  const r = c.undo('me', { event: added.event! })!;
  assert.deepEqual([r.kind, r.sightings, r.imagesRemoved], ['add', 1, 0]);
  assert.ok(existsSync(file), 'still named by the imported crop');
  assert.equal(c.sightings().filter((s) => s.imageHash === added.added[0]!.imageHash).length, 1);
  // The import of the crop: now nothing names the file, so it goes.
  const last = c.undo('me')!;
  assert.deepEqual([last.undone, last.imagesRemoved], [importEvent.id, 1]);
  assert.ok(!existsSync(file));
  assert.ok(existsSync(photo!), 'never the file it was added from');
  assert.deepEqual(c.check(), []);
});

test('killed inside an undo of an import run: the catalogue is wholly as before the undo; undone again, wholly gone', async (t) => {
  const root = tempDir('import-undo-crash');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const source = await folderCatalogue(join(root, 'source'), { perIndividual: 2, classes: ['star', 'heart', 'moon'] });
  const dir = join(root, 'cat');
  await catalogInit({ dir, modelDir });
  const session = await openCatalogSession(dir);
  await catalogImport(session, { from: `folder:${source}`, quiet: true, batchSize: 2 });
  const before = JSON.stringify(session.catalog.dump());
  const images = fileHashes(join(dir, 'images'));
  await session.close();

  // Stopped inside the second of its three undo events (rows deleted, COMMIT not run), then SIGKILLed.
  const child = new URL('./crash-child.ts', import.meta.url).pathname;
  const output = await new Promise<string>((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, 'undo', dir, '2'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    p.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('in-transaction')) p.kill('SIGKILL');
    });
    p.on('error', fail);
    p.on('close', () => done(text));
  });
  assert.match(output, /in-transaction/);
  assert.doesNotMatch(output, /undid/);
  const c = Catalog.open(dir);
  t.after(() => c.close());
  assert.equal(JSON.stringify(c.dump()), before, 'no row of the import missing');
  assert.deepEqual(fileHashes(join(dir, 'images')), images, 'no file removed before the undo committed');
  assert.ok(c.events({ limit: 1 })[0]!.kind === 'import', 'no undo event written');
  const r = c.undo()!;
  assert.equal(r.sightings, 6);
  assert.equal(c.sightings().length, 0);
  assert.deepEqual(files(join(dir, 'images')), []);
  assert.deepEqual(c.check(), []);
});
