import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DataError } from '../../src/util/errors.ts';
import { openCsvManifest } from '../../src/data/csv-manifest.ts';

async function manifestRoot(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'reid-manifest-'));
  mkdirSync(join(root, 'img'));
  for (const [name, grey] of [['a.png', 10], ['b.png', 200]] as const) {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: { r: grey, g: grey, b: grey } } }).png().toBuffer();
    writeFileSync(join(root, 'img', name), png);
  }
  return root;
}

test('a 40,000-row manifest opens with every row in its split, in order, with the right identity', async () => {
  const root = await manifestRoot();
  const rows = ['path,identity,split'];
  for (let i = 0; i < 40_000; i++) rows.push(`img/${i % 2 ? 'b' : 'a'}.png,id-${i % 7},${i % 4 === 3 ? 'test' : 'train'}`);
  const file = join(root, 'big.csv');
  writeFileSync(file, rows.join('\n') + '\n');
  const { splits, identities } = await openCsvManifest(file, { channels: 1, height: 2, width: 2, preload: false });
  assert.deepEqual(identities, ['id-0', 'id-1', 'id-2', 'id-3', 'id-4', 'id-5', 'id-6']);
  assert.equal(splits.train!.length, 30_000);
  assert.equal(splits.test!.length, 10_000);
  // Row i of split "test" is manifest row 4i + 3: identity (4i + 3) mod 7, file b.png (odd).
  for (const i of [0, 1, 4321, 9999]) {
    assert.equal(splits.test!.identities[splits.test!.labels[i]!], `id-${(4 * i + 3) % 7}`);
    assert.equal(splits.test!.source(i), join(root, 'img', 'b.png'));
  }
  // Row j of split "train" is manifest row j + floor(j / 3).
  for (const j of [0, 1, 2, 3, 29_999]) {
    const row = j + Math.floor(j / 3);
    assert.equal(splits.train!.identities[splits.train!.labels[j]!], `id-${row % 7}`);
    assert.equal(splits.train!.source(j), join(root, 'img', row % 2 ? 'b.png' : 'a.png'));
  }
  assert.deepEqual(Array.from(await splits.test!.read(9999)), [200, 200, 200, 200]);
});

test('malformed quoting in a manifest is refused with the file and the line, not read leniently', async () => {
  const root = await manifestRoot();
  const file = join(root, 'bad.csv');
  writeFileSync(file, 'path,identity\nimg/a.png,x\n"img/a"b.png,y\n');
  await assert.rejects(openCsvManifest(file, { channels: 1, height: 2, width: 2 }), (e: unknown) =>
    e instanceof DataError && e.message.includes(file) && /line 3/.test(e.message) && /closing quote/.test(e.message) && !e.message.includes('\n'));
  const open = join(root, 'open.csv');
  writeFileSync(open, 'path,identity\n"img/a.png,x\n');
  await assert.rejects(openCsvManifest(open), (e: unknown) => e instanceof DataError && e.message.includes(open) && /line 2/.test(e.message));
});
